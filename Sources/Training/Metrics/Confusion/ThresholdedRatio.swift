import Serialization
import Tensors

/// The base of ``Precision`` and ``Recall`` (Keras's `Precision` and `Recall` share it too): confusion counts
/// at each threshold, for the `topK` largest predictions of each sample only, or for one class's column
/// (`classId`); a subclass says which ratio of the counts it reports.
open class ThresholdedRatio: Metric {
    /// The thresholds as given (nil for Keras's default: 0.5, or with `topK` every top prediction).
    public let initThresholds: [Float]?
    public let topK: Int?
    public let classId: Int?
    var counts: ConfusionCounts

    /// Each threshold must be in [0, 1], `topK` positive and `classId` not negative.
    public init(thresholds: [Float]?, topK: Int?, classId: Int?, name: String) throws {
        if let thresholds { try MetricShapes.checkThresholds(thresholds, owner: name) }
        if let topK, topK < 1 { throw TrainingError.invalidArgument("\(name): topK must be a positive whole number, got \(topK)") }
        if let classId, classId < 0 { throw TrainingError.invalidArgument("\(name): classId must be 0 or more, got \(classId)") }
        initThresholds = thresholds
        self.topK = topK
        self.classId = classId
        let list = thresholds ?? [topK == nil ? 0.5 : -1e10]
        counts = ConfusionCounts(thresholds: list, evenly: MetricShapes.evenlyDistributed(list), topK: topK, classId: classId, owner: name)
        super.init(name: name)
    }

    /// The options of a Keras config of `className`, with `defaultName` when it gives none.
    static func options(_ config: [String: JSONValue], className: String, defaultName: String) throws -> (
        thresholds: [Float]?, topK: Int?, classId: Int?, name: String
    ) {
        (
            try ConfusionMetricConfig.thresholds(config, owner: className),
            try ConfusionMetricConfig.optionalInt(config, "top_k", owner: className),
            try ConfusionMetricConfig.optionalInt(config, "class_id", owner: className), ConfusionMetricConfig.name(config, default: defaultName)
        )
    }

    public var thresholds: [Float] { counts.thresholds }

    open override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging([
            "thresholds": ConfusionMetricConfig.json(initThresholds), "top_k": ConfusionMetricConfig.json(topK),
            "class_id": ConfusionMetricConfig.json(classId),
        ]) { $1 }
    }

    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try counts.update(yTrue, yPred, sampleWeight: sampleWeight)
    }

    open override func result() -> Float { resultValues().first ?? 0 }
    open override func reset() { counts.reset() }
    open override var additiveState: [Double]? { counts.state }
    open override func setAdditiveState(_ state: [Double]) throws { try counts.setState(state) }
}
