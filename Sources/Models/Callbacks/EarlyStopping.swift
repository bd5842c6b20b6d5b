import Foundation
import Tensors

/// Stops training when a monitored value has stopped improving, as Keras 3's `EarlyStopping`: `patience`
/// epochs without an improvement of more than `minDelta` end `fit`; with `restoreBestWeights`, the model
/// ends with the weights of its best epoch (Keras 3 restores them whether or not training stopped early).
/// `mode` as ``MonitorCallback`` has it. A `baseline` must be beaten for the patience to reset;
/// `startFromEpoch` lets the first epochs warm up unwatched.
public final class EarlyStopping: MonitorCallback {
    public let patience: Int
    /// A value to beat before the patience resets (Keras's `baseline`).
    public let baseline: Float?
    public let restoreBestWeights: Bool
    public let startFromEpoch: Int
    public let verbose: Bool
    /// The state Keras keeps: epochs since the last improvement, the best epoch, the epoch training
    /// stopped at (0 if it did not stop early).
    public private(set) var wait = 0
    public private(set) var bestEpoch = 0
    public private(set) var stoppedEpoch = 0
    private var bestWeights: [Tensor]?
    private let sink: OutputSink

    public init(
        monitor: String = "val_loss", minDelta: Float = 0, patience: Int = 0, mode: Mode = .auto, baseline: Float? = nil,
        restoreBestWeights: Bool = false, startFromEpoch: Int = 0, verbose: Bool = false, output: OutputSink = .standardOutput
    ) {
        self.patience = patience
        self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights
        self.startFromEpoch = startFromEpoch
        self.verbose = verbose
        self.sink = output
        super.init(monitor: monitor, mode: mode, minDelta: minDelta)
    }

    public override func onTrainBegin(logs: Logs) throws {
        wait = 0
        stoppedEpoch = 0
        best = nil
        bestWeights = nil
        bestEpoch = 0
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        _ = try resolvedDirection()
        guard let current = monitoredValue(in: logs, warning: "early stopping is conditioned on metric `\(monitor)`, which is not available"),
            epoch >= startFromEpoch
        else { return }
        if restoreBestWeights && bestWeights == nil {
            bestWeights = model?.getWeights()
            bestEpoch = epoch
        }
        wait += 1
        if try isImprovement(current, over: best) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = model?.getWeights() }
            if try baseline == nil || isImprovement(current, over: baseline) { wait = 0 }
            return
        }
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            model?.stopTraining(because: "early stopping: \(monitor) did not improve for \(wait) epochs")
        }
    }

    public override func onTrainEnd(logs: Logs) throws {
        if stoppedEpoch > 0 && verbose { sink.write("Epoch \(stoppedEpoch + 1): early stopping\n") }
        if restoreBestWeights, let bestWeights, let model {
            if verbose { sink.write("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).\n") }
            try model.setWeights(bestWeights)
            model.restoredEpoch = bestEpoch
        }
    }

    public override func backupState() throws -> CallbackState? {
        var state = monitorState()
        state.set("wait", wait)
        state.set("best_epoch", bestEpoch)
        state.set("stopped_epoch", stoppedEpoch)
        state.set("has_best_weights", bestWeights != nil)
        state.tensors = bestWeights ?? []
        return state
    }

    public override func restoreBackupState(_ state: CallbackState) throws {
        try restoreMonitorState(state)
        wait = try state.int("wait")
        bestEpoch = try state.int("best_epoch")
        stoppedEpoch = try state.int("stopped_epoch")
        bestWeights = try state.bool("has_best_weights") ? state.tensors : nil
    }
}

/// Stops training as soon as a batch's loss is NaN or infinite, as Keras's `TerminateOnNaN`.
public final class TerminateOnNaN: Callback {
    private let sink: OutputSink

    public init(output: OutputSink = .standardOutput) { self.sink = output }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard let loss = logs["loss"], !loss.isFinite else { return }
        sink.write("Batch \(batch): Invalid loss, terminating training\n")
        model?.stopTraining(because: "the loss became \(loss) at batch \(batch)")
    }
}
