/// What `fit` returns: every epoch's logs, keyed as Keras keys them (`loss`, `accuracy`, `val_loss`, …).
public final class History: Callback {
    /// Metric name → one value per epoch.
    public private(set) var history: [String: [Float]] = [:]
    /// The epochs run, 0-based.
    public private(set) var epoch: [Int] = []

    public override func onTrainBegin(logs: Logs) throws {
        history = [:]
        epoch = []
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        self.epoch.append(epoch)
        for (key, value) in logs { history[key, default: []].append(value) }
    }

    public override func backupState() throws -> CallbackState? {
        var state = CallbackState()
        state.set("keys", history.keys.sorted().joined(separator: "\n"))
        for (key, values) in history { state.set("series " + key, values) }
        state.set("epochs", epoch.map(Float.init))
        return state
    }

    public override func restoreBackupState(_ state: CallbackState) throws {
        let keys = try state.string("keys")
        var restored: [String: [Float]] = [:]
        for key in keys.split(separator: "\n").map(String.init) { restored[key] = try state.floats("series " + key) }
        epoch = try state.floats("epochs").map { Int($0) }
        history = restored
    }
}
