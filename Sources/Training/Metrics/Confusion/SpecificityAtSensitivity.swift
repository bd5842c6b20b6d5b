import Serialization

/// Keras's `SpecificityAtSensitivity`: the best specificity among the thresholds whose sensitivity (recall) is at least `sensitivity`.
public final class SpecificityAtSensitivity: SensitivitySpecificityBase, KerasBuiltIn {
    /// `sensitivity` in [0, 1]; `numThresholds` (200) evenly spaced thresholds; `classId` for one class's column.
    public init(sensitivity: Float, numThresholds: Int = 200, classId: Int? = nil, name: String = "specificity_at_sensitivity") throws {
        try super.init(value: sensitivity, argument: "sensitivity", numThresholds: numThresholds, classId: classId, name: name)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        let (value, numThresholds, classId) = try Self.options(config, key: "sensitivity", owner: "SpecificityAtSensitivity")
        try self.init(
            sensitivity: value, numThresholds: numThresholds, classId: classId, name: ConfusionMetricConfig.name(config, default: "specificity_at_sensitivity"))
    }

    public var sensitivity: Float { value }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["sensitivity": .float(value)]) { $1 }
    }

    public override func result() -> Float { maxUnderConstraint(sensitivities, specificities) }
}
