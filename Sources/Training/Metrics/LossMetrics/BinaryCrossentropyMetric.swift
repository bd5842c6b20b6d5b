import Serialization

/// Keras's `BinaryCrossentropy` metric: the binary cross-entropy of each sample (probabilities clipped at
/// 1e-7, or logits), averaged over samples.
public final class BinaryCrossentropyMetric: LossMetric, KerasBuiltIn {
    public let fromLogits: Bool
    public let labelSmoothing: Float

    /// A `labelSmoothing` outside [0, 1] is an error naming it.
    public init(name: String = "binary_crossentropy", fromLogits: Bool = false, labelSmoothing: Float = 0) throws {
        try LossMetricOptions.checkSmoothing(labelSmoothing, owner: name)
        self.fromLogits = fromLogits
        self.labelSmoothing = labelSmoothing
        super.init(name: name, loss: BinaryCrossentropy(fromLogits: fromLogits, labelSmoothing: labelSmoothing))
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        let owner = "BinaryCrossentropy"
        try self.init(
            name: ConfusionMetricConfig.name(config, default: "binary_crossentropy"), fromLogits: config.bool("from_logits", in: owner, default: false),
            labelSmoothing: config.float("label_smoothing", in: owner, default: 0))
    }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["from_logits": .bool(fromLogits), "label_smoothing": .float(labelSmoothing)]) { $1 }
    }
}
