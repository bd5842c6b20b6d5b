import Foundation
import Models
import TestSupport
import Testing

/// Item 7: faults in `mpirun -np 2 neuralkit train`: a killed rank stops the job within seconds, a
/// backup resumes it, and ranks started differently are told what differs.
@Suite(.serialized) struct MPIFaultTests {
    static func arguments(in folder: String, epochs: Int, layers: String = "32") -> [String] {
        [
            "train", "--dataset", "digits", "--layers", layers, "--optimizer", "adam", "--epochs", "\(epochs)", "--batch-size", "32",
            "--early-stopping", "50", "--backup-dir", folder + "/backup", "--save", folder + "/model.keras", "--report", folder + "/report.json",
            "--quiet",
        ]
    }

    static func folder(_ name: String) throws -> String {
        let path = temporaryPath(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The ranks `mpirun` started: its child processes.
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }.sorted()
    }

    /// The timeout wrapper's child is mpirun; mpirun's children are the ranks.
    static func ranks(of job: Process) -> [Int32] {
        for _ in 0..<100 {
            if let mpirun = children(of: job.processIdentifier).first {
                let ranks = children(of: mpirun)
                if ranks.count == 2 { return ranks }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return []
    }

    @Test func aKilledRankStopsTheOthersWithinSecondsSayingWhich() throws {
        let folder = try Self.folder("killed")
        guard let (job, output, errors) = try MPIRun.launch(2, "neuralkit", Self.arguments(in: folder, epochs: 500)) else {
            print("SKIP: mpirun is not installed")
            return
        }
        let ranks = Self.ranks(of: job)
        #expect(ranks.count == 2)
        // Wait until training runs (the first backup is written after epoch 1).
        let backup = folder + "/backup/training-backup.h5"
        for _ in 0..<400 where !FileManager.default.fileExists(atPath: backup) { Thread.sleep(forTimeInterval: 0.05) }
        #expect(FileManager.default.fileExists(atPath: backup))
        let killedAt = Date()
        if let victim = ranks.last { kill(victim, SIGKILL) }
        let result = MPIRun.finish(job, output, errors)
        let seconds = Date().timeIntervalSince(killedAt)
        #expect(seconds < 10, "the surviving rank took \(seconds) s to stop")
        #expect(result.status != 0 && result.status != 124, "status \(result.status)")
        #expect(result.standardError.contains("exited on signal 9"), "\(result.standardError)")
    }

    /// `--backup-dir`: the same `mpirun` command run again after a killed rank resumes from the last
    /// completed epoch and ends with the weights and History of a run never interrupted, bit for bit.
    @Test func theSameCommandAgainResumesFromTheBackup() throws {
        let reference = try Self.folder("reference"), folder = try Self.folder("resumed")
        // Wide layers make each epoch take tens of milliseconds, so the job is still running when the
        // first backup appears (a 32-unit model finished all its epochs between two polls on a fast machine).
        let arguments = { (folder: String) in Self.arguments(in: folder, epochs: 12, layers: "256,256") }
        guard let clean = try MPIRun.run(2, "neuralkit", arguments(reference)) else {
            print("SKIP: mpirun is not installed")
            return
        }
        #expect(clean.status == 0, "\(clean.standardError)")
        let (job, output, errors) = try #require(try MPIRun.launch(2, "neuralkit", arguments(folder)))
        let ranks = Self.ranks(of: job)
        let backup = folder + "/backup/training-backup.h5"
        // The backup is written atomically, so the moment it exists it is whole: kill at once.
        for _ in 0..<4000 where !FileManager.default.fileExists(atPath: backup) { Thread.sleep(forTimeInterval: 0.005) }
        if let victim = ranks.first { kill(victim, SIGKILL) }
        let interrupted = MPIRun.finish(job, output, errors)
        try #require(interrupted.status != 0, "the run ended before it could be interrupted; make it longer")
        #expect(FileManager.default.fileExists(atPath: backup))
        let resumed = try #require(try MPIRun.run(2, "neuralkit", arguments(folder)))
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))) as? [String: Any]
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reference + "/report.json"))) as? [String: Any]
        #expect((report?["resumed_at_epoch"] as? Int ?? 0) > 1)
        #expect(report?["history"] as? [String: [Double]] == expected?["history"] as? [String: [Double]])
        #expect(
            try Model.load(from: folder + "/model.keras").getWeights().flatMap(\.scalars)
                == Model.load(from: reference + "/model.keras").getWeights().flatMap(\.scalars))
    }

    /// Ranks started with different options fail at once, rank 0 saying what differs (no hang).
    @Test func ranksGivenDifferentConfigurationsFailAtStartSayingWhatDiffers() throws {
        let common = ["train", "--dataset", "digits", "--layers", "32", "--quiet"]
        let started = Date()
        guard let result = try MPIRun.runMismatched("neuralkit", common + ["--epochs", "2"], common + ["--epochs", "3", "--learning-rate", "0.5"]) else {
            print("SKIP: mpirun is not installed")
            return
        }
        #expect(result.status != 0 && result.status != 124)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.standardError.contains("epochs: 2 on rank 0, 3 on rank 1"), "\(result.standardError)")
        #expect(result.standardError.contains("optimizer:"), "\(result.standardError)")
        #expect(result.standardError.components(separatedBy: "Error: the ranks of this MPI job").count == 2, "reported once, by rank 0")
    }
}
