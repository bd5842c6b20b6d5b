import Serialization

/// Keras's `MeanIoU`: the ``IoU`` averaged over every class.
open class MeanIoU: IoU {
    public init(
        numClasses: Int, name: String = "mean_io_u", ignoreClass: Int? = nil, sparseYTrue: Bool = true, sparseYPred: Bool = true,
        axis: Int = -1, dtype: String = "int"
    ) throws {
        guard numClasses > 0 else { throw TrainingError.invalidArgument("\(name): numClasses must be above 0, got \(numClasses)") }
        try super.init(
            numClasses: numClasses, targetClassIds: Array(0..<numClasses), name: name, ignoreClass: ignoreClass, sparseYTrue: sparseYTrue,
            sparseYPred: sparseYPred, axis: axis, dtype: dtype)
    }

    public required convenience init(kerasConfig config: [String: JSONValue]) throws {
        let owner = "MeanIoU"
        try self.init(
            numClasses: config.int("num_classes", in: owner), name: ConfusionMetricConfig.name(config, default: "mean_io_u"),
            ignoreClass: ConfusionMetricConfig.optionalInt(config, "ignore_class", owner: owner),
            sparseYTrue: config.bool("sparse_y_true", in: owner, default: true), sparseYPred: config.bool("sparse_y_pred", in: owner, default: true),
            axis: config.int("axis", in: owner, default: -1), dtype: Self.dtype(config))
    }

    open override func kerasConfig() throws -> [String: JSONValue] {
        var config = try super.kerasConfig()
        config["target_class_ids"] = nil
        return config
    }
}
