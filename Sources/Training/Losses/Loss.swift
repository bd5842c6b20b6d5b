import Serialization
import Tensors

/// A loss, as Keras's `keras.losses.Loss`: one loss per sample from ``perSampleLosses(_:_:)``, reduced
/// to the batch's mean (Keras's "sum over batch size"), each sample weighted when weights are given.
///
/// Subclass it for a loss of your own: override `perSampleLosses` (and `kerasConfig()` for its options),
/// and adopt ``KerasSerializable`` to save and load it by a registered name.
open class Loss: KerasConfigurable, @unchecked Sendable {
    /// How a batch's weighted per-sample losses become the value, as Keras's `reduction`.
    public enum Reduction: String, Sendable, CaseIterable {
        /// The sum over the number of values (Keras's default, also called `mean`).
        case sumOverBatchSize = "sum_over_batch_size"
        case sum
        case mean
        /// The weighted sum over the sum of the sample weights (over the count when there are none).
        case meanWithSampleWeight = "mean_with_sample_weight"
        /// No reduction: one value per sample (not for `compile`, which needs one number).
        case none
    }

    /// Keras's name, as `compile(loss=...)` spells it and error messages use it; a config's `name` (Keras's
    /// `MeanSquaredError(name="mymse")`) replaces the default.
    public internal(set) var name: String
    /// The class's own name, which the short form in `compile_config` stands for.
    private let defaultName: String
    /// How the batch's values are reduced; Keras's `sum_over_batch_size` by default.
    public var reduction: Reduction = .sumOverBatchSize

    public init(name: String) {
        self.name = name
        defaultName = name
    }

    open var kerasClassName: String { String(describing: type(of: self)) }
    public var kerasModule: String { "keras.losses" }

    /// Keras's `get_config()`: the name and reduction, and each loss's own options.
    open func kerasConfig() throws -> [String: JSONValue] { ["name": .string(name), "reduction": .string(reduction.rawValue)] }

    /// The short name `compile_config` uses when every option has its default (`"mean_squared_error"`);
    /// nil writes the whole class config.
    open var kerasShortName: String? { nil }

    /// One loss per sample, shape `[batch]` (the mean or sum over any further axes).
    open func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        throw TrainingError.invalidArgument("\(kerasClassName) must override perSampleLosses(_:_:)")
    }

    /// The per-sample losses and, for a loss that leaves some targets out (sparse cross-entropy's
    /// `ignoreClass`), a 0/1 mask of the ones that count; the mean is then over those, as Keras's masks do.
    open func perSampleLossesAndMask(_ yTrue: Tensor, _ yPred: Tensor) throws -> (losses: Tensor, mask: Tensor?) {
        (try perSampleLosses(yTrue, yPred), nil)
    }

    /// Whether the targets are class indices (one whole number per sample), as for the sparse
    /// cross-entropy; `fit` checks them up front so that an error names the caller's sample.
    open var takesClassIndices: Bool { false }

    /// The loss of a batch: the per-sample losses times the sample weights (one per sample, a column of
    /// them, or one for all, as Keras broadcasts them), reduced by ``reduction``.
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Tensor {
        let (losses, mask) = try perSampleLossesAndMask(yTrue, try rankMatchedPrediction(yTrue, yPred))
        var weight = try sampleWeight.map { try fitted($0, to: losses) }
        if let mask {
            let kept = try maskWeights(mask)
            weight = try weight.map { try kept * $0 } ?? kept
        }
        let values = try weight.map { try losses * $0 } ?? losses
        switch reduction {
        case .none: return values
        case .sum: return try values.sum()
        case .sumOverBatchSize, .mean: return try values.sum() / Float(Swift.max(values.elementCount, 1))
        case .meanWithSampleWeight:
            guard let weight else { return try values.sum() / Float(Swift.max(values.elementCount, 1)) }
            // Keras divides by the sum of the weights as given: a single weight is its own sum.
            let total = weight.scalars.reduce(0, +)
            return total == 0 ? Tensor(0) : try values.sum() / total
        }
    }

    /// Keras's `squeeze_or_expand_to_same_rank` where it changes the predictions rather than the targets:
    /// predictions `(n,)` against targets `(n, 1)` are expanded, and predictions `(…, 1)` against targets
    /// of rank 2 or more without that axis are squeezed, so that there is one loss per sample (``matchingRank``
    /// adjusts the targets in the other cases).
    private func rankMatchedPrediction(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard !takesClassIndices, yTrue.elementCount == yPred.elementCount else { return yPred }
        let expand = yTrue.rank == yPred.rank + 1 && yTrue.shape.last == 1 && yPred.rank == 1
        let squeeze = yPred.rank == yTrue.rank + 1 && yPred.shape.last == 1 && yTrue.rank > 1
        return expand || squeeze ? try yPred.reshaped(to: yTrue.shape) : yPred
    }

    /// A sample weight fitted to the losses as Keras broadcasts it: a trailing axis of 1 dropped, then one
    /// weight for all, one per loss value, or any weights for a single value for the whole batch (Dice over
    /// every axis), which each weight scales.
    private func fitted(_ sampleWeight: Tensor, to losses: Tensor) throws -> Tensor {
        var weight = sampleWeight
        if weight.rank == losses.rank + 1, weight.shape.dimensions.last == 1 {
            weight = try weight.reshaped(to: Shape(Array(weight.shape.dimensions.dropLast())))
        }
        // Keras's `squeeze_or_expand_to_same_rank` also expands: losses `(n, 1)` take weights `(n,)`.
        if weight.rank + 1 == losses.rank, losses.shape.dimensions.last == 1, weight.elementCount == losses.elementCount {
            weight = try weight.reshaped(to: losses.shape)
        }
        guard weight.rank == 0 || losses.rank == 0 || weight.shape == losses.shape else {
            throw TrainingError.invalidArgument(
                "\(name): sample weights of shape \(sampleWeight.shape) do not fit the per-sample losses of shape \(losses.shape); "
                    + "give one weight per sample")
        }
        return weight
    }

    /// Keras's `apply_mask`: for the mean reductions the kept values weigh `count / kept`, so that the mean
    /// is over them (the mask has the losses' shape).
    private func maskWeights(_ mask: Tensor) throws -> Tensor {
        guard reduction == .sumOverBatchSize || reduction == .mean else { return mask }
        let kept = mask.scalars.reduce(0, +)
        return try mask * (Float(mask.elementCount) / (kept + Loss.epsilon))
    }

    /// Keras's form of the loss in `compile_config`: the short name, or the class config.
    public func compileJSON() throws -> JSONValue {
        if reduction == .sumOverBatchSize, name == defaultName, let kerasShortName { return .string(kerasShortName) }
        return try kerasJSON()
    }

    /// Keras's clipping of probabilities before a logarithm.
    static let epsilon: Float = 1e-7

    /// Keras squeezes or expands a target whose rank differs by one trailing axis of size 1.
    func matchingRank(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard yPred.rank >= 1 else { throw TrainingError.invalidTargets("\(name): predictions must have a batch axis") }
        var target = yTrue
        if yTrue.rank == yPred.rank - 1 && yPred.shape.last == 1 { target = try yTrue.reshaped(to: yPred.shape) }
        if yTrue.rank == yPred.rank + 1 && yTrue.shape.last == 1 { target = try yTrue.reshaped(to: yPred.shape) }
        guard target.shape == yPred.shape else {
            throw TrainingError.invalidTargets("\(name): targets of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        }
        return target
    }
}

extension Loss: Equatable {
    /// Two losses are equal when they are of one class with one config.
    public static func == (lhs: Loss, rhs: Loss) -> Bool {
        type(of: lhs) == type(of: rhs) && (try? lhs.kerasConfig()) == (try? rhs.kerasConfig())
    }
}

extension Loss {
    public static var meanSquaredError: Loss { MeanSquaredError() }
    public static var meanAbsoluteError: Loss { MeanAbsoluteError() }
    public static var meanSquaredLogarithmicError: Loss { MeanSquaredLogarithmicError() }
    public static var huber: Loss { Huber() }
    public static var binaryCrossentropy: Loss { BinaryCrossentropy() }
    public static var categoricalCrossentropy: Loss { CategoricalCrossentropy() }
    public static var sparseCategoricalCrossentropy: Loss { SparseCategoricalCrossentropy() }
    public static func huber(delta: Float) -> Loss { Huber(delta: delta) }
    public static func binaryCrossentropy(fromLogits: Bool) -> Loss { BinaryCrossentropy(fromLogits: fromLogits) }
    public static func categoricalCrossentropy(fromLogits: Bool) -> Loss { CategoricalCrossentropy(fromLogits: fromLogits) }
    public static func sparseCategoricalCrossentropy(fromLogits: Bool) -> Loss { SparseCategoricalCrossentropy(fromLogits: fromLogits) }
}
