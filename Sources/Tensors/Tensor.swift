/// An n-dimensional array of `Float`, stored contiguously in row-major order, that can record the
/// operations applied to it so that `backward()` can differentiate through them.
///
/// A tensor's shape and scalars never change once made, except for a ``Parameter``'s value, which an
/// optimizer updates in place, and a tensor that nothing else holds, which a training loop may write again
/// (``refill(_:rows:_:)``) since nobody can see it change. Operations make new tensors; when gradients are being recorded (see
/// ``GradientMode``) and an input requires a gradient, the result remembers its inputs and the rule
/// that maps its gradient to theirs.
public final class Tensor {
    public let shape: Shape
    public internal(set) var scalars: [Float]
    /// Whether `backward()` computes a gradient for this tensor: set for leaves the caller marks
    /// (such as a parameter's value), and for every recorded result of such tensors.
    public let requiresGradient: Bool
    /// The gradient accumulated by `backward()`, for a leaf that requires one.
    public internal(set) var gradient: Tensor?
    /// The recorded operation that produced this tensor, if any.
    var node: Node?
    /// For the output of `softmax()` or `sigmoid()`, the logits it was computed from, so that a
    /// cross-entropy can work from them directly: faster, and finite for any logits.
    public internal(set) var logits: Tensor?
    /// Which function produced `logits`' probabilities.
    public internal(set) var logitsKind: LogitsKind?

    /// The activation whose logits a tensor remembers.
    public enum LogitsKind: Sendable { case softmax, sigmoid }

    /// Makes a tensor from scalars in row-major order.
    public init(_ scalars: [Float], shape: Shape, requiresGradient: Bool = false) throws {
        guard shape.dimensions.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidArgument(
                operation: "Tensor(_:shape:)",
                reason: "shape \(shape) has a negative size")
        }
        guard scalars.count == shape.elementCount else {
            throw TensorError.invalidArgument(
                operation: "Tensor(_:shape:)",
                reason: "\(scalars.count) scalars cannot fill shape \(shape), which holds \(shape.elementCount)")
        }
        self.shape = shape
        self.scalars = scalars
        self.requiresGradient = requiresGradient
    }

    /// Makes a tensor whose count the caller has already checked: for operations inside this module.
    init(unchecked scalars: [Float], shape: Shape, requiresGradient: Bool = false) {
        precondition(scalars.count == shape.elementCount, "NeuralKit bug: \(scalars.count) scalars for \(shape)")
        self.shape = shape
        self.scalars = scalars
        self.requiresGradient = requiresGradient
    }

    /// A rank-0 tensor.
    public convenience init(_ scalar: Float) {
        self.init(unchecked: [scalar], shape: [])
    }

    /// A rank-1 tensor.
    public convenience init(_ scalars: [Float]) {
        self.init(unchecked: scalars, shape: [scalars.count])
    }

    /// A rank-2 tensor from rows of equal length.
    public convenience init(_ rows: [[Float]]) throws {
        let width = rows.first?.count ?? 0
        guard let bad = rows.firstIndex(where: { $0.count != width }) else {
            self.init(unchecked: rows.flatMap { $0 }, shape: [rows.count, width])
            return
        }
        throw TensorError.invalidArgument(
            operation: "Tensor(_ rows:)",
            reason: "row \(bad) has \(rows[bad].count) values but row 0 has \(width); every row needs the same length")
    }

    public var rank: Int { shape.rank }
    public var elementCount: Int { scalars.count }

    /// The value of a tensor holding exactly one scalar.
    public var scalar: Float? { scalars.count == 1 ? scalars[0] : nil }

    /// The scalar at a full index, one entry per axis (negative entries count from the end).
    public subscript(index: Int...) -> Float {
        get throws {
            guard index.count == rank else {
                throw TensorError.invalidArgument(operation: "subscript", reason: "\(index.count) indices for a tensor of rank \(rank) (shape \(shape))")
            }
            var offset = 0
            for (axis, stride) in shape.strides.enumerated() {
                let position = index[axis] < 0 ? index[axis] + shape[axis] : index[axis]
                guard position >= 0 && position < shape[axis] else {
                    throw TensorError.invalidArgument(operation: "subscript", reason: "index \(index[axis]) is out of range for axis \(axis) of shape \(shape)")
                }
                offset += position * stride
            }
            return scalars[offset]
        }
    }

    /// The same values with no recorded history and no gradient: gradients stop here.
    public func detached() -> Tensor {
        Tensor(unchecked: scalars, shape: shape)
    }

    /// Rows of a rank-2 tensor as Swift arrays (for printing and tests).
    public var rows: [[Float]] {
        guard rank == 2 else { return [scalars] }
        let width = shape[1]
        return (0..<shape[0]).map { Array(scalars[($0 * width)..<(($0 + 1) * width)]) }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(preview)\(scalars.count > 8 ? ", …" : "")])"
    }
}
