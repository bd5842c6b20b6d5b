import Serialization

/// Keras's `RecallAtPrecision`: the best recall among the thresholds whose precision is at least `precision`.
public final class RecallAtPrecision: SensitivitySpecificityBase, KerasBuiltIn {
    /// `precision` in [0, 1]; `numThresholds` (200) evenly spaced thresholds; `classId` for one class's column.
    public init(precision: Float, numThresholds: Int = 200, classId: Int? = nil, name: String = "recall_at_precision") throws {
        try super.init(value: precision, argument: "precision", numThresholds: numThresholds, classId: classId, name: name)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        let (value, numThresholds, classId) = try Self.options(config, key: "precision", owner: "RecallAtPrecision")
        try self.init(
            precision: value, numThresholds: numThresholds, classId: classId, name: ConfusionMetricConfig.name(config, default: "recall_at_precision"))
    }

    public var precision: Float { value }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["precision": .float(value)]) { $1 }
    }

    public override func result() -> Float { maxUnderConstraint(precisions, sensitivities) }
}
