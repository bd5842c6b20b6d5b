import Serialization

/// Keras's `KLDivergence` metric: `Σ y · log(y / ŷ)` over the last axis, averaged over samples.
public final class KLDivergenceMetric: LossMetric, KerasBuiltIn {
    public init(name: String = "kl_divergence") { super.init(name: name, loss: KLDivergence()) }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init(name: ConfusionMetricConfig.name(config, default: "kl_divergence")) }
}
