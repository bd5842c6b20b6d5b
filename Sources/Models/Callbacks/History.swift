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
}
