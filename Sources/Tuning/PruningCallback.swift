import Models

/// Asks the pruner at every epoch's end and stops the fit when it says so.
final class PruningCallback: Callback {
    let pruner: Pruner
    let objective: Objective
    let completed: [[Double]], finished: [[Double]]
    private(set) var values: [Double] = []
    private(set) var prunedAt: Int?

    init(pruner: Pruner, objective: Objective, completed: [[Double]], finished: [[Double]]) {
        (self.pruner, self.objective, self.completed, self.finished) = (pruner, objective, completed, finished)
    }

    override func onTrainBegin(logs: Logs) throws { values = [] }

    override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        values.append(logs[objective.name].map(Double.init) ?? .nan)
        if pruner.shouldPrune(values, completed: completed, finished: finished, direction: objective.direction) {
            prunedAt = epoch
            model?.stopTraining(because: "pruned at epoch \(epoch + 1)")
        }
    }
}
