import Serialization
import Tensors

/// Keras's `Recall`: true positives over actual positives, at each threshold (one value for one threshold), for
/// the `topK` largest predictions of each sample only, or for one class's column (`classId`).
public final class Recall: Metric, KerasBuiltIn {
    /// The thresholds as given (nil for Keras's default: 0.5, or with `topK` every top prediction).
    public let initThresholds: [Float]?
    public let topK: Int?
    public let classId: Int?
    private var counts: ConfusionCounts

    /// Each threshold must be in [0, 1] and `topK` positive.
    public init(thresholds: [Float]? = nil, topK: Int? = nil, classId: Int? = nil, name: String = "recall") throws {
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

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        try self.init(
            thresholds: ConfusionMetricConfig.thresholds(config, owner: "Recall"),
            topK: ConfusionMetricConfig.optionalInt(config, "top_k", owner: "Recall"),
            classId: ConfusionMetricConfig.optionalInt(config, "class_id", owner: "Recall"),
            name: ConfusionMetricConfig.name(config, default: "recall"))
    }

    public var thresholds: [Float] { counts.thresholds }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging([
            "thresholds": ConfusionMetricConfig.json(initThresholds), "top_k": ConfusionMetricConfig.json(topK),
            "class_id": ConfusionMetricConfig.json(classId),
        ]) { $1 }
    }

    public override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try counts.update(yTrue, yPred, sampleWeight: sampleWeight)
    }

    public override func resultValues() -> [Float] {
        zip(counts.tp, counts.fn).map { Float(MetricShapes.divideNoNaN($0, $0 + $1)) }
    }

    public override func result() -> Float { resultValues().first ?? 0 }
    public override func reset() { counts.reset() }
}
