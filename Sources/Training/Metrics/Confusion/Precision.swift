import Serialization
import Tensors

/// Keras's `Precision`: true positives over predicted positives, at each threshold (one value for one threshold), for
/// the `topK` largest predictions of each sample only, or for one class's column (`classId`).
public final class Precision: ThresholdedRatio, KerasBuiltIn {
    /// Each threshold must be in [0, 1] and `topK` positive.
    public override init(thresholds: [Float]? = nil, topK: Int? = nil, classId: Int? = nil, name: String = "precision") throws {
        try super.init(thresholds: thresholds, topK: topK, classId: classId, name: name)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        let o = try Self.options(config, className: "Precision", defaultName: "precision")
        try self.init(thresholds: o.thresholds, topK: o.topK, classId: o.classId, name: o.name)
    }

    public override func resultValues() -> [Float] {
        zip(counts.tp, counts.fp).map { Float(MetricShapes.divideNoNaN($0, $0 + $1)) }
    }
}
