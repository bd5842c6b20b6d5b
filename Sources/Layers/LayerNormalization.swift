import Serialization
import Tensors

/// Normalizes each sample over `axes` by its own mean and variance, then scales by `gamma` and shifts by
/// `beta` (Keras's `LayerNormalization`); the same in training and at inference.
///
/// `rmsScaling` is Keras's deprecated option: it divides by `√(variance + ε)` without subtracting the
/// mean and has no `beta`, exactly as Keras 3 computes it.
public final class LayerNormalization: Layer {
    /// The normalized axes, counting the batch axis (-1: the last).
    public let axes: [Int]
    public let epsilon: Float
    public let rmsScaling: Bool
    /// Whether `gamma` and `beta` exist, and their initializers, regularizers and constraints.
    public let affine: NormalizationAffine
    public private(set) var gamma: Parameter?
    public private(set) var beta: Parameter?

    public init(
        axis: Int = -1, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true, rmsScaling: Bool = false,
        name: String? = nil, inputShape: Shape? = nil
    ) {
        self.axes = [axis]
        self.epsilon = epsilon
        self.rmsScaling = rmsScaling
        self.affine = NormalizationAffine(center: center, scale: scale)
        super.init(name: name, inputShape: inputShape)
    }

    /// Normalizes over several axes (Keras's `axis=[…]`), with every option of the scale and offset.
    public init(
        axes: [Int], epsilon: Float = 1e-3, rmsScaling: Bool = false, affine: NormalizationAffine = NormalizationAffine(),
        name: String? = nil, inputShape: Shape? = nil
    ) {
        self.axes = axes
        self.epsilon = epsilon
        self.rmsScaling = rmsScaling
        self.affine = affine
        super.init(name: name, inputShape: inputShape)
    }

    public override var weights: [Parameter] { [gamma, beta].compactMap { $0 } }

    /// The axes of the batched tensor, sorted, for samples of rank `sampleRank`.
    private func resolvedAxes(sampleRank: Int) throws -> [Int] {
        guard !axes.isEmpty else { throw LayerError.invalidArgument("LayerNormalization '\(name)': axis must name at least one axis") }
        let resolved = try axes.map { try resolvedAxis($0, sampleRank: sampleRank, argument: "axis") }.sorted()
        guard Set(resolved).count == resolved.count else {
            throw LayerError.invalidArgument("LayerNormalization '\(name)': axis \(axes) names an axis twice")
        }
        return resolved
    }

    public override func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        guard epsilon > 0, epsilon.isFinite else {
            throw LayerError.invalidArgument("LayerNormalization '\(name)': epsilon must be positive, not \(epsilon)")
        }
        let shape = Shape(try resolvedAxes(sampleRank: inputShape.rank).map { inputShape[$0 - 1] })
        (gamma, beta) = try affine.makeParameters(
            shape: shape, withGamma: affine.scale || rmsScaling, withBeta: affine.center && !rmsScaling,
            trainable: isTrainable, using: &generator)
        try super.build(inputShape: inputShape, using: &generator)
    }

    public override func outputShape(for inputShape: Shape) throws -> Shape {
        _ = try resolvedAxes(sampleRank: inputShape.rank)
        return inputShape
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let normalized = try resolvedAxes(sampleRank: input.rank - 1)
        let sizes = Shape(normalized.map { input.shape[$0] })
        if let weight = gamma ?? beta, weight.shape != sizes {
            throw LayerError.incompatibleInput(layer: name, expected: "sizes \(weight.shape) on axes \(axes)", got: input.shape)
        }
        let weightShape = broadcastShape(rank: input.rank, axes: normalized, sizes: sizes)
        let mean = try input.mean(alongAxes: normalized, keepingDimensions: true)
        let variance = try (input - mean).square().mean(alongAxes: normalized, keepingDimensions: true)
        var inverse = 1 / (variance + epsilon).sqrt()
        if rmsScaling {
            let scaled = try input * inverse
            return try gamma.map { try scaled * $0.value.reshaped(to: weightShape) } ?? scaled
        }
        // Keras's order of operations: x · inv + (β − mean · inv), inv = γ / √(variance + ε).
        if let gamma { inverse = try inverse * gamma.value.reshaped(to: weightShape) }
        var shift = try 0 - mean * inverse
        if let beta { shift = try shift + beta.value.reshaped(to: weightShape) }
        return try input * inverse + shift
    }

    public override func regularizationLoss() throws -> Tensor? { try affine.penalty(gamma: gamma, beta: beta) }

    public override func config() throws -> [String: JSONValue] {
        var config = try affine.config()
        config["axis"] = .array(axes.map { .int($0) })
        config["epsilon"] = .float(epsilon)
        config["rms_scaling"] = .bool(rmsScaling)
        return config
    }
}
