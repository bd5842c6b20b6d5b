import Serialization

/// Keras's `SparseCategoricalCrossentropy` metric: the cross-entropy of class indices and each sample's
/// probabilities (clipped at 1e-7, or logits), averaged over samples; targets equal to `ignoreClass` add 0.
public final class SparseCategoricalCrossentropyMetric: LossMetric, KerasBuiltIn {
    public let fromLogits: Bool
    public let ignoreClass: Int?

    /// An `axis` other than the last is an error naming it.
    public init(name: String = "sparse_categorical_crossentropy", fromLogits: Bool = false, ignoreClass: Int? = nil, axis: Int = -1) throws {
        try LossMetricOptions.checkLastAxis(axis, owner: name)
        self.fromLogits = fromLogits
        self.ignoreClass = ignoreClass
        super.init(name: name, loss: SparseCategoricalCrossentropy(fromLogits: fromLogits, ignoreClass: ignoreClass))
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        let owner = "SparseCategoricalCrossentropy"
        try self.init(
            name: ConfusionMetricConfig.name(config, default: "sparse_categorical_crossentropy"),
            fromLogits: config.bool("from_logits", in: owner, default: false),
            ignoreClass: ConfusionMetricConfig.optionalInt(config, "ignore_class", owner: owner), axis: config.int("axis", in: owner, default: -1))
    }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["from_logits": .bool(fromLogits), "ignore_class": ConfusionMetricConfig.json(ignoreClass), "axis": .int(-1)]) {
            $1
        }
    }
}
