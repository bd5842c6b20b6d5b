import Serialization

/// Keras's `Poisson` metric: `mean(ŷ − y · log(ŷ))` over the last axis, averaged over samples.
public final class PoissonMetric: LossMetric, KerasBuiltIn {
    public init(name: String = "poisson") { super.init(name: name, loss: Poisson()) }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init(name: ConfusionMetricConfig.name(config, default: "poisson")) }
}
