import Serialization
import Tensors

/// Normalizes each feature along `axis` by the batch's mean and variance while training and by moving
/// averages of them at inference, then scales by `gamma` and shifts by `beta` (Keras's
/// `BatchNormalization`).
///
/// Every training call updates the moving statistics by Keras's rule,
/// `moving = moving · momentum + batch · (1 − momentum)`, with the batch's (biased) variance. A layer
/// with `isTrainable = false` runs in inference mode even inside `fit`, as in Keras 3.
public final class BatchNormalization: Layer {
    /// The feature axis, counting the batch axis (-1: the last).
    public let axis: Int
    public let momentum: Float
    public let epsilon: Float
    /// Whether `gamma` and `beta` exist, and their initializers, regularizers and constraints.
    public let affine: NormalizationAffine
    public let movingMeanInitializer: Initializer
    public let movingVarianceInitializer: Initializer
    public private(set) var gamma: Parameter?
    public private(set) var beta: Parameter?
    public private(set) var movingMean: Parameter?
    public private(set) var movingVariance: Parameter?

    /// `center` and `scale` say whether `beta` and `gamma` exist; `affine`, when given, sets them and the
    /// rest of their options (initializers, regularizers, constraints) instead.
    public init(
        axis: Int = -1, momentum: Float = 0.99, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
        affine: NormalizationAffine? = nil, movingMeanInitializer: Initializer = .zeros,
        movingVarianceInitializer: Initializer = .ones, name: String? = nil, inputShape: Shape? = nil
    ) {
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        var options = affine ?? NormalizationAffine()
        if affine == nil { (options.center, options.scale) = (center, scale) }
        self.affine = options
        self.movingMeanInitializer = movingMeanInitializer
        self.movingVarianceInitializer = movingVarianceInitializer
        super.init(name: name, inputShape: inputShape)
    }

    public override var weights: [Parameter] { [gamma, beta, movingMean, movingVariance].compactMap { $0 } }
    public override var trainableWeightNames: Set<String> { ["gamma", "beta"] }

    public override func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        guard momentum >= 0, momentum <= 1, momentum.isFinite else {
            throw LayerError.invalidArgument("BatchNormalization '\(name)': momentum must lie in [0, 1], not \(momentum)")
        }
        guard epsilon > 0, epsilon.isFinite else {
            throw LayerError.invalidArgument("BatchNormalization '\(name)': epsilon must be positive, not \(epsilon)")
        }
        let features = inputShape[try resolvedAxis(axis, sampleRank: inputShape.rank, argument: "axis") - 1]
        (gamma, beta) = try affine.makeParameters(
            shape: [features], withGamma: affine.scale, withBeta: affine.center, trainable: isTrainable, using: &generator)
        movingMean = Parameter(name: "moving_mean", value: try movingMeanInitializer.makeTensor([features], using: &generator), isTrainable: false)
        movingVariance = Parameter(
            name: "moving_variance", value: try movingVarianceInitializer.makeTensor([features], using: &generator), isTrainable: false)
        try super.build(inputShape: inputShape, using: &generator)
    }

    public override func outputShape(for inputShape: Shape) throws -> Shape {
        _ = try resolvedAxis(axis, sampleRank: inputShape.rank, argument: "axis")
        return inputShape
    }

    /// A moving variance is never negative: one that is would make the outputs NaN.
    public override func validateWeights(_ values: [Tensor]) throws {
        try super.validateWeights(values)
        if let variance = values.last, let negative = variance.scalars.firstIndex(where: { $0 < 0 }) {
            throw LayerError.invalidArgument(
                "BatchNormalization '\(name)': moving_variance \(variance.scalars[negative]) of feature \(negative) "
                    + "is negative; a variance cannot be (is the file corrupt?)")
        }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let movingMean, let movingVariance else { throw LayerError.notBuilt(layer: name) }
        let featureAxis = try resolvedAxis(axis, sampleRank: input.rank - 1, argument: "axis")
        guard input.shape[featureAxis] == movingMean.shape[0] else {
            throw LayerError.incompatibleInput(
                layer: name, expected: "\(movingMean.shape[0]) features on axis \(axis)", got: input.shape)
        }
        let statShape = broadcastShape(rank: input.rank, axes: [featureAxis], sizes: movingMean.shape)
        var mean = try movingMean.value.detached().reshaped(to: statShape)
        var variance = try movingVariance.value.detached().reshaped(to: statShape)
        if training && isTrainable {
            let reduction = (0..<input.rank).filter { $0 != featureAxis }
            mean = try input.mean(alongAxes: reduction, keepingDimensions: true)
            variance = try (input - mean).square().mean(alongAxes: reduction, keepingDimensions: true)
            try updateMovingStatistics(mean: mean.detached(), variance: variance.detached())
        }
        // Keras's order of operations: x · inv + (β − mean · inv), inv = γ / √(variance + ε).
        var inverse = 1 / (variance + epsilon).sqrt()
        if let gamma { inverse = try inverse * gamma.value.reshaped(to: statShape) }
        var shift = try 0 - mean * inverse
        if let beta { shift = try shift + beta.value.reshaped(to: statShape) }
        return try input * inverse + shift
    }

    private func updateMovingStatistics(mean: Tensor, variance: Tensor) throws {
        guard let movingMean, let movingVariance else { throw LayerError.notBuilt(layer: name) }
        let shape = movingMean.shape
        try movingMean.assign(movingMean.value.detached() * momentum + (try mean.reshaped(to: shape)) * (1 - momentum))
        try movingVariance.assign(movingVariance.value.detached() * momentum + (try variance.reshaped(to: shape)) * (1 - momentum))
    }

    public override func regularizationLoss() throws -> Tensor? { try affine.penalty(gamma: gamma, beta: beta) }

    public override func config() throws -> [String: JSONValue] {
        var config = try affine.config()
        config["axis"] = .int(axis)
        config["momentum"] = .float(momentum)
        config["epsilon"] = .float(epsilon)
        config["moving_mean_initializer"] = try movingMeanInitializer.kerasJSON()
        config["moving_variance_initializer"] = try movingVarianceInitializer.kerasJSON()
        config["synchronized"] = false
        config["renorm"] = false
        config["renorm_clipping"] = .null
        config["renorm_momentum"] = .float(0.99)
        return config
    }
}
