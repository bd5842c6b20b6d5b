import Serialization
import Tensors

/// Scales each sample to unit L2 norm over `axes` (Keras's `UnitNormalization`):
/// `x / √max(Σx², 10⁻²⁴)`, which is Keras's `x · min(1/√Σx², 10¹²)`, so a zero slice stays zero.
public final class UnitNormalization: Layer {
    /// The axes the norm is taken over, counting the batch axis (-1: the last).
    public let axes: [Int]

    public init(axis: Int = -1, name: String? = nil, inputShape: Shape? = nil) {
        self.axes = [axis]
        super.init(name: name, inputShape: inputShape)
    }

    public init(axes: [Int], name: String? = nil, inputShape: Shape? = nil) {
        self.axes = axes
        super.init(name: name, inputShape: inputShape)
    }

    private func resolvedAxes(sampleRank: Int) throws -> [Int] {
        guard !axes.isEmpty else { throw LayerError.invalidArgument("UnitNormalization '\(name)': axis must name at least one axis") }
        let resolved = try axes.map { try resolvedAxis($0, sampleRank: sampleRank, argument: "axis") }
        guard Set(resolved).count == resolved.count else {
            throw LayerError.invalidArgument("UnitNormalization '\(name)': axis \(axes) names an axis twice")
        }
        return resolved
    }

    public override func outputShape(for inputShape: Shape) throws -> Shape {
        _ = try resolvedAxes(sampleRank: inputShape.rank)
        return inputShape
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let squares = try input.square().sum(alongAxes: try resolvedAxes(sampleRank: input.rank - 1), keepingDimensions: true)
        return try input / Tensor.maximum(squares, 1e-24).sqrt()
    }

    public override func config() throws -> [String: JSONValue] {
        ["axis": axes.count == 1 ? .int(axes[0]) : .array(axes.map { .int($0) })]
    }
}
