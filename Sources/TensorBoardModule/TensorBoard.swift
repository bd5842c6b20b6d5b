import Foundation
import Models

/// Logs training for TensorBoard as Keras 3's `TensorBoard` callback does, without TensorFlow.
///
/// ```swift
/// try model.fit(x, y, epochs: 10, validationData: (xValid, yValid), callbacks: [TensorBoard(logDir: "logs/run1")])
/// ```
/// then `tensorboard --logdir logs`. Keras's layout and tags:
/// - `logDir/train`: `epoch_loss`, `epoch_<metric>` and `epoch_learning_rate` at step = epoch (from 0);
///   with `updateFreq: .batches(n)`, `batch_loss`, `batch_<metric>` every `n` batches at the global batch
///   number (from 1, counted across epochs); every `histogramFreq` epochs, a histogram of each weight,
///   tagged `<weight path>/histogram` (`sequential/dense/kernel/histogram`); with `writeGraph`, the
///   model's Keras config under the tag `keras` (plugin `graph_keras_model`, TensorBoard's Graphs tab
///   draws it) for a Sequential or Functional model.
/// - `logDir/validation`: the `val_` values under the same `epoch_*` tags (so TensorBoard draws both
///   runs on one chart), and after each evaluation `evaluation_<metric>_vs_iterations` at the
///   optimizer's iteration count.
///
/// At the default `.epoch` frequency nothing happens per batch but a counter, so the callback costs a
/// few small writes per epoch. Every value reaches the event file as it is written.
public final class TensorBoard: Callback {
    /// How often the training loss and metrics are written.
    public enum UpdateFrequency: Sendable, Equatable {
        /// Once per epoch (`epoch_*` tags only).
        case epoch
        /// Also every `n` training batches (`batch_*` tags); Keras's `update_freq=n` (`"batch"` is 1).
        case batches(Int)
    }

    public let logDir: String
    /// Every how many epochs the weight histograms are written (0: never).
    public let histogramFreq: Int
    public let writeGraph: Bool
    public let updateFreq: UpdateFrequency
    private var trainWriter: SummaryWriter?
    private var validationWriter: SummaryWriter?
    /// The training batches seen since `fit` began, the step of `batch_*` values.
    public private(set) var globalTrainBatch = 0

    public init(logDir: String = "logs", histogramFreq: Int = 0, writeGraph: Bool = true, updateFreq: UpdateFrequency = .epoch) {
        self.logDir = logDir
        self.histogramFreq = histogramFreq
        self.writeGraph = writeGraph
        self.updateFreq = updateFreq
    }

    /// The folder of the training run.
    public var trainDirectory: String { URL(fileURLWithPath: logDir).appendingPathComponent("train").path }
    /// The folder of the validation run.
    public var validationDirectory: String { URL(fileURLWithPath: logDir).appendingPathComponent("validation").path }

    /// Starts new event files (an unwritable `logDir` fails here, before any training) and writes the
    /// model's graph.
    public override func onTrainBegin(logs: Logs) throws {
        guard histogramFreq >= 0 else { throw TensorBoardError.invalidArgument("histogramFreq must be 0 or more, not \(histogramFreq)") }
        if case let .batches(every) = updateFreq, every < 1 {
            throw TensorBoardError.invalidArgument("updateFreq: .batches(n) needs n of 1 or more, not \(every)")
        }
        closeWriters()
        globalTrainBatch = 0
        let writer = try train()
        if writeGraph, let model { try writeKerasModel(model, to: writer) }
    }

    public override func onTrainBatchBegin(_ batch: Int, logs: Logs) throws {
        globalTrainBatch += 1
    }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard case let .batches(every) = updateFreq, globalTrainBatch % every == 0 else { return }
        let writer = try train()
        for (name, value) in logs.sorted(by: { $0.key < $1.key }) {
            try writer.scalar("batch_" + name, value, step: globalTrainBatch)
        }
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        var trainLogs = logs.filter { !$0.key.hasPrefix("val_") }
        if let optimizer = model?.optimizer { trainLogs["learning_rate"] = optimizer.currentLearningRate }
        let writer = try train()
        for (name, value) in trainLogs.sorted(by: { $0.key < $1.key }) {
            try writer.scalar("epoch_" + name, value, step: epoch)
        }
        let validationLogs = logs.filter { $0.key.hasPrefix("val_") }
        if !validationLogs.isEmpty {
            let validation = try self.validation()
            for (name, value) in validationLogs.sorted(by: { $0.key < $1.key }) {
                try validation.scalar("epoch_" + name.dropFirst(4), value, step: epoch)
            }
        }
        if histogramFreq > 0 && epoch % histogramFreq == 0, let model { try writeHistograms(of: model, step: epoch, to: writer) }
    }

    /// Writes `evaluation_<metric>_vs_iterations` at the optimizer's iteration count, as Keras does
    /// after every evaluation (the validation inside `fit`, or `evaluate` given this callback).
    public override func onTestEnd(logs: Logs) throws {
        guard let optimizer = model?.optimizer else { return }
        let writer = try validation()
        for (name, value) in logs.sorted(by: { $0.key < $1.key }) {
            try writer.scalar("evaluation_\(name)_vs_iterations", value, step: optimizer.iterations)
        }
    }

    public override func onTrainEnd(logs: Logs) throws { closeWriters() }

    /// The global batch count, so that a run resumed by ``BackupAndRestore`` goes on with the `batch_*`
    /// steps where the interrupted one stopped (Keras's callback keeps no state and restarts them at 1).
    public override func backupState() throws -> CallbackState? {
        var state = CallbackState()
        state.set("global_train_batch", globalTrainBatch)
        return state
    }

    public override func restoreBackupState(_ state: CallbackState) throws {
        globalTrainBatch = try state.int("global_train_batch")
    }

    private func train() throws -> SummaryWriter {
        if let trainWriter { return trainWriter }
        let writer = try SummaryWriter(logDir: trainDirectory)
        trainWriter = writer
        return writer
    }

    private func validation() throws -> SummaryWriter {
        if let validationWriter { return validationWriter }
        let writer = try SummaryWriter(logDir: validationDirectory)
        validationWriter = writer
        return writer
    }

    private func closeWriters() {
        trainWriter?.close()
        validationWriter?.close()
        trainWriter = nil
        validationWriter = nil
    }
}
