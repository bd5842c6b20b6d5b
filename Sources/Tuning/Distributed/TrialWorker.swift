import Foundation
import Models
import Training

/// A rank other than 0 of a search run with `mpirun`: it builds the same hypermodel but opens no study;
/// it asks rank 0 (a ``Tuner`` searching with ``Tuner/search(_:epochs:callbacks:communicator:)``) for
/// trials, runs them, and sends back their History and model files, until rank 0 says stop. Keras
/// Tuner's distributed mode has the same split: a chief owns the oracle, workers ask it for trials.
public final class TrialWorker {
    public let hyperModel: HyperModel
    public let objective: Objective
    public let executionsPerTrial: Int
    public let maxConsecutiveFailedTrials: Int
    /// The search space, found as the tuner finds it (the same on every rank, which rank 0 checks).
    public let space: HyperParameters
    /// As the tuner's: the same on every rank.
    public var pruner: Pruner?
    public var crossValidation: Int?
    /// How long the rank waits before asking again when rank 0 has no trial for it yet.
    public var idleSeconds = 0.2

    public init(
        hyperModel: HyperModel, objective: Objective, executionsPerTrial: Int = 1, maxConsecutiveFailedTrials: Int = 3,
        hyperparameters: HyperParameters? = nil
    ) throws {
        guard executionsPerTrial >= 1 else { throw TuningError.invalidArgument("executionsPerTrial must be at least 1, not \(executionsPerTrial)") }
        (self.hyperModel, self.objective, self.executionsPerTrial, self.maxConsecutiveFailedTrials) = (
            hyperModel, objective, executionsPerTrial, maxConsecutiveFailedTrials
        )
        space = try Tuner.discoverSpace(hyperModel, start: hyperparameters ?? HyperParameters())
    }

    /// Runs rank 0's trials on this rank until it says stop, then tells it this rank is done. An error
    /// here (too many failed trials, rank 0 refusing this rank) is sent to rank 0, which reports it,
    /// and thrown.
    public func search(_ data: SearchData, epochs: Int, callbacks: [Callback] = [], communicator: Communicator) throws {
        guard communicator.rank != 0 else { throw TuningError.invalidArgument("rank 0 searches with a Tuner; a TrialWorker runs on the other ranks") }
        let runner = TrialRunner(
            hyperModel: hyperModel, objective: objective, space: space, spaceLock: NSLock(), executionsPerTrial: executionsPerTrial, pruner: pruner,
            crossValidation: crossValidation)
        do {
            // Its scratch folder of model files goes when it does.
            let remote = try RemoteTrials(communicator: communicator, identity: try runner.identity)
            try runner.search(
                data, epochs: epochs, callbacks: callbacks, source: remote, idleSeconds: idleSeconds, maxConsecutiveFailedTrials: maxConsecutiveFailedTrials)
        } catch {
            // Rank 0 waits for every rank's done, error or not (a rank it refused is done too).
            try RemoteTrials.sayDone(on: communicator, error: "\(error)")
            throw error
        }
        try RemoteTrials.sayDone(on: communicator, error: nil)
    }
}
