import Foundation
import Training

/// Rank 0 of an MPI search, on its own thread: the only process that opens the study, it answers the
/// other ranks' requests (claim a trial, record its end and model file, the ended trials' epochs for
/// the pruner, a past trial's model for Hyperband) in the order they arrive, through the same
/// ``StudyTrials`` and lock as rank 0's own trials. So the oracle sees trials end in the order they
/// end, exactly as with worker processes sharing the database.
final class TrialCoordinator: @unchecked Sendable {
    let communicator: Communicator
    let source: StudyTrials
    let identity: String
    private let state = NSLock()
    private var stopping = false
    private var failures: [String] = []
    private let finished = DispatchSemaphore(value: 0)
    private let greeted = DispatchSemaphore(value: 0)
    /// Who each rank is (from its hello); read and written on the coordinator's thread only.
    private var workers: [Int: WorkerIdentity] = [:]
    /// The ranks whose hello was refused (their error is recorded then, not again when they say done).
    private var refused: Set<Int> = []

    init(communicator: Communicator, source: StudyTrials, identity: String) {
        (self.communicator, self.source, self.identity) = (communicator, source, identity)
    }

    /// Starts answering on a new thread until every other rank has said it is done.
    func start() {
        let thread = Thread { [self] in
            do { try serve() } catch {
                // A rank waiting for an answer would wait forever: stop the job with the reason.
                communicator.abort("the search's coordinator failed: \(error)")
            }
            greeted.signal()
            finished.signal()
        }
        thread.name = "neuralkit tune coordinator"
        thread.start()
    }

    /// From now on every claim is answered with stop (rank 0's own search failed).
    func stop() { state.withLock { stopping = true } }

    /// Waits until every other rank has said hello (or is done), so that rank 0's own trials start with
    /// theirs: the first trials are shared out, and a rank searching another space is refused before any runs.
    func waitForEveryRank() { greeted.wait() }

    /// Whether claims are answered with stop: rank 0's search failed, or a rank was refused at its hello.
    var isStopping: Bool { state.withLock { stopping } }

    /// Waits until every other rank is done; returns the errors they reported, by rank.
    func wait() -> [String] {
        finished.wait()
        return state.withLock { failures }
    }

    private func serve() throws {
        var active = Set(1..<communicator.size), unheard = active
        while !active.isEmpty {
            let (bytes, rank) = try communicator.receive(tag: TrialMessages.requestTag)
            let request = try TrialMessages.decode(TrialRequest.self, bytes, from: rank)
            if case .done(let error) = request {
                active.remove(rank)
                if let error, !refused.contains(rank) { state.withLock { failures.append("rank \(rank): \(error)") } }
            } else {
                let reply: TrialReply
                do { reply = try answer(request, from: rank) } catch {
                    if case .hello = request {
                        refused.insert(rank)
                        stop()
                        state.withLock { failures.append("rank \(rank): \(error)") }
                    }
                    reply = .error("\(error)")
                }
                try communicator.send(try TrialMessages.encode(reply), to: rank, tag: TrialMessages.replyTag)
            }
            if unheard.remove(rank) != nil && unheard.isEmpty { greeted.signal() }
        }
    }

    private func answer(_ request: TrialRequest, from rank: Int) throws -> TrialReply {
        switch request {
        case let .hello(host, pid, theirs):
            guard theirs == identity else {
                // Where they part: a little before the first difference, in both.
                let start = max(0, zip(theirs, identity).prefix { $0 == $1 }.count - 40)
                throw TuningError.ranks(
                    "it searches another space or objective than rank 0 (it has …\(theirs.dropFirst(start).prefix(160))…; rank 0 has "
                        + "…\(identity.dropFirst(start).prefix(160))…); start every rank with the same arguments")
            }
            workers[rank] = .rank(rank, host: host, pid: pid)
            return .ok
        case .claim:
            guard let worker = workers[rank] else { throw TuningError.ranks("rank \(rank) asked for a trial before saying hello") }
            if state.withLock({ stopping }) { return .claim(.stop) }
            return .claim(try source.claim(worker: worker))
        case let .finish(trial, histories, model):
            var recorded = trial
            recorded.modelPath = try model.map { try source.storeModel($0, trialID: trial.id) }
            return .status(try source.finish(recorded, histories: histories))
        case .consecutiveFailures:
            let failures = try source.consecutiveFailures()
            return .failures(count: failures.count, message: failures.message)
        case .endedHistories(let metric):
            let histories = try source.endedHistories(metric)
            return .histories(completed: histories.completed, finished: histories.finished)
        case .model(let number):
            let path = try source.modelFile(ofTrial: number)
            do { return .model(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
                throw TuningError.database("cannot read trial \(number)'s model \(path) on rank 0: \(error.localizedDescription)")
            }
        case .done: return .ok
        }
    }
}
