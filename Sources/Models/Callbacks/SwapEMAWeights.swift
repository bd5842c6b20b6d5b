/// Evaluates with the optimizer's moving averages of the weights (`useEMA`), as Keras's `SwapEMAWeights`:
/// the averages go into the model for validation and prediction and come back out after; with
/// `swapOnEpoch`, they stay in the model between epochs (so checkpoints save them), and the last epoch's
/// averages are kept. Keras swaps back after prediction only when the averages are not in the model (an
/// inverted test); here they always come back out.
public final class SwapEMAWeights: Callback {
    public let swapOnEpoch: Bool
    private var averagesInModel = false

    public init(swapOnEpoch: Bool = false) { self.swapOnEpoch = swapOnEpoch }

    private func swap() throws {
        guard let model, let optimizer = model.optimizer else { return }
        guard optimizer.useEMA else {
            throw ModelError.invalidArgument("SwapEMAWeights needs an optimizer with useEMA = true; \(optimizer.name) has useEMA = false")
        }
        try optimizer.swapAverages(model.trainableWeights)
        averagesInModel.toggle()
    }

    public override func onTrainBegin(logs: Logs) throws {
        guard let optimizer = model?.optimizer, optimizer.useEMA else {
            throw ModelError.invalidArgument("SwapEMAWeights needs an optimizer with useEMA = true")
        }
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws { if swapOnEpoch && averagesInModel { try swap() } }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard swapOnEpoch, !averagesInModel else { return }
        try swap()
        // The last epoch: the averages stay as the weights, and the averages follow them (Keras's finalize).
        if epoch == (params["epochs"] ?? 0) - 1, let model, let optimizer = model.optimizer {
            for parameter in model.trainableWeights { try optimizer.setAverage(parameter.value.scalars, of: parameter) }
        }
    }

    public override func onTestBegin(logs: Logs) throws { if !averagesInModel { try swap() } }
    public override func onTestEnd(logs: Logs) throws { if averagesInModel { try swap() } }
    public override func onPredictBegin(logs: Logs) throws { if !averagesInModel { try swap() } }
    public override func onPredictEnd(logs: Logs) throws { if averagesInModel { try swap() } }

    public override func backupState() throws -> CallbackState? {
        var state = CallbackState()
        state.set("averages_in_model", averagesInModel)
        return state
    }

    public override func restoreBackupState(_ state: CallbackState) throws { averagesInModel = try state.bool("averages_in_model") }
}
