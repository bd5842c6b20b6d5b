import Serialization

/// Keras's `CategoricalHinge` metric: `max(0, 1 + max((1 − y) · ŷ) − Σ y · ŷ)`, averaged over samples.
public final class CategoricalHingeMetric: LossMetric, KerasBuiltIn {
    public init(name: String = "categorical_hinge") { super.init(name: name, loss: CategoricalHinge()) }
    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        self.init(name: ConfusionMetricConfig.name(config, default: "categorical_hinge"))
    }
}
