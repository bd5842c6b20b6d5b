import Serialization
import Tensors

/// Repeats each sample vector `n` times: `[batch, features]` → `[batch, n, features]` (Keras's
/// `RepeatVector`).
public final class RepeatVector: Layer {
    public let n: Int

    public init(n: Int, name: String? = nil, inputShape: Shape? = nil) {
        self.n = n
        super.init(name: name, inputShape: inputShape)
    }

    public override func outputShape(for inputShape: Shape) throws -> Shape {
        guard n > 0 else { throw LayerError.invalidArgument("RepeatVector '\(name)': n must be a positive whole number, not \(n)") }
        guard inputShape.rank == 1 else {
            throw LayerError.incompatibleInput(layer: name, expected: "vectors, [batch, features]", got: Shape([-1] + inputShape.dimensions))
        }
        _ = try checkedElementCount([n, inputShape[0]], argument: "n")
        return [n, inputShape[0]]
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let sample = try outputShape(for: Shape(Array(input.shape.dimensions.dropFirst())))
        let batch = input.shape[0]
        return try input.reshaped(to: [batch, 1, sample[1]]).broadcasted(to: [batch, n, sample[1]])
    }

    public override func config() throws -> [String: JSONValue] { ["n": .int(n)] }
}
