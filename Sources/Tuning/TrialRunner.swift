import Foundation
import Models

/// Runs one trial: its executions (or cross-validation folds), the score at the best epoch (Keras
/// Tuner's averaging), the best epoch's model saved, the pruner asked at each epoch's end. Shared by a
/// ``Tuner`` and by the other ranks of an MPI search (``TrialWorker``), which have no study of their own.
struct TrialRunner {
    let hyperModel: HyperModel
    let objective: Objective
    /// The search space; read and extended (parameters declared in `fit`) under `spaceLock`.
    let space: HyperParameters
    let spaceLock: NSLock
    let executionsPerTrial: Int
    let pruner: Pruner?
    let crossValidation: Int?

    /// Everything a worker must share with the others to run the same search: the objective, the
    /// executions and the space (a tuner adds its oracle's settings to make the study's identity).
    var identity: String {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let spaceText = String(decoding: try spaceLock.withLock { try encoder.encode(space.space) }, as: UTF8.self)
            return "objective=\(objective); executions=\(executionsPerTrial); space=\(spaceText)"
        }
    }

    /// Runs trials from `source` until it says stop; throws when `maxConsecutiveFailedTrials` trials in a
    /// row failed. An idle worker asks again after `idleSeconds`.
    func search(
        _ data: SearchData, epochs: Int, callbacks: [Callback], source: TrialSource, idleSeconds: Double, maxConsecutiveFailedTrials: Int
    ) throws {
        guard epochs >= 1 else { throw TuningError.invalidArgument("epochs must be at least 1, not \(epochs)") }
        while true {
            switch try source.claim() {
            case .stop: return
            case .idle: Thread.sleep(forTimeInterval: idleSeconds)
            case .run(let trial):
                let ended = run(trial, data: data, epochs: epochs, callbacks: callbacks, source: source)
                _ = try source.finish(ended.trial, histories: ended.histories)
                let failures = try source.consecutiveFailures()
                if failures.count >= maxConsecutiveFailedTrials {
                    throw TuningError.tooManyFailures(
                        "Number of consecutive failures exceeded the limit of \(maxConsecutiveFailedTrials).\n\(failures.message ?? "")")
                }
            }
        }
    }

    /// Runs `claimed` and returns it as it ended, with its History; any error makes it invalid, with the error as its message.
    func run(_ claimed: Trial, data: SearchData, epochs: Int, callbacks: [Callback], source: TrialSource) -> (
        trial: Trial, histories: [[String: [Double]]]
    ) {
        var trial = claimed
        let start = Date()
        var histories: [[String: [Double]]] = []
        do {
            let hp = spaceLock.withLock { space.copy() }
            hp.values = trial.values
            let keeper = BestEpochKeeper(objective: objective)
            let pruning = try pruner.map { pruner in
                let histories = try source.endedHistories(objective.name)
                return PruningCallback(pruner: pruner, objective: objective, completed: histories.completed, finished: histories.finished)
            }
            var bests: [[String: Double]] = []
            let folds = try crossValidation.map { try CrossValidation.folds(for: data.y[0], k: $0) }
            for execution in 0..<(crossValidation ?? executionsPerTrial) where pruning?.prunedAt == nil {
                let model = try startingModel(hp, trial, source: source)
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
            spaceLock.withLock { space.merge(hp.space) }
            trial.values = hp.values
            var averaged: [String: Double] = [:]
            for key in Set(bests.flatMap(\.keys)) {
                let values = bests.compactMap { $0[key] }
                averaged[key] = values.reduce(0, +) / Double(values.count)
            }
            trial.metrics = averaged
            trial.score = averaged[objective.name]
            trial.bestStep = try bestEpochMetrics(histories[0]).epoch + (trial.placement?.initialEpoch ?? 0)
            trial.modelPath = try keeper.save(in: source.modelFolder, trialID: trial.id)
            trial.status = pruning?.prunedAt == nil ? .completed : .stopped
            let name = pruner.map { String(describing: type(of: $0)) } ?? "the pruner"
            trial.message = pruning?.prunedAt.map { "pruned at epoch \($0 + 1) by \(name)" }
        } catch {
            trial.status = .invalid
            trial.message = "\(error)"
        }
        trial.seconds = Date().timeIntervalSince(start)
        return (trial, histories)
    }

    /// A new model for the trial; a Hyperband trial that continues another starts from that trial's weights.
    private func startingModel(_ hp: HyperParameters, _ trial: Trial, source: TrialSource) throws -> Model {
        let model = try hyperModel.build(hp)
        guard let past = trial.placement?.pastTrial else { return model }
        let saved = try Model.load(from: try source.modelFile(ofTrial: past))
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
