/// The callbacks of one `fit`, `evaluate` or `predict` call, told of every event of the loop in the
/// order given (Keras's `CallbackList`). The loop talks to this list only.
public struct CallbackList {
    public let callbacks: [Callback]

    /// Attaches every callback to `model` with the loop's `params` (`epochs`, `steps`, `verbose`).
    init(_ callbacks: [Callback], model: Model, params: [String: Int]) {
        self.callbacks = callbacks
        for callback in callbacks {
            callback.model = model
            callback.params = params
        }
    }

    func trainBegin(_ logs: Logs = [:]) throws { for c in callbacks { try c.onTrainBegin(logs: logs) } }
    func trainEnd(_ logs: Logs) throws { for c in callbacks { try c.onTrainEnd(logs: logs) } }
    func epochBegin(_ epoch: Int, _ logs: Logs = [:]) throws { for c in callbacks { try c.onEpochBegin(epoch, logs: logs) } }
    func epochEnd(_ epoch: Int, _ logs: Logs) throws { for c in callbacks { try c.onEpochEnd(epoch, logs: logs) } }
    func trainBatchBegin(_ step: Int, _ logs: Logs) throws { for c in callbacks { try c.onTrainBatchBegin(step, logs: logs) } }
    func trainBatchEnd(_ step: Int, _ logs: Logs) throws { for c in callbacks { try c.onTrainBatchEnd(step, logs: logs) } }
    func testBegin(_ logs: Logs = [:]) throws { for c in callbacks { try c.onTestBegin(logs: logs) } }
    func testEnd(_ logs: Logs) throws { for c in callbacks { try c.onTestEnd(logs: logs) } }
    func testBatchBegin(_ step: Int, _ logs: Logs) throws { for c in callbacks { try c.onTestBatchBegin(step, logs: logs) } }
    func testBatchEnd(_ step: Int, _ logs: Logs) throws { for c in callbacks { try c.onTestBatchEnd(step, logs: logs) } }
    func predictBegin(_ logs: Logs = [:]) throws { for c in callbacks { try c.onPredictBegin(logs: logs) } }
    func predictEnd(_ logs: Logs = [:]) throws { for c in callbacks { try c.onPredictEnd(logs: logs) } }
    func predictBatchBegin(_ step: Int) throws { for c in callbacks { try c.onPredictBatchBegin(step, logs: [:]) } }
    func predictBatchEnd(_ step: Int) throws { for c in callbacks { try c.onPredictBatchEnd(step, logs: [:]) } }
}
