import Foundation
import Models

extension Tuner {
    /// Runs trials until the oracle stops (`maxTrials` reached, the grid or the brackets done): each
    /// trains on `data` for `epochs` (Hyperband sets its own) with `callbacks` added to each fit.
    /// Throws when `maxConsecutiveFailedTrials` trials in a row failed.
    public func search(_ data: SearchData, epochs: Int, callbacks: [Callback] = []) throws {
        guard epochs >= 1 else { throw TuningError.invalidArgument("epochs must be at least 1, not \(epochs)") }
        while true {
            switch try study.claim(oracle: oracle, space: space, worker: worker) {
            case .stop: return
            case .idle: Thread.sleep(forTimeInterval: idleSeconds)
            case .run(let trial):
                var ended = run(trial, data: data, epochs: epochs, callbacks: callbacks)
                ended.status = try study.finish(ended.trial, histories: ended.histories, maxRetries: maxRetriesPerTrial)
                var recorded = ended.trial
                recorded.status = ended.status
                onTrialEnd?(recorded)
                let failures = try study.consecutiveFailures()
                if failures.count >= maxConsecutiveFailedTrials {
                    throw TuningError.tooManyFailures(
                        "Number of consecutive failures exceeded the limit of \(maxConsecutiveFailedTrials).\n\(failures.message ?? "")")
                }
            }
        }
    }

    /// One run of a trial: its executions, the score at the best epoch (Keras Tuner's averaging), the
    /// model of the best epoch saved; any error makes the trial invalid, with the error as its message.
    private func run(_ claimed: Trial, data: SearchData, epochs: Int, callbacks: [Callback]) -> (
        trial: Trial, histories: [[String: [Double]]], status: TrialStatus
    ) {
        var trial = claimed
        let start = Date()
        var histories: [[String: [Double]]] = []
        do {
            let hp = space.copy()
            hp.values = trial.values
            let keeper = BestEpochKeeper(objective: objective)
            let pruning = try pruner.map { pruner in
                let histories = try endedHistories()
                return PruningCallback(pruner: pruner, objective: objective, completed: histories.completed, finished: histories.finished)
            }
            var bests: [[String: Double]] = []
            let folds = try crossValidation.map { try CrossValidation.folds(for: data.y[0], k: $0) }
            for execution in 0..<(crossValidation ?? executionsPerTrial) where pruning?.prunedAt == nil {
                let model = try startingModel(hp, trial)
                keeper.execution = execution
                let arguments = FitArguments(
                    data: try folds.map { try Self.fold(data, $0, execution) } ?? data, epochs: trial.placement?.epochs ?? epochs,
                    initialEpoch: trial.placement?.initialEpoch ?? 0,
                    callbacks: callbacks + [keeper] + (pruning.map { [$0] } ?? []))
                let history = try hyperModel.fit(hp, model: model, arguments)
                let series = history.history.mapValues { $0.map(Double.init) }
                histories.append(series)
                bests.append(try bestEpochMetrics(series).metrics)
            }
            // Parameters declared in `fit` (a tuned batch size) join the space, as Keras Tuner's `update_space`.
            space.merge(hp.space)
            trial.values = hp.values
            var averaged: [String: Double] = [:]
            for key in Set(bests.flatMap(\.keys)) {
                let values = bests.compactMap { $0[key] }
                averaged[key] = values.reduce(0, +) / Double(values.count)
            }
            trial.metrics = averaged
            trial.score = averaged[objective.name]
            trial.bestStep = try bestEpochMetrics(histories[0]).epoch + (trial.placement?.initialEpoch ?? 0)
            trial.modelPath = try keeper.save(in: directory, trialID: trial.id)
            trial.status = pruning?.prunedAt == nil ? .completed : .stopped
            let name = pruner.map { String(describing: type(of: $0)) } ?? "the pruner"
            trial.message = pruning?.prunedAt.map { "pruned at epoch \($0 + 1) by \(name)" }
        } catch {
            trial.status = .invalid
            trial.message = "\(error)"
        }
        trial.seconds = Date().timeIntervalSince(start)
        return (trial, histories, trial.status)
    }

    /// A new model for the trial; a Hyperband trial that continues another starts from that trial's weights.
    private func startingModel(_ hp: HyperParameters, _ trial: Trial) throws -> Model {
        let model = try hyperModel.build(hp)
        guard let past = trial.placement?.pastTrial else { return model }
        guard let file = try study.trials().first(where: { $0.number == past })?.modelPath else {
            throw TuningError.database("trial \(past), which trial \(trial.number) continues, has no saved model")
        }
        let saved = try Model.load(from: (directory as NSString).appendingPathComponent(file))
        guard model.isBuilt else { return saved }
        try model.setWeights(saved.getWeights())
        return model
    }

    /// The training data without fold `fold`, validated on that fold.
    static func fold(_ data: SearchData, _ folds: [Int], _ fold: Int) throws -> SearchData {
        let train = folds.indices.filter { folds[$0] != fold }, test = folds.indices.filter { folds[$0] == fold }
        return SearchData(
            x: try data.x.map { try $0.gather(alongAxis: 0, train) }, y: try data.y.map { try $0.gather(alongAxis: 0, train) },
            validationData: (try data.x.map { try $0.gather(alongAxis: 0, test) }, try data.y.map { try $0.gather(alongAxis: 0, test) }),
            batchSize: data.batchSize)
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

    /// The objective per epoch (first execution) of each completed trial, and of each ended one (completed or pruned), for the pruner.
    private func endedHistories() throws -> (completed: [[Double]], finished: [[Double]]) {
        var completed: [[Double]] = [], finished: [[Double]] = []
        for trial in try study.trials() where trial.status == .completed || trial.status == .stopped {
            guard let series = try study.history(trial: trial.number)[objective.name] else { continue }
            finished.append(series)
            if trial.status == .completed { completed.append(series) }
        }
        return (completed, finished)
    }

    /// The epoch whose objective is best and every metric at it (Keras Tuner's
    /// `_get_best_value_and_best_epoch_from_history`: the first such epoch).
    func bestEpochMetrics(_ history: [String: [Double]]) throws -> (epoch: Int, metrics: [String: Double]) {
        guard let series = history[objective.name], !series.isEmpty else {
            throw TuningError.invalidArgument(
                "Objective value missing in metrics reported to the Oracle, expected: ['\(objective.name)'], found: "
                    + "\(history.keys.sorted()); train with validation data for a val_ objective")
        }
        var best = 0
        for (epoch, value) in series.enumerated() where objective.isBetter(value, than: series[best]) { best = epoch }
        return (best, history.compactMapValues { $0.indices.contains(best) ? $0[best] : nil })
    }
}
