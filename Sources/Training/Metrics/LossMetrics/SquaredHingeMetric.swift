import Serialization

/// Keras's `SquaredHinge` metric: `mean(max(1 − y · ŷ, 0)²)` with 0/1 targets taken as −1/1, averaged over samples.
public final class SquaredHingeMetric: LossMetric, KerasBuiltIn {
    public init(name: String = "squared_hinge") { super.init(name: name, loss: SquaredHinge()) }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init(name: ConfusionMetricConfig.name(config, default: "squared_hinge")) }
}
