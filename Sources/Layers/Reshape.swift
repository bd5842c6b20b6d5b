import Serialization
import Tensors

/// Gives each sample a new shape with the same number of elements (Keras's `Reshape`); one size of
/// `targetShape` may be -1 and is then inferred.
public final class Reshape: Layer {
    /// The sample shape (no batch axis), with at most one -1.
    public let targetShape: [Int]

    public init(targetShape: [Int], name: String? = nil, inputShape: Shape? = nil) {
        self.targetShape = targetShape
        super.init(name: name, inputShape: inputShape)
    }

    public override func outputShape(for inputShape: Shape) throws -> Shape {
        let unknown = targetShape.filter { $0 == -1 }.count
        guard !targetShape.isEmpty, unknown <= 1, targetShape.allSatisfy({ $0 > 0 || $0 == -1 }) else {
            throw LayerError.invalidArgument(
                "Reshape '\(name)': target_shape \(targetShape) must list positive sizes, with at most one -1 to infer")
        }
        let known = try checkedElementCount(targetShape, argument: "target_shape")
        let count = inputShape.elementCount
        if unknown == 1 {
            guard count % known == 0 else {
                throw LayerError.invalidArgument(
                    "Reshape '\(name)': samples of shape \(inputShape) hold \(count) elements, which target_shape "
                        + "\(targetShape) cannot take: \(count) is not a multiple of \(known)")
            }
            return Shape(targetShape.map { $0 == -1 ? count / known : $0 })
        }
        guard known == count else {
            throw LayerError.invalidArgument(
                "Reshape '\(name)': samples of shape \(inputShape) hold \(count) elements, but target_shape "
                    + "\(targetShape) holds \(known); the sizes must multiply to the same number")
        }
        return Shape(targetShape)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let sample = try outputShape(for: Shape(Array(input.shape.dimensions.dropFirst())))
        return try input.reshaped(to: Shape([input.shape[0]] + sample.dimensions))
    }

    public override func config() throws -> [String: JSONValue] { ["target_shape": .array(targetShape.map { .int($0) })] }
}
