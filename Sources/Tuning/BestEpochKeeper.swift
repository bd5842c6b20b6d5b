import Foundation
import Models
import Tensors

/// Keeps the weights of a trial's best epoch over all its executions (Keras Tuner's `SaveBestEpoch`),
/// and saves that model once the trial ends.
final class BestEpochKeeper: Callback {
    let objective: Objective
    var execution = 0
    private(set) var bestValue: Double?
    private var bestModel: Model?
    private var bestWeights: [Tensor] = []

    init(objective: Objective) { self.objective = objective }

    override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let model, let value = logs[objective.name].map(Double.init) else { return }
        if bestValue.map({ objective.isBetter(value, than: $0) }) ?? !value.isNaN {
            bestValue = value
            bestModel = model
            bestWeights = model.getWeights()
        }
    }

    /// Writes the best epoch's model to `trial_ID/model.keras` in `directory` (atomically) and returns
    /// its path relative to the directory; nil when no epoch had a number for the objective.
    func save(in directory: String, trialID: String) throws -> String? {
        guard let bestModel else { return nil }
        try bestModel.setWeights(bestWeights)
        let folder = "trial_\(trialID)"
        let absolute = (directory as NSString).appendingPathComponent(folder)
        try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
        try bestModel.save(to: (absolute as NSString).appendingPathComponent("model.keras"))
        return folder + "/model.keras"
    }
}
