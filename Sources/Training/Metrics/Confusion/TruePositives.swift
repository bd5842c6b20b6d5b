import Serialization

/// Keras's `TruePositives`: the weighted count of true positives at each threshold.
public final class TruePositives: ConfusionConditionCount, KerasBuiltIn {
    /// `thresholds`: Keras's default is 0.5; each must be in [0, 1].
    public init(thresholds: [Float]? = nil, name: String = "true_positives") throws {
        try super.init(.truePositives, thresholds: thresholds, name: name)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        try self.init(
            thresholds: ConfusionMetricConfig.thresholds(config, owner: "TruePositives"),
            name: ConfusionMetricConfig.name(config, default: "true_positives"))
    }
}
