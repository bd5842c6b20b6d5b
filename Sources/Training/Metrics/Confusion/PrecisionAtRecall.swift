import Serialization

/// Keras's `PrecisionAtRecall`: the best precision among the thresholds whose recall is at least `recall`.
public final class PrecisionAtRecall: SensitivitySpecificityBase, KerasBuiltIn {
    /// `recall` in [0, 1]; `numThresholds` (200) evenly spaced thresholds; `classId` for one class's column.
    public init(recall: Float, numThresholds: Int = 200, classId: Int? = nil, name: String = "precision_at_recall") throws {
        try super.init(value: recall, argument: "recall", numThresholds: numThresholds, classId: classId, name: name)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        let (value, numThresholds, classId) = try Self.options(config, key: "recall", owner: "PrecisionAtRecall")
        try self.init(recall: value, numThresholds: numThresholds, classId: classId, name: ConfusionMetricConfig.name(config, default: "precision_at_recall"))
    }

    public var recall: Float { value }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["recall": .float(value)]) { $1 }
    }

    public override func result() -> Float { maxUnderConstraint(sensitivities, precisions) }
}
