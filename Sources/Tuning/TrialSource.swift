import Foundation
import Models

/// Where a search's worker gets its trials and reports how they ended: the study itself (one process,
/// or several sharing its database on one machine), or, on a rank of an MPI job, rank 0, which alone
/// opens the study (SQLite over a network file system is not safe).
protocol TrialSource: AnyObject {
    /// The folder a trial's model is saved in, as `trial_ID/model.keras`: the study directory, or a
    /// rank's scratch folder whose files go to rank 0.
    var modelFolder: String { get }
    /// The next trial to run, or idle, or stop.
    func claim() throws -> Claim
    /// Records how a run of a trial ended (its model saved in ``modelFolder``); returns the status recorded.
    func finish(_ trial: Trial, histories: [[String: [Double]]]) throws -> TrialStatus
    /// The failed trials at the end of the order in which trials ended, and the last one's message.
    func consecutiveFailures() throws -> (count: Int, message: String?)
    /// `metric` per epoch (first execution) of each completed trial, and of each ended one (completed or pruned).
    func endedHistories(_ metric: String) throws -> (completed: [[Double]], finished: [[Double]])
    /// A readable path of trial `number`'s saved model (a Hyperband trial continues from it).
    func modelFile(ofTrial number: Int) throws -> String
}

/// The study as a worker's source, for every trial of this process (and, under MPI, rank 0's
/// coordinator): claims go through the database and the oracle, one at a time under ``lock``, which
/// also guards the tuner's space (the coordinator's thread reads it while the rank trains).
final class StudyTrials: TrialSource {
    let tuner: Tuner
    let lock = NSLock()
    /// Who this process's trials are recorded as run by (rank 0 of an MPI job says so).
    var worker: WorkerIdentity

    init(_ tuner: Tuner) {
        self.tuner = tuner
        worker = tuner.worker
    }

    var modelFolder: String { tuner.directory }

    func claim() throws -> Claim { try claim(worker: worker) }

    func claim(worker: WorkerIdentity) throws -> Claim {
        try lock.withLock { try tuner.study.claim(oracle: tuner.oracle, space: tuner.space, worker: worker) }
    }

    /// Records the trial and reports it to the tuner's `onTrialEnd`, under the lock.
    func finish(_ trial: Trial, histories: [[String: [Double]]]) throws -> TrialStatus {
        try lock.withLock {
            var recorded = trial
            recorded.status = try tuner.study.finish(trial, histories: histories, maxRetries: tuner.maxRetriesPerTrial)
            tuner.onTrialEnd?(recorded)
            return recorded.status
        }
    }

    func consecutiveFailures() throws -> (count: Int, message: String?) { try lock.withLock { try tuner.study.consecutiveFailures() } }

    func endedHistories(_ metric: String) throws -> (completed: [[Double]], finished: [[Double]]) {
        try lock.withLock {
            var completed: [[Double]] = [], finished: [[Double]] = []
            for trial in try tuner.study.trials() where trial.status == .completed || trial.status == .stopped {
                guard let series = try tuner.study.history(trial: trial.number)[metric] else { continue }
                finished.append(series)
                if trial.status == .completed { completed.append(series) }
            }
            return (completed, finished)
        }
    }

    func modelFile(ofTrial number: Int) throws -> String {
        let file = try lock.withLock { try tuner.study.trials().first { $0.number == number }?.modelPath }
        guard let file else { throw TuningError.database("trial \(number), which a Hyperband trial continues, has no saved model") }
        return (tuner.directory as NSString).appendingPathComponent(file)
    }

    /// Writes a model file that another rank saved, as `trial_ID/model.keras` in the study directory
    /// (atomically); returns its path relative to the directory.
    func storeModel(_ bytes: Data, trialID: String) throws -> String {
        let relative = "trial_\(trialID)/model.keras"
        let folder = (tuner.directory as NSString).appendingPathComponent("trial_\(trialID)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try AtomicFile.write(bytes, to: (tuner.directory as NSString).appendingPathComponent(relative), what: "trial \(trialID)'s model")
        return relative
    }
}
