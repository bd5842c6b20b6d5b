import Foundation
import TestSupport
import Testing
import Tuning

/// Faults in `mpirun -np 2 neuralkit tune`: a killed rank stops the job within seconds, and the same
/// command after a killed job continues the study (finished trials kept, interrupted ones run again).
@Suite(.serialized) struct MPITuneFaultTests {
    /// Trials of about a second each here (80 epochs of digits), so that a kill lands mid-search even on
    /// a faster machine (the study is watched every 20 ms and the kill sent as soon as trials are running).
    static let trials = 10
    static func arguments(in folder: String) -> [String] {
        MPITuneTests.arguments(in: folder, trials: trials, epochs: 80)
    }

    /// Waits until the study has `count` ended trials and some running; false after 60 s. The study is
    /// opened once rank 0 has made it, then only read.
    static func waitForTrials(_ folder: String, ended count: Int) -> Bool {
        var study: Study?
        for _ in 0..<3000 {
            if study == nil && FileManager.default.fileExists(atPath: folder + "/study.db") { study = try? Study(directory: folder) }
            if let trials = try? study?.trials(), trials.filter({ $0.status != .running }).count >= count,
                trials.contains(where: { $0.status == .running })
            {
                return true
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    /// Whether these processes ended within 10 s (a zombie, ended but not yet reaped, counts as ended).
    static func gone(_ pids: [Int32]) -> Bool {
        func running(_ pid: Int32) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
            return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
        }
        for _ in 0..<200 where pids.contains(where: running) { Thread.sleep(forTimeInterval: 0.05) }
        return !pids.contains(where: running)
    }

    @Test func aKilledRankStopsTheJobWithinSeconds() throws {
        let folder = temporaryPath("tune-killed")
        guard let (job, output, errors) = try MPIRun.launch(2, "neuralkit", Self.arguments(in: folder)) else {
            print("SKIP: mpirun is not installed")
            return
        }
        let ranks = MPIFaultTests.ranks(of: job)
        #expect(ranks.count == 2)
        #expect(Self.waitForTrials(folder, ended: 1))
        let killedAt = Date()
        if let victim = ranks.last { kill(victim, SIGKILL) }
        let result = MPIRun.finish(job, output, errors)
        let seconds = Date().timeIntervalSince(killedAt)
        #expect(seconds < 10, "the job took \(seconds) s to stop")
        #expect(result.status != 0 && result.status != 124, "status \(result.status)")
        #expect(result.standardError.contains("exited on signal 9"), "\(result.standardError)")
        #expect(Self.gone(ranks), "no rank is left running")
    }

    /// `kill -9` of mpirun itself (its ranks go with it), then the same command: the trials that had
    /// ended are kept as they were, the ones that were running are run again, and each trial is in the
    /// study once.
    @Test func theSameCommandAfterAKilledJobContinuesTheStudy() throws {
        let folder = temporaryPath("tune-resumed")
        guard let (job, output, errors) = try MPIRun.launch(2, "neuralkit", Self.arguments(in: folder)) else {
            print("SKIP: mpirun is not installed")
            return
        }
        let ranks = MPIFaultTests.ranks(of: job)
        #expect(Self.waitForTrials(folder, ended: 2))
        if let mpirun = MPIFaultTests.children(of: job.processIdentifier).first { kill(mpirun, SIGKILL) }
        let killed = MPIRun.finish(job, output, errors)
        try #require(killed.status != 0, "the search ended before it could be killed; make its trials longer")
        #expect(Self.gone(ranks), "the ranks went with mpirun")
        let before = try Study(directory: folder).trials()
        let ended = before.filter { $0.status != .running }, interrupted = before.filter { $0.status == .running }
        #expect(!interrupted.isEmpty)

        let resumed = try #require(try MPIRun.run(2, "neuralkit", Self.arguments(in: folder)))
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let after = try Study(directory: folder).trials()
        #expect(after.map(\.number) == Array(0..<Self.trials))
        #expect(after.allSatisfy { $0.status == .completed }, "\(after.map(\.status))")
        for trial in ended {
            let again = after[trial.number]
            #expect(again.worker == trial.worker && again.score == trial.score && again.runCount == 1, "trial \(trial.id) was not run again")
        }
        for trial in interrupted {
            let again = after[trial.number]
            #expect(again.worker != trial.worker && again.values == trial.values, "trial \(trial.id) ran again, in the new job")
        }
    }

    /// Ranks started with different search spaces: rank 0 refuses the other at its hello, runs no
    /// trial, and fails saying what differs (no hang).
    @Test func ranksSearchingDifferentSpacesFailAtStartSayingWhatDiffers() throws {
        let folder = temporaryPath("tune-mismatch")
        let ours = MPITuneTests.arguments(in: folder), theirs = MPITuneTests.arguments(in: folder, extra: ["--units", "8..64"])
        let started = Date()
        guard let result = try MPIRun.runMismatched("neuralkit", ours, theirs) else {
            print("SKIP: mpirun is not installed")
            return
        }
        #expect(result.status != 0 && result.status != 124)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.standardError.contains("rank 1: it searches another space or objective than rank 0"), "\(result.standardError)")
        #expect(result.standardError.contains("64"), "the message shows where the spaces differ: \(result.standardError)")
        #expect(try Study(directory: folder).trials().isEmpty, "no trial ran")
    }

    /// `--workers` starts local processes, which mpirun's ranks already are: refused once, by rank 0.
    @Test func workersUnderMpirunAreRefusedOnce() throws {
        let folder = temporaryPath("tune-workers")
        guard let result = try MPIRun.run(2, "neuralkit", MPITuneTests.arguments(in: folder, extra: ["--workers", "2"])) else {
            print("SKIP: mpirun is not installed")
            return
        }
        #expect(result.status != 0 && result.status != 124)
        #expect(result.standardError.components(separatedBy: "drop --workers").count == 2, "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/study.db"), "no study was made")
    }
}
