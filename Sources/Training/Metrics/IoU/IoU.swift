import Serialization
import Tensors

/// Keras's `IoU`: intersection over union `TP / (TP + FP + FN)` from a confusion matrix of class labels
/// accumulated over the epoch, averaged over `targetClassIds` (classes absent from both targets and
/// predictions are left out). Targets and predictions are class indices, or (`sparseYTrue`/`sparseYPred`
/// false) scores whose largest along the last axis is the class. As Keras's default integer `dtype`,
/// labels and sample weights are truncated to whole numbers; `dtype: "float32"` keeps fractional weights.
open class IoU: Metric, KerasBuiltIn {
    public let numClasses: Int
    public let targetClassIds: [Int]
    public let ignoreClass: Int?
    public let sparseYTrue: Bool
    public let sparseYPred: Bool
    /// Keras's `dtype` for the matrix: an integer type (the default, "int") or a float type.
    public let dtype: String
    private var matrix: [Double]

    /// Every target class id must be in `0..<numClasses`.
    public init(
        numClasses: Int, targetClassIds: [Int], name: String = "io_u", ignoreClass: Int? = nil, sparseYTrue: Bool = true,
        sparseYPred: Bool = true, axis: Int = -1, dtype: String = "int"
    ) throws {
        guard numClasses > 0 else { throw TrainingError.invalidArgument("\(name): numClasses must be above 0, got \(numClasses)") }
        guard !targetClassIds.isEmpty, targetClassIds.allSatisfy({ (0..<numClasses).contains($0) }) else {
            throw TrainingError.invalidArgument("\(name): targetClassIds \(targetClassIds) must be in [0, \(numClasses))")
        }
        guard axis == -1 else { throw TrainingError.invalidArgument("\(name): only axis -1 (the last) is implemented, got \(axis)") }
        self.numClasses = numClasses
        self.targetClassIds = targetClassIds
        self.ignoreClass = ignoreClass
        self.sparseYTrue = sparseYTrue
        self.sparseYPred = sparseYPred
        self.dtype = dtype
        matrix = [Double](repeating: 0, count: numClasses * numClasses)
        super.init(name: name)
    }

    public required convenience init(kerasConfig config: [String: JSONValue]) throws {
        let owner = "IoU"
        try self.init(
            numClasses: config.int("num_classes", in: owner), targetClassIds: Self.ids(config, owner: owner),
            name: ConfusionMetricConfig.name(config, default: "io_u"),
            ignoreClass: ConfusionMetricConfig.optionalInt(config, "ignore_class", owner: owner),
            sparseYTrue: config.bool("sparse_y_true", in: owner, default: true), sparseYPred: config.bool("sparse_y_pred", in: owner, default: true),
            axis: config.int("axis", in: owner, default: -1), dtype: Self.dtype(config))
    }

    static func ids(_ config: [String: JSONValue], owner: String) throws -> [Int] {
        guard let list = config["target_class_ids"]?.arrayValue, let ids = Optional(list.compactMap(\.intValue)), ids.count == list.count else {
            throw ConfigError.invalid("\(owner) config: \"target_class_ids\" must be a list of whole numbers")
        }
        return ids
    }

    static func dtype(_ config: [String: JSONValue]) -> String {
        config["dtype"]?.stringValue ?? config["dtype"]?["config"]?["name"]?.stringValue ?? "int"
    }

    open override func kerasConfig() throws -> [String: JSONValue] {
        [
            "name": .string(name), "dtype": .string(dtype), "num_classes": .int(numClasses), "target_class_ids": .array(targetClassIds.map { .int($0) }),
            "ignore_class": ConfusionMetricConfig.json(ignoreClass), "sparse_y_true": .bool(sparseYTrue), "sparse_y_pred": .bool(sparseYPred),
            "axis": .int(-1),
        ]
    }

    /// The predictions as labels before counting (``BinaryIoU`` thresholds them).
    open func predictedLabels(_ yPred: Tensor) throws -> [Float] { sparseYPred ? yPred.scalars : Self.argmaxes(yPred) }

    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        let truth = sparseYTrue ? yTrue.scalars : Self.argmaxes(yTrue), prediction = try predictedLabels(yPred)
        guard truth.count == prediction.count else {
            throw TrainingError.invalidTargets("\(name): \(truth.count) target labels for \(prediction.count) predicted labels")
        }
        var weights: [Float]?
        if let sampleWeight {
            let flat = try sampleWeight.reshaped(to: [sampleWeight.elementCount])
            weights = try MetricShapes.broadcast(flat, to: [truth.count], owner: name, given: sampleWeight.shape)
        }
        let integer = dtype.contains("int")
        for i in truth.indices {
            let t = Int(truth[i].isFinite ? truth[i] : -1), p = Int(prediction[i].isFinite ? prediction[i] : -1)
            guard (0..<numClasses).contains(t), (0..<numClasses).contains(p), t != ignoreClass else { continue }
            let w = weights.map { integer ? $0[i].rounded(.towardZero) : $0[i] } ?? 1
            matrix[t * numClasses + p] += Double(w)
        }
    }

    /// The mean IoU over `targetClassIds`, Keras's float32 formula with its ε.
    open override func result() -> Float {
        let n = numClasses
        var total: Float = 0, valid: Float = 0
        for c in targetClassIds {
            let tp = Float(matrix[c * n + c])
            let predicted = Float((0..<n).reduce(0.0) { $0 + matrix[$1 * n + c] }), actual = Float((0..<n).reduce(0.0) { $0 + matrix[c * n + $1] })
            let denominator = predicted + actual - tp
            guard denominator > 1e-9 else { continue }
            valid += 1
            total += tp / (denominator + 1e-7)
        }
        return total / (valid + 1e-7)
    }

    open override func reset() { matrix = [Double](repeating: 0, count: numClasses * numClasses) }
    /// The confusion matrix, row by row.
    open override var additiveState: [Double]? { matrix }

    open override func setAdditiveState(_ state: [Double]) throws {
        try checkStateCount(state, numClasses * numClasses)
        matrix = state
    }

    /// The index of each last-axis row's largest value.
    static func argmaxes(_ tensor: Tensor) -> [Float] {
        let width = Swift.max(tensor.shape.dimensions.last ?? 1, 1)
        return stride(from: 0, to: tensor.elementCount, by: width).map { Float(argmax(tensor.scalars, $0, width)) }
    }
}
