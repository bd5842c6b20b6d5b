import Serialization

/// Keras's `FalsePositives`: the weighted count of false positives at each threshold.
public final class FalsePositives: ConfusionConditionCount, KerasBuiltIn {
    /// `thresholds`: Keras's default is 0.5; each must be in [0, 1].
    public init(thresholds: [Float]? = nil, name: String = "false_positives") throws {
        try super.init(.falsePositives, thresholds: thresholds, name: name)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        try self.init(
            thresholds: ConfusionMetricConfig.thresholds(config, owner: "FalsePositives"),
            name: ConfusionMetricConfig.name(config, default: "false_positives"))
    }
}
