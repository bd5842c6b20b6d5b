import Foundation
import Training

/// A rank's view of an MPI search: every question goes to rank 0, which owns the study. The rank saves
/// each trial's model in a scratch folder of its own and sends the file's bytes with the trial's end, so
/// the study directory on rank 0's machine holds every trial's model, whichever host ran it.
final class RemoteTrials: TrialSource {
    let communicator: Communicator
    let modelFolder: String

    /// Says hello to rank 0 with this search's `identity`; rank 0 refuses a rank that searches another space.
    init(communicator: Communicator, identity: String) throws {
        self.communicator = communicator
        modelFolder = (NSTemporaryDirectory() as NSString).appendingPathComponent("neuralkit-tune-rank\(communicator.rank)-\(getpid())")
        do { try FileManager.default.createDirectory(atPath: modelFolder, withIntermediateDirectories: true) } catch {
            throw TuningError.invalidArgument("cannot create the scratch folder \(modelFolder) for this rank's models: \(error.localizedDescription)")
        }
        guard case .ok = try ask(.hello(host: ProcessInfo.processInfo.hostName, pid: getpid(), identity: identity)) else {
            throw TuningError.ranks("rank 0 answered this rank's hello with something else")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: modelFolder) }

    func claim() throws -> Claim {
        guard case .claim(let claim) = try ask(.claim) else { throw unexpected("a claim") }
        return claim
    }

    func finish(_ trial: Trial, histories: [[String: [Double]]]) throws -> TrialStatus {
        var model: Data?
        if let path = trial.modelPath {
            let file = (modelFolder as NSString).appendingPathComponent(path)
            do { model = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw TuningError.invalidArgument("cannot read trial \(trial.id)'s model \(file) to send it to rank 0: \(error.localizedDescription)")
            }
            try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent)
        }
        guard case .status(let status) = try ask(.finish(trial: trial, histories: histories, model: model)) else { throw unexpected("a status") }
        return status
    }

    func consecutiveFailures() throws -> (count: Int, message: String?) {
        guard case let .failures(count, message) = try ask(.consecutiveFailures) else { throw unexpected("a failure count") }
        return (count, message)
    }

    func endedHistories(_ metric: String) throws -> (completed: [[Double]], finished: [[Double]]) {
        guard case let .histories(completed, finished) = try ask(.endedHistories(metric: metric)) else { throw unexpected("histories") }
        return (completed, finished)
    }

    func modelFile(ofTrial number: Int) throws -> String {
        guard case .model(let bytes) = try ask(.model(trial: number)) else { throw unexpected("a model file") }
        let path = (modelFolder as NSString).appendingPathComponent("past_trial_\(number).keras")
        do { try bytes.write(to: URL(fileURLWithPath: path)) } catch {
            throw TuningError.invalidArgument("cannot write trial \(number)'s model to \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// Tells rank 0 this rank is done, with its error if it failed.
    static func sayDone(on communicator: Communicator, error: String?) throws {
        try communicator.send(try TrialMessages.encode(TrialRequest.done(error: error)), to: 0, tag: TrialMessages.requestTag)
    }

    private func ask(_ request: TrialRequest) throws -> TrialReply {
        try communicator.send(try TrialMessages.encode(request), to: 0, tag: TrialMessages.requestTag)
        let reply = try TrialMessages.decode(TrialReply.self, try communicator.receive(from: 0, tag: TrialMessages.replyTag).bytes, from: 0)
        if case .error(let message) = reply { throw TuningError.ranks("rank 0: \(message)") }
        return reply
    }

    private func unexpected(_ what: String) -> TuningError { .ranks("rank 0 did not answer with \(what); are all ranks the same neuralkit build?") }
}
