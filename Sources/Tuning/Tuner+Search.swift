import Foundation
import Models

extension Tuner {
    /// Runs trials until the oracle stops (`maxTrials` reached, the grid or the brackets done): each
    /// trains on `data` for `epochs` (Hyperband sets its own) with `callbacks` added to each fit.
    /// Throws when `maxConsecutiveFailedTrials` trials in a row failed.
    public func search(_ data: SearchData, epochs: Int, callbacks: [Callback] = []) throws {
        try search(data, epochs: epochs, callbacks: callbacks, source: StudyTrials(self))
    }

    func search(_ data: SearchData, epochs: Int, callbacks: [Callback], source: StudyTrials) throws {
        try runner(lock: source.lock).search(
            data, epochs: epochs, callbacks: callbacks, source: source, idleSeconds: idleSeconds, maxConsecutiveFailedTrials: maxConsecutiveFailedTrials)
    }

    /// The runner of this tuner's trials; `lock` guards the space.
    func runner(lock: NSLock) -> TrialRunner {
        TrialRunner(
            hyperModel: hyperModel, objective: objective, space: space, spaceLock: lock, executionsPerTrial: executionsPerTrial, pruner: pruner,
            crossValidation: crossValidation)
    }

    /// Trains the best trial's configuration again on all of `data` (no validation), as scikit-learn's
    /// `refit=True` does after a cross-validated search, and returns the model.
    public func refitBest(_ data: SearchData, epochs: Int) throws -> Model {
        guard let best = try bestTrials(1).first else { throw TuningError.noResults("no trial completed, so there is nothing to refit") }
        let hp = HyperParameters(space: space.space, values: best.values)
        let model = try hyperModel.build(hp)
        var all = data
        all.validationData = nil
        all.validationSplit = 0
        _ = try hyperModel.fit(hp, model: model, FitArguments(data: all, epochs: epochs, initialEpoch: 0, callbacks: []))
        return model
    }
}
