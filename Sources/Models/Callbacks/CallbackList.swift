/// The callbacks of one `fit`, `evaluate` or `predict` call, told of every event of the loop (Keras's
/// `CallbackList`). The loop talks to this list only.
///
/// The order is Keras 3's: the user's callbacks as given, then History, then the progress display, so
/// that History keeps and the progress line shows what callbacks add to the logs
/// (``Callback/addLog(_:_:)``, as ReduceLROnPlateau adds `learning_rate`); a
/// ``BackupAndRestore`` comes after all of them, so that its backup holds every other callback's state
/// at the end of the epoch, and its restore follows their `onTrainBegin`.
public struct CallbackList {
    public let callbacks: [Callback]

    /// Attaches every callback to `model` with the loop's `params` (`epochs`, `steps`, `verbose`).
    init(_ callbacks: [Callback], model: Model, params: [String: Int]) {
        let backups = callbacks.filter { $0 is BackupAndRestore }
        let history = callbacks.filter { $0 is History }
        let progress = callbacks.filter { $0 is ProgressBar }
        let rest = callbacks.filter { !($0 is BackupAndRestore) && !($0 is History) && !($0 is ProgressBar) }
        self.callbacks = rest + history + progress + backups
        for callback in self.callbacks {
            callback.model = model
            callback.params = params
        }
    }

    func trainBegin(_ logs: Logs = [:]) throws { for c in callbacks { try c.onTrainBegin(logs: logs) } }
    func trainEnd(_ logs: Logs) throws { for c in callbacks { try c.onTrainEnd(logs: logs) } }
    func epochBegin(_ epoch: Int, _ logs: Logs = [:]) throws { for c in callbacks { try c.onEpochBegin(epoch, logs: logs) } }

    /// Tells every callback the epoch ended; returns the logs with what the callbacks added to them.
    @discardableResult
    func epochEnd(_ epoch: Int, _ logs: Logs) throws -> Logs {
        var logs = logs
        for c in callbacks {
            try c.onEpochEnd(epoch, logs: logs)
            if !c.addedLogs.isEmpty {
                logs.merge(c.addedLogs) { $1 }
                c.addedLogs = [:]
            }
        }
        return logs
    }

    // Every step: by index, which a debug build runs without boxing each element access.
    func trainBatchBegin(_ step: Int, _ logs: Logs) throws { for i in 0..<callbacks.count { try callbacks[i].onTrainBatchBegin(step, logs: logs) } }
    func trainBatchEnd(_ step: Int, _ logs: Logs) throws { for i in 0..<callbacks.count { try callbacks[i].onTrainBatchEnd(step, logs: logs) } }
    func testBegin(_ logs: Logs = [:]) throws { for c in callbacks { try c.onTestBegin(logs: logs) } }
    func testEnd(_ logs: Logs) throws { for c in callbacks { try c.onTestEnd(logs: logs) } }
    func testBatchBegin(_ step: Int, _ logs: Logs) throws { for c in callbacks { try c.onTestBatchBegin(step, logs: logs) } }
    func testBatchEnd(_ step: Int, _ logs: Logs) throws { for c in callbacks { try c.onTestBatchEnd(step, logs: logs) } }
    func predictBegin(_ logs: Logs = [:]) throws { for c in callbacks { try c.onPredictBegin(logs: logs) } }
    func predictEnd(_ logs: Logs = [:]) throws { for c in callbacks { try c.onPredictEnd(logs: logs) } }
    func predictBatchBegin(_ step: Int) throws { for c in callbacks { try c.onPredictBatchBegin(step, logs: [:]) } }
    func predictBatchEnd(_ step: Int) throws { for c in callbacks { try c.onPredictBatchEnd(step, logs: [:]) } }
}
