import Serialization

/// Keras's `TrueNegatives`: the weighted count of true negatives at each threshold.
public final class TrueNegatives: ConfusionConditionCount, KerasBuiltIn {
    /// `thresholds`: Keras's default is 0.5; each must be in [0, 1].
    public init(thresholds: [Float]? = nil, name: String = "true_negatives") throws {
        try super.init(.trueNegatives, thresholds: thresholds, name: name)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        try self.init(
            thresholds: ConfusionMetricConfig.thresholds(config, owner: "TrueNegatives"),
            name: ConfusionMetricConfig.name(config, default: "true_negatives"))
    }
}
