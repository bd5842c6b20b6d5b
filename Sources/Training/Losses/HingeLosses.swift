import Serialization
import Tensors

/// `mean(max(1 − y·ŷ, 0))` over the last axis, for targets of −1 and 1 (0/1 targets are converted, as
/// Keras does when every target is 0 or 1).
public final class Hinge: Loss, KerasBuiltIn {
    public init() { super.init(name: "hinge") }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }
    public override var kerasShortName: String? { name }
    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        try (1 - hingeLabels(try matchingRank(yTrue, yPred)) * yPred).relu().mean(alongAxes: [yPred.rank - 1])
    }
}

/// `mean(max(1 − y·ŷ, 0)²)` over the last axis, with Hinge's targets.
public final class SquaredHinge: Loss, KerasBuiltIn {
    public init() { super.init(name: "squared_hinge") }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }
    public override var kerasShortName: String? { name }
    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        try (1 - hingeLabels(try matchingRank(yTrue, yPred)) * yPred).relu().square().mean(alongAxes: [yPred.rank - 1])
    }
}

/// `max(max((1 − y)·ŷ) − Σ y·ŷ + 1, 0)` over the last axis, for one-hot targets.
public final class CategoricalHinge: Loss, KerasBuiltIn {
    public init() { super.init(name: "categorical_hinge") }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }
    public override var kerasShortName: String? { name }
    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let target = try matchingRank(yTrue, yPred), axis = yPred.rank - 1
        let positive = try (target * yPred).sum(alongAxes: [axis]), negative = try ((1 - target) * yPred).max(alongAxes: [axis])
        return try (negative - positive + 1).relu()
    }
}

/// Keras's conversion: when every target is 0 or 1, `2y − 1`; otherwise the targets as given.
private func hingeLabels(_ target: Tensor) throws -> Tensor {
    target.scalars.allSatisfy { $0 == 0 || $0 == 1 } ? try 2 * target - 1 : target
}
