import Serialization
import Tensors

/// The mean of the squared errors over the last axis.
public final class MeanSquaredError: Loss, KerasBuiltIn {
    public init() { super.init(name: "mean_squared_error") }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }
    public override var kerasShortName: String? { name }
    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        try (yPred - matchingRank(yTrue, yPred)).square().mean(alongAxes: [yPred.rank - 1])
    }
}

/// The mean of the absolute errors over the last axis.
public final class MeanAbsoluteError: Loss, KerasBuiltIn {
    public init() { super.init(name: "mean_absolute_error") }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }
    public override var kerasShortName: String? { name }
    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        try (yPred - matchingRank(yTrue, yPred)).abs().mean(alongAxes: [yPred.rank - 1])
    }
}

/// The mean of the squared differences of `log(1 + x)`, with values clipped at 1e-7 from below.
public final class MeanSquaredLogarithmicError: Loss, KerasBuiltIn {
    public init() { super.init(name: "mean_squared_logarithmic_error") }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }
    public override var kerasShortName: String? { name }
    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let target = try matchingRank(yTrue, yPred)
        let first = (Tensor.maximum(yPred, Loss.epsilon) + 1).log()
        let second = (Tensor.maximum(target, Loss.epsilon) + 1).log()
        return try (first - second).square().mean(alongAxes: [yPred.rank - 1])
    }
}

/// Quadratic for errors up to `delta`, linear beyond: robust to outliers.
public final class Huber: Loss, KerasBuiltIn {
    /// Where the loss turns from quadratic to linear.
    public let delta: Float

    public init(delta: Float = 1) {
        self.delta = delta
        super.init(name: "huber_loss")
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        self.init(delta: try config.float("delta", in: "Huber", default: 1))
    }

    public override var kerasShortName: String? { delta == 1 ? "huber" : nil }
    public override func kerasConfig() throws -> [String: JSONValue] { try super.kerasConfig().merging(["delta": .float(delta)]) { $1 } }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let error = try yPred - matchingRank(yTrue, yPred)
        let absolute = error.abs()
        let quadratic = 0.5 * error.square(), linear = delta * absolute - 0.5 * delta * delta
        return try Tensor.where(absolute .<= delta, quadratic, linear).mean(alongAxes: [yPred.rank - 1])
    }
}
