import Serialization

/// Keras's `FalseNegatives`: the weighted count of false negatives at each threshold.
public final class FalseNegatives: ConfusionConditionCount, KerasBuiltIn {
    /// `thresholds`: Keras's default is 0.5; each must be in [0, 1].
    public init(thresholds: [Float]? = nil, name: String = "false_negatives") throws {
        try super.init(.falseNegatives, thresholds: thresholds, name: name)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        try self.init(
            thresholds: ConfusionMetricConfig.thresholds(config, owner: "FalseNegatives"),
            name: ConfusionMetricConfig.name(config, default: "false_negatives"))
    }
}
