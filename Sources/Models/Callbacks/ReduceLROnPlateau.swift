/// Lowers the learning rate when a monitored value stops improving, as Keras 3's `ReduceLROnPlateau`:
/// after `patience` epochs without an improvement of more than `minDelta`, the rate is multiplied by
/// `factor` (never below `minLR`), then `cooldown` epochs pass before counting again. The rate each epoch
/// trained with is logged as `learning_rate`.
public final class ReduceLROnPlateau: MonitorCallback {
    /// The rate is multiplied by `factor` in double precision, as Keras does in Python.
    public let factor: Double
    public let patience: Int
    public let cooldown: Int
    public let minLR: Double
    public let verbose: Bool
    /// Epochs without improvement, and epochs of cooldown left.
    public private(set) var wait = 0
    public private(set) var cooldownCounter = 0
    private let sink: OutputSink

    /// A `factor` of 1 or more is an error, as in Keras.
    public init(
        monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, verbose: Bool = false, mode: Mode = .auto,
        minDelta: Float = 1e-4, cooldown: Int = 0, minLR: Double = 0, output: OutputSink = .standardOutput
    ) throws {
        guard factor < 1, factor > 0 else {
            throw ModelError.invalidArgument("ReduceLROnPlateau needs a factor between 0 and 1 (the rate is multiplied by it); got \(factor)")
        }
        self.factor = factor
        self.patience = patience
        self.cooldown = cooldown
        self.minLR = minLR
        self.verbose = verbose
        self.sink = output
        super.init(monitor: monitor, mode: mode, minDelta: minDelta)
    }

    public override func onTrainBegin(logs: Logs) throws {
        wait = 0
        cooldownCounter = 0
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let optimizer = model?.optimizer else { return }
        _ = try resolvedDirection()
        addLog("learning_rate", optimizer.currentLearningRate)
        var logs = logs
        logs["learning_rate"] = optimizer.currentLearningRate
        guard let current = monitoredValue(in: logs, warning: "learning rate reduction is conditioned on metric `\(monitor)`, which is not available")
        else { return }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        if try isImprovement(current, over: best) {
            best = current
            wait = 0
        } else if cooldownCounter == 0 {
            wait += 1
            guard wait >= patience else { return }
            let old = optimizer.currentLearningRate
            guard old > Float(minLR) else { return }
            let new = Swift.max(Double(old) * factor, minLR)
            try optimizer.setLearningRate(Float(new))
            if verbose { sink.line("Epoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(new).") }
            cooldownCounter = cooldown
            wait = 0
        }
    }

    public override func backupState() throws -> CallbackState? {
        var state = monitorState()
        state.set("wait", wait)
        state.set("cooldown_counter", cooldownCounter)
        return state
    }

    public override func restoreBackupState(_ state: CallbackState) throws {
        try restoreMonitorState(state)
        wait = try state.int("wait")
        cooldownCounter = try state.int("cooldown_counter")
    }
}

/// Sets the learning rate at the start of every epoch from a function of the epoch (0-based) and the
/// current rate, as Keras's `LearningRateScheduler`; the rate is logged as `learning_rate`.
public final class LearningRateScheduler: Callback {
    public let schedule: (Int, Float) throws -> Float
    public let verbose: Bool
    private let sink: OutputSink

    public init(verbose: Bool = false, output: OutputSink = .standardOutput, _ schedule: @escaping (Int, Float) throws -> Float) {
        self.schedule = schedule
        self.verbose = verbose
        self.sink = output
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws {
        guard let optimizer = model?.optimizer else { return }
        let rate = try schedule(epoch, optimizer.currentLearningRate)
        guard rate.isFinite, rate >= 0 else {
            throw ModelError.invalidArgument("the learning-rate schedule gave \(rate) for epoch \(epoch); it must give a finite rate of 0 or more")
        }
        try optimizer.setLearningRate(rate)
        if verbose {
            sink.line("Epoch \(epoch + 1): LearningRateScheduler setting learning rate to \(Double(rate)).")
        }
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        if let optimizer = model?.optimizer { addLog("learning_rate", optimizer.currentLearningRate) }
    }
}
