import Serialization
import Tensors

/// What the three cross-entropies share: `fromLogits`, the config that records it, and the logits
/// behind a softmax or sigmoid output (so that the loss stays exact where probabilities round to 0 or 1).
open class CrossentropyLoss: Loss, @unchecked Sendable {
    /// Whether predictions are logits rather than probabilities.
    public let fromLogits: Bool

    public init(name: String, fromLogits: Bool) {
        self.fromLogits = fromLogits
        super.init(name: name)
    }

    open override var kerasShortName: String? { fromLogits ? nil : name }
    open override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(fromLogits ? ["from_logits": true] : [:]) { $1 }
    }

    /// The logits behind `yPred`: `yPred` itself with `fromLogits`, or the input of the softmax or
    /// sigmoid that produced it.
    func logits(of yPred: Tensor, _ kind: Tensor.LogitsKind) -> Tensor? {
        if fromLogits { return yPred }
        return yPred.logitsKind == kind ? yPred.logits : nil
    }

    func checkProbabilityTargets(_ target: Tensor) throws {
        if let bad = target.scalars.first(where: { !($0 >= 0 && $0 <= 1) }) {
            throw TrainingError.invalidTargets(
                "\(name): target \(bad) is not a probability in [0, 1]"
                    + (self is CategoricalCrossentropy ? "; for class indices use sparseCategoricalCrossentropy" : ""))
        }
    }
}

/// The cross-entropy of independent yes/no outputs (a sigmoid per output). `labelSmoothing` pulls the
/// targets toward ½: `y·(1 − s) + s/2`, as Keras does.
public final class BinaryCrossentropy: CrossentropyLoss, KerasBuiltIn, @unchecked Sendable {
    public let labelSmoothing: Float

    /// A smoothing outside [0, 1] is an error that names it.
    public init(fromLogits: Bool = false, labelSmoothing: Float = 0) {
        self.labelSmoothing = labelSmoothing
        super.init(name: "binary_crossentropy", fromLogits: fromLogits)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        self.init(fromLogits: config["from_logits"]?.boolValue ?? false, labelSmoothing: try smoothing(config, "BinaryCrossentropy"))
    }

    public override var kerasShortName: String? { labelSmoothing == 0 ? super.kerasShortName : nil }
    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(labelSmoothing != 0 ? ["label_smoothing": .float(labelSmoothing)] : [:]) { $1 }
    }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        var target = try matchingRank(yTrue, yPred)
        let lastAxis = [yPred.rank - 1]
        try checkProbabilityTargets(target)
        try checkSmoothing(labelSmoothing)
        if labelSmoothing != 0 { target = try target * (1 - labelSmoothing) + 0.5 * labelSmoothing }
        if let logits = logits(of: yPred, .sigmoid) {
            // max(x, 0) - x·z + log(1 + e^-|x|): finite for any logits.
            return try (logits.relu() - logits * target + (-logits.abs()).exp().log1p()).mean(alongAxes: lastAxis)
        }
        let p = yPred.clipped(to: Loss.epsilon...(1 - Loss.epsilon))
        return try -(target * p.log() + (1 - target) * (1 - p).log()).mean(alongAxes: lastAxis)
    }
}

/// The cross-entropy of one-hot (or probability) targets against a distribution over classes.
/// `labelSmoothing` spreads `s` of each target over the classes: `y·(1 − s) + s/classes`, as Keras does.
public final class CategoricalCrossentropy: CrossentropyLoss, KerasBuiltIn, @unchecked Sendable {
    public let labelSmoothing: Float

    public init(fromLogits: Bool = false, labelSmoothing: Float = 0) {
        self.labelSmoothing = labelSmoothing
        super.init(name: "categorical_crossentropy", fromLogits: fromLogits)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        if let axis = config["axis"]?.intValue, axis != -1 {
            throw ConfigError.unsupported("CategoricalCrossentropy with axis \(axis) is not implemented in NeuralKit (only the last axis)")
        }
        self.init(fromLogits: config["from_logits"]?.boolValue ?? false, labelSmoothing: try smoothing(config, "CategoricalCrossentropy"))
    }

    public override var kerasShortName: String? { labelSmoothing == 0 ? super.kerasShortName : nil }
    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(labelSmoothing != 0 ? ["label_smoothing": .float(labelSmoothing)] : [:]) { $1 }
    }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        var target = try matchingRank(yTrue, yPred)
        let lastAxis = [yPred.rank - 1]
        try checkProbabilityTargets(target)
        try checkSmoothing(labelSmoothing)
        if labelSmoothing != 0 { target = try target * (1 - labelSmoothing) + labelSmoothing / Float(yPred.shape.dimensions.last ?? 1) }
        if let logits = logits(of: yPred, .softmax) { return try -(target * logits.logSoftmax()).sum(alongAxes: lastAxis) }
        let p = try (yPred / yPred.sum(alongAxes: lastAxis, keepingDimensions: true)).clipped(to: Loss.epsilon...(1 - Loss.epsilon))
        return try -(target * p.log()).sum(alongAxes: lastAxis)
    }
}

/// The cross-entropy of class indices against a distribution over classes, for predictions of any rank
/// (`[batch, classes]`, or `[batch, steps, classes]` with labels `[batch, steps]`). Targets equal to
/// `ignoreClass` count for nothing, and the mean is taken over the others, as Keras masks them.
public final class SparseCategoricalCrossentropy: CrossentropyLoss, KerasBuiltIn, @unchecked Sendable {
    public let ignoreClass: Int?

    public init(fromLogits: Bool = false, ignoreClass: Int? = nil) {
        self.ignoreClass = ignoreClass
        super.init(name: "sparse_categorical_crossentropy", fromLogits: fromLogits)
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        if let axis = config["axis"]?.intValue, axis != -1 {
            throw ConfigError.unsupported("SparseCategoricalCrossentropy with axis \(axis) is not implemented in NeuralKit (only -1)")
        }
        self.init(fromLogits: config["from_logits"]?.boolValue ?? false, ignoreClass: config["ignore_class"]?.intValue)
    }

    public override var takesClassIndices: Bool { true }
    public override var kerasShortName: String? { ignoreClass == nil ? super.kerasShortName : nil }
    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(ignoreClass.map { ["ignore_class": .int($0)] } ?? [:]) { $1 }
    }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor { try perSampleLossesAndMask(yTrue, yPred).losses }

    public override func perSampleLossesAndMask(_ yTrue: Tensor, _ yPred: Tensor) throws -> (losses: Tensor, mask: Tensor?) {
        guard yPred.rank >= 2, let classes = yPred.shape.dimensions.last else {
            throw TrainingError.invalidTargets("\(name): predictions must be [batch, …, classes], not \(yPred.shape)")
        }
        let outer = Array(yPred.shape.dimensions.dropLast()), rows = outer.reduce(1, *)
        let fits = yTrue.shape.dimensions == outer || yTrue.shape.dimensions == outer + [1]
        guard yTrue.elementCount == rows, fits || (outer.count == 1 && yTrue.elementCount == rows) else {
            throw TrainingError.invalidTargets(
                "\(name): targets of shape \(yTrue.shape) do not fit predictions \(yPred.shape); "
                    + "give one class index per prediction, shape \(Shape(outer))")
        }
        var labels = [Int](repeating: 0, count: rows), keep = [Float](repeating: 1, count: rows)
        for (i, value) in yTrue.scalars.enumerated() {
            if let ignoreClass, value == Float(ignoreClass) {
                keep[i] = 0
                continue
            }
            guard value.rounded() == value, value >= 0, value < Float(classes) else {
                throw TrainingError.invalidTargets(
                    "\(name): target \(value) at sample \(i) is not a class index in 0..<\(classes); "
                        + "sparse labels must be whole numbers below the number of outputs")
            }
            labels[i] = Int(value)
        }
        var losses: Tensor
        if let logits = logits(of: yPred, .softmax) {
            losses = try logits.reshaped(to: [rows, classes]).sparseSoftmaxCrossEntropy(labels: labels)
        } else {
            let flat = try yPred.reshaped(to: [rows, classes])
            let p = try (flat / flat.sum(alongAxes: [1], keepingDimensions: true)).clipped(to: Loss.epsilon...(1 - Loss.epsilon))
            losses = try -(Tensor.oneHot(labels, depth: classes) * p.log()).sum(alongAxes: [1])
        }
        guard ignoreClass != nil else { return (try losses.reshaped(to: Shape(outer)), nil) }
        let mask = try Tensor(keep, shape: Shape(outer))
        losses = try losses.reshaped(to: Shape(outer)) * mask
        return (losses, mask)
    }
}

/// `label_smoothing` from a Keras config, checked.
private func smoothing(_ config: [String: JSONValue], _ className: String) throws -> Float {
    let value = config["label_smoothing"]?.floatValue ?? 0
    guard value >= 0 && value <= 1 else { throw ConfigError.invalid("\(className): label_smoothing must lie in [0, 1], not \(value)") }
    return value
}

extension CrossentropyLoss {
    /// A smoothing outside [0, 1] would make targets that are not probabilities.
    func checkSmoothing(_ value: Float) throws {
        guard value >= 0 && value <= 1 else {
            throw TrainingError.invalidArgument("\(name): labelSmoothing must lie in [0, 1], not \(value)")
        }
    }
}
