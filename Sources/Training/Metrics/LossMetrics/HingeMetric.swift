import Serialization

/// Keras's `Hinge` metric: `mean(max(1 − y · ŷ, 0))` with 0/1 targets taken as −1/1, averaged over samples.
public final class HingeMetric: LossMetric, KerasBuiltIn {
    public init(name: String = "hinge") { super.init(name: name, loss: Hinge()) }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init(name: ConfusionMetricConfig.name(config, default: "hinge")) }
}
