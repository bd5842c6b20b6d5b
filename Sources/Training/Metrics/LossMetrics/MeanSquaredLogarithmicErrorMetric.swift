import Serialization

/// Keras's `MeanSquaredLogarithmicError` metric: `mean((log(1 + y) − log(1 + ŷ))²)` over the last axis, averaged over samples.
public final class MeanSquaredLogarithmicErrorMetric: LossMetric, KerasBuiltIn {
    public init(name: String = "mean_squared_logarithmic_error") { super.init(name: name, loss: MeanSquaredLogarithmicError()) }
    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        self.init(name: ConfusionMetricConfig.name(config, default: "mean_squared_logarithmic_error"))
    }
}
