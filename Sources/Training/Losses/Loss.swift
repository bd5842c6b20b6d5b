import Tensors

/// A loss with Keras's definition, name and reduction: the mean over the batch of per-sample losses
/// (Keras's "sum over batch size"), each sample weighted when weights are given.
public struct Loss: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case meanSquaredError = "mean_squared_error"
        case meanAbsoluteError = "mean_absolute_error"
        case huber
        case meanSquaredLogarithmicError = "mean_squared_logarithmic_error"
        case binaryCrossentropy = "binary_crossentropy"
        case categoricalCrossentropy = "categorical_crossentropy"
        case sparseCategoricalCrossentropy = "sparse_categorical_crossentropy"
    }

    public var kind: Kind
    /// Whether predictions are logits rather than probabilities (the cross-entropies only).
    public var fromLogits: Bool
    /// Where Huber's loss turns from quadratic to linear.
    public var delta: Float

    public init(_ kind: Kind, fromLogits: Bool = false, delta: Float = 1) {
        self.kind = kind
        self.fromLogits = fromLogits
        self.delta = delta
    }

    public static let meanSquaredError = Loss(.meanSquaredError)
    public static let meanAbsoluteError = Loss(.meanAbsoluteError)
    public static let meanSquaredLogarithmicError = Loss(.meanSquaredLogarithmicError)
    public static let huber = Loss(.huber)
    public static let binaryCrossentropy = Loss(.binaryCrossentropy)
    public static let categoricalCrossentropy = Loss(.categoricalCrossentropy)
    public static let sparseCategoricalCrossentropy = Loss(.sparseCategoricalCrossentropy)
    public static func huber(delta: Float) -> Loss { Loss(.huber, delta: delta) }
    public static func binaryCrossentropy(fromLogits: Bool) -> Loss { Loss(.binaryCrossentropy, fromLogits: fromLogits) }
    public static func categoricalCrossentropy(fromLogits: Bool) -> Loss { Loss(.categoricalCrossentropy, fromLogits: fromLogits) }
    public static func sparseCategoricalCrossentropy(fromLogits: Bool) -> Loss { Loss(.sparseCategoricalCrossentropy, fromLogits: fromLogits) }

    /// Keras's name, as `compile(loss=...)` spells it and History keys use it.
    public var name: String { kind.rawValue }

    /// Keras's clipping of probabilities before a logarithm.
    static let epsilon: Float = 1e-7

    /// The scalar loss of a batch.
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Tensor {
        let perSample = try perSampleLosses(yTrue, yPred)
        guard let sampleWeight else { return try perSample.mean() }
        guard sampleWeight.elementCount == perSample.elementCount else {
            throw TrainingError.invalidArgument("\(name): \(sampleWeight.elementCount) sample weights for a batch of \(perSample.elementCount)")
        }
        return try (perSample * sampleWeight.reshaped(to: perSample.shape)).sum() / Float(Swift.max(perSample.elementCount, 1))
    }

    /// One loss per sample, shape `[batch]` (the mean over any further axes).
    public func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard yPred.rank >= 1 else { throw TrainingError.invalidTargets("\(name): predictions must have a batch axis") }
        if kind == .sparseCategoricalCrossentropy { return try sparseCrossentropy(yTrue, yPred) }
        let target = try matchingRank(yTrue, yPred)
        let lastAxis = [yPred.rank - 1]
        switch kind {
        case .meanSquaredError:
            return try (yPred - target).square().mean(alongAxes: lastAxis)
        case .meanAbsoluteError:
            return try (yPred - target).abs().mean(alongAxes: lastAxis)
        case .huber:
            let error = try yPred - target
            let absolute = error.abs()
            let quadratic = 0.5 * error.square(), linear = delta * absolute - 0.5 * delta * delta
            return try Tensor.where(absolute .<= delta, quadratic, linear).mean(alongAxes: lastAxis)
        case .meanSquaredLogarithmicError:
            let first = (Tensor.maximum(yPred, Loss.epsilon) + 1).log()
            let second = (Tensor.maximum(target, Loss.epsilon) + 1).log()
            return try (first - second).square().mean(alongAxes: lastAxis)
        case .binaryCrossentropy:
            try checkProbabilityTargets(target)
            if let logits = logitsOf(yPred, .sigmoid) {
                // max(x, 0) - x·z + log(1 + e^-|x|): finite for any logits.
                let perElement = try logits.relu() - logits * target + (-logits.abs()).exp().log1p()
                return try perElement.mean(alongAxes: lastAxis)
            }
            let p = yPred.clipped(to: Loss.epsilon...(1 - Loss.epsilon))
            return try -(target * p.log() + (1 - target) * (1 - p).log()).mean(alongAxes: lastAxis)
        case .categoricalCrossentropy:
            try checkProbabilityTargets(target)
            if let logits = logitsOf(yPred, .softmax) {
                return try -(target * logits.logSoftmax()).sum(alongAxes: lastAxis)
            }
            let p = try (yPred / yPred.sum(alongAxes: lastAxis, keepingDimensions: true)).clipped(to: Loss.epsilon...(1 - Loss.epsilon))
            return try -(target * p.log()).sum(alongAxes: lastAxis)
        case .sparseCategoricalCrossentropy:
            preconditionFailure("handled above")
        }
    }

    /// The logits behind `yPred`: `yPred` itself with `fromLogits`, or the input of the softmax or
    /// sigmoid that produced it (so that the loss stays finite where probabilities round to 0 or 1).
    private func logitsOf(_ yPred: Tensor, _ kind: Tensor.LogitsKind) -> Tensor? {
        if fromLogits { return yPred }
        return yPred.logitsKind == kind ? yPred.logits : nil
    }

    private func sparseCrossentropy(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard yPred.rank == 2 else {
            throw TrainingError.invalidTargets("\(name): predictions must be [batch, classes], not \(yPred.shape)")
        }
        let (batch, classes) = (yPred.shape[0], yPred.shape[1])
        guard yTrue.elementCount == batch, yTrue.rank == 1 || (yTrue.rank == 2 && yTrue.shape[1] == 1) else {
            throw TrainingError.invalidTargets("\(name): targets of shape \(yTrue.shape) do not fit predictions \(yPred.shape); "
                + "give one class index per sample, shape (\(batch),)")
        }
        var labels = [Int](repeating: 0, count: batch)
        for (i, value) in yTrue.scalars.enumerated() {
            guard value.rounded() == value, value >= 0, value < Float(classes) else {
                throw TrainingError.invalidTargets("\(name): target \(value) at sample \(i) is not a class index in 0..<\(classes); "
                    + "sparse labels must be whole numbers below the number of outputs")
            }
            labels[i] = Int(value)
        }
        if let logits = logitsOf(yPred, .softmax) { return try logits.sparseSoftmaxCrossEntropy(labels: labels) }
        let p = try (yPred / yPred.sum(alongAxes: [1], keepingDimensions: true)).clipped(to: Loss.epsilon...(1 - Loss.epsilon))
        return try -(Tensor.oneHot(labels, depth: classes) * p.log()).sum(alongAxes: [1])
    }

    /// Keras squeezes or expands a target whose rank differs by one trailing axis of size 1.
    private func matchingRank(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        var target = yTrue
        if yTrue.rank == yPred.rank - 1 && yPred.shape.last == 1 { target = try yTrue.reshaped(to: yPred.shape) }
        if yTrue.rank == yPred.rank + 1 && yTrue.shape.last == 1 { target = try yTrue.reshaped(to: yPred.shape) }
        guard target.shape == yPred.shape else {
            throw TrainingError.invalidTargets("\(name): targets of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        }
        return target
    }

    private func checkProbabilityTargets(_ target: Tensor) throws {
        if let bad = target.scalars.first(where: { !($0 >= 0 && $0 <= 1) }) {
            throw TrainingError.invalidTargets("\(name): target \(bad) is not a probability in [0, 1]"
                + (kind == .categoricalCrossentropy ? "; for class indices use sparseCategoricalCrossentropy" : ""))
        }
    }
}
