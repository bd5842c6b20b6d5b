import Foundation

/// The base of the callbacks that watch one logged quantity and act when it improves or stalls
/// (``EarlyStopping``, ``ModelCheckpoint``, ``ReduceLROnPlateau``), as Keras 3's `MonitorCallback`:
/// `mode` says whether lower or higher is better; `.auto` takes it from the name (losses and errors
/// down; accuracies, precision, recall and AUC up) and asks for a mode when it cannot tell. A value
/// improves on a reference when it beats it by more than `minDelta`.
open class MonitorCallback: Callback {
    /// Whether lower or higher values of the monitored quantity are better.
    public enum Mode: String, Sendable { case auto, min, max }

    /// The logged key watched (`val_loss`, `accuracy`, …).
    public let monitor: String
    public let mode: Mode
    /// The least change that counts as an improvement (never negative).
    public let minDelta: Float
    /// The best value so far, or the threshold to beat first; nil before the first value.
    public internal(set) var best: Float?
    /// Resolved on the first epoch end: whether lower is better.
    private var lowerIsBetter: Bool?

    public init(monitor: String, mode: Mode, minDelta: Float = 0, baseline: Float? = nil) {
        self.monitor = monitor
        self.mode = mode
        self.minDelta = Swift.abs(minDelta)
        self.best = baseline
    }

    /// Keras's rule: `current - minDelta` beats the reference (`minDelta` counts against the value).
    public func isImprovement(_ current: Float, over reference: Float?) throws -> Bool {
        guard let reference else { return true }
        let lower = try resolvedDirection()
        return lower ? current + minDelta < reference : current - minDelta > reference
    }

    /// Whether lower values are better, from `mode` or, for `.auto`, the monitored name.
    public func resolvedDirection() throws -> Bool {
        if let lowerIsBetter { return lowerIsBetter }
        let lower: Bool
        switch mode {
        case .min: lower = true
        case .max: lower = false
        case .auto:
            guard let inferred = Self.lowerIsBetter(monitor) else {
                throw ModelError.invalidArgument(
                    "\(String(describing: type(of: self))) received monitor=\(monitor), but NeuralKit cannot tell whether that "
                        + "metric should be maximized or minimized; pass mode: .max to watch for the highest value, or mode: .min for the lowest")
            }
            lower = inferred
        }
        lowerIsBetter = lower
        return lower
    }

    /// Lower is better for losses and errors, higher for accuracies and the like; nil when the name does
    /// not say.
    static func lowerIsBetter(_ monitor: String) -> Bool? {
        let name = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
        if name == "loss" || name.hasSuffix("_loss") || name.contains("error") || name.hasSuffix("crossentropy") { return true }
        if name.contains("accuracy") || name.hasSuffix("precision") || name.hasSuffix("recall") || name.hasSuffix("auc") { return false }
        return nil
    }

    /// The monitored value, or nil after Keras's warning that lists the keys there are.
    func monitoredValue(in logs: Logs, warning: String) -> Float? {
        if let value = logs[monitor] { return value }
        FileHandle.standardError.write(
            Data("warning: \(warning). Available metrics are: \(logs.keys.sorted().joined(separator: ","))\n".utf8))
        return nil
    }

    /// `best` in a backup.
    func monitorState() -> CallbackState {
        var state = CallbackState()
        state.set("best", best)
        return state
    }

    func restoreMonitorState(_ state: CallbackState) throws { best = try state.float("best") }
}
