import Foundation
import Models

/// Runs a hyperparameter search (Keras Tuner's `Tuner`): asks the study for a trial, builds and trains
/// its model (`executionsPerTrial` times), scores it by the objective at its best epoch, saves that
/// epoch's model as `trial_N/model.keras`, and records everything in the study, until the oracle stops.
///
/// The same search started again on the same directory resumes: finished trials are kept, a trial
/// whose process died is run again. Several processes may search one study at once.
public class Tuner {
    public let oracle: Oracle
    public let hyperModel: HyperModel
    public let study: Study
    public let executionsPerTrial: Int
    public let maxRetriesPerTrial: Int
    public let maxConsecutiveFailedTrials: Int
    /// The search space, found by building the model with its defaults and with every conditional
    /// scope made active in turn (Keras Tuner's `_populate_initial_space`).
    public let space: HyperParameters
    /// Called after each trial ends, with the trial as recorded (for progress lines).
    public var onTrialEnd: ((Trial) -> Void)?
    /// Stops trials that are clearly worse than the completed ones at the same epoch (none by default,
    /// as in Keras Tuner); a pruned trial is recorded as stopped.
    public var pruner: Pruner?
    /// Scores each trial by k-fold cross-validation of the training data (`CrossValidation`'s folds, one
    /// execution per fold, the objective averaged), as `RandomizedSearchCV(cv=k)`; the search's validation
    /// data is then not used. Nil: train on the training data and validate as given.
    public var crossValidation: Int?
    /// How long an idle worker waits before asking again (another worker's trial must end first).
    public var idleSeconds = 0.2
    let worker = WorkerIdentity.current

    public var objective: Objective { oracle.objective }
    public var directory: String { study.directory }

    /// Opens or creates the study in `directory`; a study made by another search (tuner, objective or
    /// space) is an error unless `overwrite`, which starts it afresh.
    public init(
        oracle: Oracle, hyperModel: HyperModel, directory: String, overwrite: Bool = false, executionsPerTrial: Int = 1,
        maxRetriesPerTrial: Int = 0, maxConsecutiveFailedTrials: Int = 3, hyperparameters: HyperParameters? = nil
    ) throws {
        guard executionsPerTrial >= 1 else { throw TuningError.invalidArgument("executionsPerTrial must be at least 1, not \(executionsPerTrial)") }
        guard maxRetriesPerTrial >= 0 else { throw TuningError.invalidArgument("maxRetriesPerTrial must not be negative, not \(maxRetriesPerTrial)") }
        guard maxConsecutiveFailedTrials >= 1 else {
            throw TuningError.invalidArgument("maxConsecutiveFailedTrials must be at least 1, not \(maxConsecutiveFailedTrials)")
        }
        (self.oracle, self.hyperModel) = (oracle, hyperModel)
        (self.executionsPerTrial, self.maxRetriesPerTrial, self.maxConsecutiveFailedTrials) = (
            executionsPerTrial, maxRetriesPerTrial, maxConsecutiveFailedTrials
        )
        space = try Self.discoverSpace(hyperModel, start: hyperparameters ?? HyperParameters())
        if overwrite { try Study.remove(directory: directory) }
        study = try Study(directory: directory)
        try claimStudy()
    }

    /// The identity this search writes into its study: the tuner and its settings, the objective, the space.
    var identity: String {
        get throws { "\(oracle.identity); \(try runner(lock: NSLock()).identity)" }
    }

    private func claimStudy() throws {
        let mine = try identity
        try study.transaction {
            guard let existing = try study.setting("identity") else {
                try study.setSetting("identity", mine)
                try study.setSetting("space", String(decoding: try JSONEncoder().encode(space.space), as: UTF8.self))
                try study.setSetting("objective", objective.name)
                try study.setSetting("direction", objective.direction.rawValue)
                return
            }
            guard existing == mine else {
                throw TuningError.otherSearch(
                    "the study in \(directory) belongs to another search (tuner, objective or search space differ: it has "
                        + "\(existing.prefix(300)); this search is \(mine.prefix(300))); use another directory, or overwrite to start afresh")
            }
        }
    }

    static func discoverSpace(_ hyperModel: HyperModel, start: HyperParameters) throws -> HyperParameters {
        let space = start.copy()
        var onceActive: [[Condition]] = [], neverActive: [[Condition]] = []
        var point = space.copy()
        for _ in 0..<1000 {
            do { _ = try hyperModel.build(point) } catch let error as HyperParameterError { throw error } catch {
                throw TuningError.invalidArgument("building the model with the hyperparameters \(point.values) failed: \(error)")
            }
            space.merge(point.space)
            for scope in point.activeScopes where !onceActive.contains(scope) {
                onceActive.append(scope)
                neverActive.removeAll { $0 == scope }
            }
            for scope in point.inactiveScopes where !onceActive.contains(scope) && !neverActive.contains(scope) { neverActive.append(scope) }
            guard let scope = neverActive.first else { return space }
            point = space.copy()
            for condition in scope { point.values[condition.parent] = condition.values[0] }
            point.ensureActiveValues()
            neverActive.removeFirst()
        }
        return space
    }
}
