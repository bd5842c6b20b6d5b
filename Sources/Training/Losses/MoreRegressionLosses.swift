import Foundation
import Serialization
import Tensors

/// `100 · mean(|y − ŷ| / max(|y|, 1e-7))` over the last axis.
public final class MeanAbsolutePercentageError: Loss, KerasBuiltIn {
    public init() { super.init(name: "mean_absolute_percentage_error") }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }
    public override var kerasShortName: String? { name }
    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let target = try matchingRank(yTrue, yPred)
        return try 100 * ((target - yPred) / Tensor.maximum(target.abs(), Loss.epsilon)).abs().mean(alongAxes: [yPred.rank - 1])
    }
}

/// `mean(log(cosh(ŷ − y)))` over the last axis, computed as `x + softplus(−2x) − log 2` so that large
/// errors do not overflow.
public final class LogCosh: Loss, KerasBuiltIn {
    public init() { super.init(name: "log_cosh") }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }
    public override var kerasShortName: String? { name }
    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let x = try yPred - matchingRank(yTrue, yPred)
        let doubled = -2 * x
        let softplus = try doubled.relu() + (-doubled.abs()).exp().log1p()
        return try (x + softplus - Float(Foundation.log(2.0))).mean(alongAxes: [yPred.rank - 1])
    }
}

/// The negative cosine of the angle between targets and predictions along `axis`: −1 when they point the
/// same way, 0 when orthogonal (vectors are normalized with Keras's lower bound of 1e-7 on the norm).
/// Along axis 0, as Keras allows, the values are per feature, and per-sample weights do not apply.
public final class CosineSimilarity: Loss, KerasBuiltIn {
    public let axis: Int

    public init(axis: Int = -1) {
        self.axis = axis
        super.init(name: "cosine_similarity")
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init(axis: try config.int("axis", in: "CosineSimilarity", default: -1)) }
    public override var kerasShortName: String? { axis == -1 ? name : nil }
    public override func kerasConfig() throws -> [String: JSONValue] { try super.kerasConfig().merging(["axis": .int(axis)]) { $1 } }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let target = try matchingRank(yTrue, yPred)
        let resolved = axis < 0 ? yPred.rank + axis : axis
        guard resolved >= 0, resolved < yPred.rank else {
            throw TrainingError.invalidArgument("\(name): axis \(axis) is not an axis of predictions of shape \(yPred.shape)")
        }
        func normalized(_ x: Tensor) throws -> Tensor {
            try x / Tensor.maximum(x.square().sum(alongAxes: [resolved], keepingDimensions: true), 1e-14).sqrt()
        }
        // One value per position left after the axis, as Keras's `cosine_similarity`: a timestep weight
        // (`(batch, steps)` for `(batch, steps, 1)` inputs) then weighs each step.
        return try -(normalized(target) * normalized(yPred)).sum(alongAxes: [resolved])
    }
}

/// `mean(ŷ − y · log(ŷ + 1e-7))` over the last axis: for counts.
public final class Poisson: Loss, KerasBuiltIn {
    public init() { super.init(name: "poisson") }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }
    public override var kerasShortName: String? { name }
    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let target = try matchingRank(yTrue, yPred)
        return try (yPred - target * (yPred + Loss.epsilon).log()).mean(alongAxes: [yPred.rank - 1])
    }
}

/// `Σ y · log(y / ŷ)` over the last axis, both clipped to [1e-7, 1]: how far predicted distributions are
/// from the targets.
public final class KLDivergence: Loss, KerasBuiltIn {
    public init() { super.init(name: "kl_divergence") }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }
    public override var kerasShortName: String? { name }
    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let target = try matchingRank(yTrue, yPred).clipped(to: Loss.epsilon...1), prediction = yPred.clipped(to: Loss.epsilon...1)
        return try (target * (target / prediction).log()).sum(alongAxes: [yPred.rank - 1])
    }
}
