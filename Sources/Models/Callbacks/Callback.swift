import Tensors

/// Per-epoch or per-batch values: metric name → value (`loss`, `accuracy`, `val_loss`, …).
public typealias Logs = [String: Float]

/// Hooks called by `fit`, `evaluate` and `predict`, all doing nothing unless overridden. A callback
/// acts through `model` (for instance, setting `model.stopTraining`).
open class Callback {
    /// The model being trained, set before `onTrainBegin`.
    public internal(set) weak var model: Model?
    /// `epochs`, `steps` (batches per epoch) and `verbose`, as Keras's `params`.
    public internal(set) var params: [String: Int] = [:]

    public init() {}

    open func onTrainBegin(logs: Logs) throws {}
    open func onTrainEnd(logs: Logs) throws {}
    open func onEpochBegin(_ epoch: Int, logs: Logs) throws {}
    open func onEpochEnd(_ epoch: Int, logs: Logs) throws {}
    open func onTrainBatchBegin(_ batch: Int, logs: Logs) throws {}
    open func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {}
    open func onTestBegin(logs: Logs) throws {}
    open func onTestEnd(logs: Logs) throws {}
    open func onTestBatchBegin(_ batch: Int, logs: Logs) throws {}
    open func onTestBatchEnd(_ batch: Int, logs: Logs) throws {}
    open func onPredictBegin(logs: Logs) throws {}
    open func onPredictEnd(logs: Logs) throws {}
    open func onPredictBatchBegin(_ batch: Int, logs: Logs) throws {}
    open func onPredictBatchEnd(_ batch: Int, logs: Logs) throws {}
}

/// A callback from closures, for one-off hooks (Keras's `LambdaCallback`).
public final class LambdaCallback: Callback {
    public var epochEnd: ((Int, Logs) throws -> Void)?
    public var batchEnd: ((Int, Logs) throws -> Void)?
    public var trainBegin: ((Logs) throws -> Void)?
    public var trainEnd: ((Logs) throws -> Void)?

    public init(
        onEpochEnd: ((Int, Logs) throws -> Void)? = nil, onTrainBatchEnd: ((Int, Logs) throws -> Void)? = nil,
        onTrainBegin: ((Logs) throws -> Void)? = nil, onTrainEnd: ((Logs) throws -> Void)? = nil
    ) {
        epochEnd = onEpochEnd
        batchEnd = onTrainBatchEnd
        trainBegin = onTrainBegin
        trainEnd = onTrainEnd
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws { try epochEnd?(epoch, logs) }
    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { try batchEnd?(batch, logs) }
    public override func onTrainBegin(logs: Logs) throws { try trainBegin?(logs) }
    public override func onTrainEnd(logs: Logs) throws { try trainEnd?(logs) }
}
