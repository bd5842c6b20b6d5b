import Serialization

/// Keras's `CategoricalCrossentropy` metric: the cross-entropy of one-hot targets and each sample's
/// probabilities (clipped at 1e-7, or logits) over the last axis, averaged over samples.
public final class CategoricalCrossentropyMetric: LossMetric, KerasBuiltIn {
    public let fromLogits: Bool
    public let labelSmoothing: Float

    /// A `labelSmoothing` outside [0, 1], or an `axis` other than the last, is an error naming it.
    public init(name: String = "categorical_crossentropy", fromLogits: Bool = false, labelSmoothing: Float = 0, axis: Int = -1) throws {
        try LossMetricOptions.checkSmoothing(labelSmoothing, owner: name)
        try LossMetricOptions.checkLastAxis(axis, owner: name)
        self.fromLogits = fromLogits
        self.labelSmoothing = labelSmoothing
        super.init(name: name, loss: CategoricalCrossentropy(fromLogits: fromLogits, labelSmoothing: labelSmoothing))
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        let owner = "CategoricalCrossentropy"
        try self.init(
            name: ConfusionMetricConfig.name(config, default: "categorical_crossentropy"),
            fromLogits: config.bool("from_logits", in: owner, default: false), labelSmoothing: config.float("label_smoothing", in: owner, default: 0),
            axis: config.int("axis", in: owner, default: -1))
    }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["from_logits": .bool(fromLogits), "label_smoothing": .float(labelSmoothing), "axis": .int(-1)]) { $1 }
    }
}
