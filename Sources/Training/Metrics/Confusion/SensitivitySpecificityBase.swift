import Serialization
import Tensors

/// The base of the metrics that read one rate of the confusion matrix where another reaches a value
/// (Keras's `SensitivitySpecificityBase`): counts at `numThresholds` evenly spaced thresholds in [0, 1],
/// and the best dependent rate among the thresholds whose constrained rate is at least `value`.
open class SensitivitySpecificityBase: Metric {
    /// The value the constrained rate must reach, in [0, 1].
    public let value: Float
    public let numThresholds: Int
    public let classId: Int?
    var counts: ConfusionCounts

    /// `argument` names `value` in errors (`specificity`, `recall`, …).
    public init(value: Float, argument: String, numThresholds: Int, classId: Int?, name: String) throws {
        guard (0...1).contains(value) else { throw TrainingError.invalidArgument("\(name): \(argument) must be in [0, 1], got \(value)") }
        guard numThresholds > 0 else {
            throw TrainingError.invalidArgument("\(name): numThresholds must be a whole number above 0, got \(numThresholds)")
        }
        if let classId, classId < 0 { throw TrainingError.invalidArgument("\(name): classId must be 0 or more, got \(classId)") }
        self.value = value
        self.numThresholds = numThresholds
        self.classId = classId
        var thresholds: [Float] = [0.5]
        if numThresholds > 1 {
            let inner: [Float] = (0..<(numThresholds - 2)).map { Float(Double($0 + 1) / Double(numThresholds - 1)) }
            thresholds = [0] + inner + [1]
        }
        counts = ConfusionCounts(thresholds: thresholds, evenly: numThresholds > 1, classId: classId, owner: name)
        super.init(name: name)
    }

    open override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["class_id": ConfusionMetricConfig.json(classId), "num_thresholds": .int(numThresholds)]) { $1 }
    }

    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try counts.update(yTrue, yPred, sampleWeight: sampleWeight)
    }

    open override func reset() { counts.reset() }
    open override var additiveState: [Double]? { counts.state }
    open override func setAdditiveState(_ state: [Double]) throws { try counts.setState(state) }

    /// The rates at each threshold.
    var sensitivities: [Double] { zip(counts.tp, counts.fn).map { MetricShapes.divideNoNaN($0, $0 + $1) } }
    var specificities: [Double] { zip(counts.tn, counts.fp).map { MetricShapes.divideNoNaN($0, $0 + $1) } }
    var precisions: [Double] { zip(counts.tp, counts.fp).map { MetricShapes.divideNoNaN($0, $0 + $1) } }

    /// Keras's `_find_max_under_constraint`: the largest `dependent` where `constrained ≥ value`, else 0.
    func maxUnderConstraint(_ constrained: [Double], _ dependent: [Double]) -> Float {
        // Keras compares in float32.
        Float(zip(constrained, dependent).reduce(0.0) { best, pair in Float(pair.0) >= value ? Swift.max(best, pair.1) : best })
    }

    /// Reads `key`, `num_thresholds` and `class_id` from a config.
    static func options(_ config: [String: JSONValue], key: String, owner: String) throws -> (Float, Int, Int?) {
        (
            try config.float(key, in: owner), try config.int("num_thresholds", in: owner, default: 200),
            try ConfusionMetricConfig.optionalInt(config, "class_id", owner: owner)
        )
    }
}
