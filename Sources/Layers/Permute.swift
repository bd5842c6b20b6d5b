import Serialization
import Tensors

/// Reorders the axes of each sample (Keras's `Permute`): `dims` is a permutation of 1…rank (the batch
/// axis is 0 and stays first), so `Permute(dims: [2, 1])` swaps a sample's two axes.
public final class Permute: Layer {
    public let dims: [Int]

    public init(dims: [Int], name: String? = nil, inputShape: Shape? = nil) {
        self.dims = dims
        super.init(name: name, inputShape: inputShape)
    }

    public override func outputShape(for inputShape: Shape) throws -> Shape {
        guard dims.sorted() == Array(1...Swift.max(dims.count, 1)) else {
            throw LayerError.invalidArgument(
                "Permute '\(name)': dims \(dims) must be a permutation of 1…\(dims.count) (axis 0, the batch, stays first)")
        }
        guard inputShape.rank == dims.count else {
            throw LayerError.incompatibleInput(layer: name, expected: "samples of rank \(dims.count) for dims \(dims)", got: inputShape)
        }
        return Shape(dims.map { inputShape[$0 - 1] })
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        _ = try outputShape(for: Shape(Array(input.shape.dimensions.dropFirst())))
        return try input.permuted([0] + dims)
    }

    public override func config() throws -> [String: JSONValue] { ["dims": .array(dims.map { .int($0) })] }
}
