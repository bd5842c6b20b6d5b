import Foundation
import Tensors

/// Stops training when a monitored value has stopped improving, as Keras 3's `EarlyStopping`: `patience`
/// epochs without an improvement of more than `minDelta` end `fit`; with `restoreBestWeights`, the model
/// ends with the weights of its best epoch. `mode` says whether lower or higher is better; `.auto` reads it
/// from the name (losses and errors down, accuracies, precision and recall up) and asks for a mode when it
/// cannot tell. A `baseline` must be beaten for the patience to reset; `startFromEpoch` lets the first
/// epochs warm up unwatched.
public final class EarlyStopping: Callback {
    /// Whether lower or higher values of the monitored quantity are better.
    public enum Mode: String, Sendable { case auto, min, max }

    public let monitor: String
    public let minDelta: Float
    public let patience: Int
    public let mode: Mode
    public let baseline: Float?
    public let restoreBestWeights: Bool
    public let startFromEpoch: Int
    public let verbose: Bool
    /// The state Keras keeps: epochs since the last improvement, the best value and its epoch, the epoch
    /// training stopped at (0 if it did not stop early).
    public private(set) var wait = 0
    public private(set) var best: Float?
    public private(set) var bestEpoch = 0
    public private(set) var stoppedEpoch = 0
    private var bestWeights: [Tensor]?
    private var lowerIsBetter: Bool?
    private let sink: OutputSink

    public init(
        monitor: String = "val_loss", minDelta: Float = 0, patience: Int = 0, mode: Mode = .auto, baseline: Float? = nil,
        restoreBestWeights: Bool = false, startFromEpoch: Int = 0, verbose: Bool = false, output: OutputSink = .standardOutput
    ) {
        self.monitor = monitor
        self.minDelta = Swift.abs(minDelta)
        self.patience = patience
        self.mode = mode
        self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights
        self.startFromEpoch = startFromEpoch
        self.verbose = verbose
        self.sink = output
    }

    public override func onTrainBegin(logs: Logs) throws {
        wait = 0
        stoppedEpoch = 0
        best = nil
        bestWeights = nil
        bestEpoch = 0
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        if lowerIsBetter == nil { lowerIsBetter = try direction() }
        guard let current = value(in: logs), epoch >= startFromEpoch else { return }
        if restoreBestWeights && bestWeights == nil {
            bestWeights = model?.getWeights()
            bestEpoch = epoch
        }
        wait += 1
        if isImprovement(current, over: best) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = model?.getWeights() }
            if baseline == nil || isImprovement(current, over: baseline) { wait = 0 }
            return
        }
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            model?.stopTraining = true
        }
    }

    public override func onTrainEnd(logs: Logs) throws {
        if stoppedEpoch > 0 && verbose { sink.write("Epoch \(stoppedEpoch + 1): early stopping\n") }
        if restoreBestWeights, let bestWeights, let model {
            if verbose { sink.write("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).\n") }
            try model.setWeights(bestWeights)
        }
    }

    /// Keras's rule: `current - minDelta` better than the reference (`minDelta` counts against the value).
    private func isImprovement(_ current: Float, over reference: Float?) -> Bool {
        guard let reference else { return true }
        return lowerIsBetter == false ? current - minDelta > reference : current + minDelta < reference
    }

    /// The monitored value, or nil with Keras's warning that lists the keys there are.
    private func value(in logs: Logs) -> Float? {
        guard let value = logs[monitor] else {
            FileHandle.standardError.write(
                Data(
                    ("warning: early stopping conditioned on metric `\(monitor)` which is not available. "
                        + "Available metrics are: \(logs.keys.sorted().joined(separator: ","))\n").utf8))
            return nil
        }
        return value
    }

    /// Lower is better for `.min`, higher for `.max`; for `.auto`, from the metric's name.
    private func direction() throws -> Bool {
        switch mode {
        case .min: return true
        case .max: return false
        case .auto:
            let name = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
            if name == "loss" || name.hasSuffix("_loss") || name.contains("error") || name.hasSuffix("crossentropy") { return true }
            if name.contains("accuracy") || name.hasSuffix("precision") || name.hasSuffix("recall") || name == "auc" { return false }
            throw ModelError.invalidArgument(
                "EarlyStopping received monitor=\(monitor), but NeuralKit cannot tell whether that metric "
                    + "should be maximized or minimized; pass mode: .max to stop on the highest value, or mode: .min for the lowest")
        }
    }
}

/// Stops training as soon as a batch's loss is NaN or infinite, as Keras's `TerminateOnNaN`.
public final class TerminateOnNaN: Callback {
    private let sink: OutputSink

    public init(output: OutputSink = .standardOutput) { self.sink = output }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard let loss = logs["loss"], !loss.isFinite else { return }
        sink.write("Batch \(batch): Invalid loss, terminating training\n")
        model?.stopTraining = true
    }
}
