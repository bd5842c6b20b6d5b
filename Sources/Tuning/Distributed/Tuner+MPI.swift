import Foundation
import Models
import Training

extension Tuner {
    /// Runs the search across the ranks of an MPI job, as rank 0 (the other ranks run a ``TrialWorker``);
    /// with no communicator (`Communicator.world()` outside `mpirun`) or a job of one rank, as one process:
    /// this process alone opens the study; a coordinator thread hands the other ranks their trials and
    /// records what they send back (results, History, model files, errors), while this rank runs trials
    /// too. Returns when the oracle has stopped and every rank is done; throws this rank's error, or the
    /// first rank's that failed.
    public func search(_ data: SearchData, epochs: Int, callbacks: [Callback] = [], communicator: Communicator?) throws {
        guard let communicator else { return try search(data, epochs: epochs, callbacks: callbacks) }
        guard communicator.isChief else { throw TuningError.invalidArgument("only rank 0 searches with a Tuner; the other ranks run a TrialWorker") }
        guard communicator.size > 1 else { return try search(data, epochs: epochs, callbacks: callbacks) }
        guard communicator.threadSafe else {
            throw TuningError.ranks("this Open MPI gives no MPI_THREAD_SERIALIZED support, which rank 0's coordinator thread needs")
        }
        let source = StudyTrials(self)
        source.worker = .rank(0, host: worker.host, pid: worker.pid)
        let runner = runner(lock: source.lock)
        let coordinator = TrialCoordinator(communicator: communicator, source: source, identity: try runner.identity)
        coordinator.start()
        coordinator.waitForEveryRank()
        var failure: Error?
        // A rank refused at its hello (another space) stops the search before any trial.
        if !coordinator.isStopping {
            do {
                try runner.search(
                    data, epochs: epochs, callbacks: callbacks, source: source, idleSeconds: idleSeconds,
                    maxConsecutiveFailedTrials: maxConsecutiveFailedTrials)
            } catch {
                failure = error
                coordinator.stop()
            }
        }
        let others = coordinator.wait()
        if let failure { throw failure }
        if let first = others.first { throw TuningError.ranks("the search failed on \(first)") }
    }
}
