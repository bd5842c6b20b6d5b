import Serialization
import Tensors

/// The dot product of two inputs, sample by sample, along one axis of each (Keras's `Dot`): for
/// `[batch, k]` inputs, `[batch, 1]`; in general the first input's axes, then the second's, less the
/// summed ones. With `normalize`, each input is first scaled to unit L2 norm along its axis, so the
/// result is the cosine similarity.
///
/// Axes count the batch axis (1 is a sample's first axis; -1 the last), as in Keras.
public final class Dot: MergeLayer {
    /// One axis for both inputs, or one for each.
    public let axes: [Int]
    public let normalize: Bool

    public init(axes: Int, normalize: Bool = false, name: String? = nil) {
        self.axes = [axes]
        self.normalize = normalize
        super.init(name: name)
    }

    public init(axes: [Int], normalize: Bool = false, name: String? = nil) {
        self.axes = axes
        self.normalize = normalize
        super.init(name: name)
    }

    /// Each input's summed axis, in the batched tensor.
    private func resolvedAxes(_ shapes: [Shape]) throws -> [Int] {
        guard shapes.count == 2 else {
            throw LayerError.invalidArgument("Dot '\(name)' takes exactly 2 inputs, not \(shapes.count)")
        }
        guard axes.count == 1 || axes.count == 2 else {
            throw LayerError.invalidArgument("Dot '\(name)': axes must be one axis or two (one per input), not \(axes)")
        }
        let pair = axes.count == 1 ? [axes[0], axes[0]] : axes
        return try zip(pair, shapes).map { axis, shape in
            try resolvedAxis(axis, sampleRank: shape.rank, argument: "axes")
        }
    }

    public override func outputShape(for inputShapes: [Shape]) throws -> Shape {
        let summed = try resolvedAxes(inputShapes)
        let (first, second) = (inputShapes[0], inputShapes[1])
        guard first[summed[0] - 1] == second[summed[1] - 1] else {
            throw LayerError.invalidArgument(
                "Dot '\(name)': axes \(axes) pair size \(first[summed[0] - 1]) (axis \(summed[0]) of \(first)) with size "
                    + "\(second[summed[1] - 1]) (axis \(summed[1]) of \(second)); they must be equal")
        }
        var dimensions = first.dimensions
        dimensions.remove(at: summed[0] - 1)
        var rest = second.dimensions
        rest.remove(at: summed[1] - 1)
        dimensions += rest
        return Shape(dimensions.isEmpty ? [1] : dimensions)
    }

    public override func call(_ inputs: [Tensor], training: Bool) throws -> Tensor {
        let shapes = inputs.map { Shape(Array($0.shape.dimensions.dropFirst())) }
        let output = try outputShape(for: shapes)
        let summed = try resolvedAxes(shapes)
        // Each input with its summed axis last: [batch, A…, k] and [batch, B…, k]; then broadcast to
        // [batch, A…, B…, k] and sum the last axis.
        var moved: [Tensor] = []
        for (input, axis) in zip(inputs, summed) {
            var x = normalize ? try Self.l2Normalized(input, axis: axis) : input
            let order = (0..<x.rank).filter { $0 != axis } + [axis]
            x = try x.permuted(order)
            moved.append(x)
        }
        let batch = inputs[0].shape[0]
        let a = Array(moved[0].shape.dimensions.dropFirst().dropLast())
        let b = Array(moved[1].shape.dimensions.dropFirst().dropLast())
        let k = moved[0].shape.dimensions.last ?? 1
        let left = try moved[0].reshaped(to: Shape([batch] + a + b.map { _ in 1 } + [k]))
        let right = try moved[1].reshaped(to: Shape([batch] + a.map { _ in 1 } + b + [k]))
        return try (left * right).sum(alongAxes: [a.count + b.count + 1]).reshaped(to: Shape([batch] + output.dimensions))
    }

    /// Keras's `normalize(x, axis)` for Dot: `x · min(1/‖x‖, 1/ε)` with Keras's epsilon 10⁻⁷, written as
    /// `x / √max(Σx², ε²)` so that a zero slice has a finite gradient.
    static func l2Normalized(_ x: Tensor, axis: Int) throws -> Tensor {
        try x / Tensor.maximum(try x.square().sum(alongAxes: [axis], keepingDimensions: true), 1e-14).sqrt()
    }

    public override func config() throws -> [String: JSONValue] {
        ["axes": axes.count == 1 ? .int(axes[0]) : .array(axes.map { .int($0) }), "normalize": .bool(normalize)]
    }
}
