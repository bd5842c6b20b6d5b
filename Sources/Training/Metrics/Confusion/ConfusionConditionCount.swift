import Serialization
import Tensors

/// The weighted count of one cell of the confusion matrix at each threshold: the base of
/// ``TruePositives``, ``FalsePositives``, ``TrueNegatives`` and ``FalseNegatives`` (Keras's
/// `_ConfusionMatrixConditionCount`). One threshold gives one value; a list, one value per threshold.
open class ConfusionConditionCount: Metric {
    /// Which cell of the confusion matrix is counted.
    public enum Condition: Sendable { case truePositives, falsePositives, trueNegatives, falseNegatives }

    public let condition: Condition
    /// The thresholds as given (nil for Keras's default, 0.5).
    public let initThresholds: [Float]?
    public var thresholds: [Float] { counts.thresholds }
    var counts: ConfusionCounts

    /// A threshold outside [0, 1] is an error naming it.
    public init(_ condition: Condition, thresholds: [Float]? = nil, name: String) throws {
        if let thresholds { try MetricShapes.checkThresholds(thresholds, owner: name) }
        self.condition = condition
        initThresholds = thresholds
        let list = thresholds ?? [0.5]
        counts = ConfusionCounts(thresholds: list, evenly: MetricShapes.evenlyDistributed(list), owner: name)
        super.init(name: name)
    }

    open override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["thresholds": ConfusionMetricConfig.json(initThresholds)]) { $1 }
    }

    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try counts.update(yTrue, yPred, sampleWeight: sampleWeight)
    }

    open override func resultValues() -> [Float] {
        let cell =
            switch condition {
            case .truePositives: counts.tp
            case .falsePositives: counts.fp
            case .trueNegatives: counts.tn
            case .falseNegatives: counts.fn
            }
        return cell.map { Float($0) }
    }

    open override func result() -> Float { resultValues().first ?? 0 }
    open override func reset() { counts.reset() }
    open override var additiveState: [Double]? { counts.state }
    open override func setAdditiveState(_ state: [Double]) throws { try counts.setState(state) }
}
