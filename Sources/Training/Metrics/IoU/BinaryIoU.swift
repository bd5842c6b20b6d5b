import Serialization
import Tensors

/// Keras's `BinaryIoU`: the ``IoU`` of 0/1 targets and predictions thresholded at `threshold`
/// (`prediction >= threshold` is class 1), over `targetClassIds` (both classes by default).
public final class BinaryIoU: IoU {
    public let threshold: Float

    public init(targetClassIds: [Int] = [0, 1], threshold: Float = 0.5, name: String = "binary_io_u", dtype: String = "int") throws {
        self.threshold = threshold
        try super.init(numClasses: 2, targetClassIds: targetClassIds, name: name, dtype: dtype)
    }

    public required convenience init(kerasConfig config: [String: JSONValue]) throws {
        try self.init(
            targetClassIds: config["target_class_ids"] == nil ? [0, 1] : Self.ids(config, owner: "BinaryIoU"),
            threshold: config.float("threshold", in: "BinaryIoU", default: 0.5), name: ConfusionMetricConfig.name(config, default: "binary_io_u"),
            dtype: Self.dtype(config))
    }

    public override func kerasConfig() throws -> [String: JSONValue] {
        [
            "target_class_ids": .array(targetClassIds.map { .int($0) }), "threshold": .float(threshold), "name": .string(name),
            "dtype": .string(dtype),
        ]
    }

    public override func predictedLabels(_ yPred: Tensor) throws -> [Float] { yPred.scalars.map { $0 >= threshold ? 1 : 0 } }
}
