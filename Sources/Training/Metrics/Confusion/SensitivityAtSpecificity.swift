import Serialization

/// Keras's `SensitivityAtSpecificity`: the best sensitivity (recall) among the thresholds whose specificity is at least `specificity`.
public final class SensitivityAtSpecificity: SensitivitySpecificityBase, KerasBuiltIn {
    /// `specificity` in [0, 1]; `numThresholds` (200) evenly spaced thresholds; `classId` for one class's column.
    public init(specificity: Float, numThresholds: Int = 200, classId: Int? = nil, name: String = "sensitivity_at_specificity") throws {
        try super.init(value: specificity, argument: "specificity", numThresholds: numThresholds, classId: classId, name: name)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        let (value, numThresholds, classId) = try Self.options(config, key: "specificity", owner: "SensitivityAtSpecificity")
        try self.init(
            specificity: value, numThresholds: numThresholds, classId: classId, name: ConfusionMetricConfig.name(config, default: "sensitivity_at_specificity"))
    }

    public var specificity: Float { value }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["specificity": .float(value)]) { $1 }
    }

    public override func result() -> Float { maxUnderConstraint(specificities, sensitivities) }
}
