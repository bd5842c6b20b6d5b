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

/// The cross-entropy of independent yes/no outputs (a sigmoid per output).
public final class BinaryCrossentropy: CrossentropyLoss, KerasBuiltIn, @unchecked Sendable {
    public init(fromLogits: Bool = false) { super.init(name: "binary_crossentropy", fromLogits: fromLogits) }
    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        try rejectLabelSmoothing(config, "BinaryCrossentropy")
        self.init(fromLogits: config["from_logits"]?.boolValue ?? false)
    }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let target = try matchingRank(yTrue, yPred), lastAxis = [yPred.rank - 1]
        try checkProbabilityTargets(target)
        if let logits = logits(of: yPred, .sigmoid) {
            // max(x, 0) - x·z + log(1 + e^-|x|): finite for any logits.
            return try (logits.relu() - logits * target + (-logits.abs()).exp().log1p()).mean(alongAxes: lastAxis)
        }
        let p = yPred.clipped(to: Loss.epsilon...(1 - Loss.epsilon))
        return try -(target * p.log() + (1 - target) * (1 - p).log()).mean(alongAxes: lastAxis)
    }
}

/// The cross-entropy of one-hot (or probability) targets against a distribution over classes.
public final class CategoricalCrossentropy: CrossentropyLoss, KerasBuiltIn, @unchecked Sendable {
    public init(fromLogits: Bool = false) { super.init(name: "categorical_crossentropy", fromLogits: fromLogits) }
    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        try rejectLabelSmoothing(config, "CategoricalCrossentropy")
        self.init(fromLogits: config["from_logits"]?.boolValue ?? false)
    }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let target = try matchingRank(yTrue, yPred), lastAxis = [yPred.rank - 1]
        try checkProbabilityTargets(target)
        if let logits = logits(of: yPred, .softmax) { return try -(target * logits.logSoftmax()).sum(alongAxes: lastAxis) }
        let p = try (yPred / yPred.sum(alongAxes: lastAxis, keepingDimensions: true)).clipped(to: Loss.epsilon...(1 - Loss.epsilon))
        return try -(target * p.log()).sum(alongAxes: lastAxis)
    }
}

/// The cross-entropy of class indices (one whole number per sample) against a distribution over classes.
public final class SparseCategoricalCrossentropy: CrossentropyLoss, KerasBuiltIn, @unchecked Sendable {
    public init(fromLogits: Bool = false) { super.init(name: "sparse_categorical_crossentropy", fromLogits: fromLogits) }
    public convenience init(kerasConfig config: [String: JSONValue]) throws { self.init(fromLogits: config["from_logits"]?.boolValue ?? false) }

    public override var takesClassIndices: Bool { true }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard yPred.rank == 2 else {
            throw TrainingError.invalidTargets("\(name): predictions must be [batch, classes], not \(yPred.shape)")
        }
        let (batch, classes) = (yPred.shape[0], yPred.shape[1])
        guard yTrue.elementCount == batch, yTrue.rank == 1 || (yTrue.rank == 2 && yTrue.shape[1] == 1) else {
            throw TrainingError.invalidTargets(
                "\(name): targets of shape \(yTrue.shape) do not fit predictions \(yPred.shape); "
                    + "give one class index per sample, shape (\(batch),)")
        }
        var labels = [Int](repeating: 0, count: batch)
        for (i, value) in yTrue.scalars.enumerated() {
            guard value.rounded() == value, value >= 0, value < Float(classes) else {
                throw TrainingError.invalidTargets(
                    "\(name): target \(value) at sample \(i) is not a class index in 0..<\(classes); "
                        + "sparse labels must be whole numbers below the number of outputs")
            }
            labels[i] = Int(value)
        }
        if let logits = logits(of: yPred, .softmax) { return try logits.sparseSoftmaxCrossEntropy(labels: labels) }
        let p = try (yPred / yPred.sum(alongAxes: [1], keepingDimensions: true)).clipped(to: Loss.epsilon...(1 - Loss.epsilon))
        return try -(Tensor.oneHot(labels, depth: classes) * p.log()).sum(alongAxes: [1])
    }
}

/// Label smoothing is not implemented yet: a config that asks for it is refused, never ignored.
private func rejectLabelSmoothing(_ config: [String: JSONValue], _ className: String) throws {
    if let smoothing = config["label_smoothing"]?.doubleValue, smoothing != 0 {
        throw ConfigError.unsupported("\(className) with label_smoothing \(smoothing) is not implemented in NeuralKit")
    }
}
