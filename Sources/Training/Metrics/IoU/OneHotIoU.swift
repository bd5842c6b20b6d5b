import Serialization

/// Keras's `OneHotIoU`: the ``IoU`` of one-hot targets (and, unless `sparseYPred`, scores), the class being
/// each row's largest value.
public final class OneHotIoU: IoU {
    public init(
        numClasses: Int, targetClassIds: [Int], name: String = "one_hot_io_u", ignoreClass: Int? = nil, sparseYPred: Bool = false,
        axis: Int = -1, dtype: String = "int"
    ) throws {
        try super.init(
            numClasses: numClasses, targetClassIds: targetClassIds, name: name, ignoreClass: ignoreClass, sparseYTrue: false,
            sparseYPred: sparseYPred, axis: axis, dtype: dtype)
    }

    public required convenience init(kerasConfig config: [String: JSONValue]) throws {
        let owner = "OneHotIoU"
        try self.init(
            numClasses: config.int("num_classes", in: owner), targetClassIds: Self.ids(config, owner: owner),
            name: ConfusionMetricConfig.name(config, default: "one_hot_io_u"),
            ignoreClass: ConfusionMetricConfig.optionalInt(config, "ignore_class", owner: owner),
            sparseYPred: config.bool("sparse_y_pred", in: owner, default: false), axis: config.int("axis", in: owner, default: -1),
            dtype: Self.dtype(config))
    }

    public override func kerasConfig() throws -> [String: JSONValue] {
        var config = try super.kerasConfig()
        config["sparse_y_true"] = nil
        return config
    }
}
