import Foundation
import TestSupport
import Testing

/// Nothing lost on a crash: `neuralkit train --backup-dir` killed with `kill -9` at random moments and
/// started again with the same command ends with the same model file, checkpoint, History and CSV log,
/// byte for byte, as a run that was never interrupted.
@Suite(.serialized) struct KillAndResumeTests {
    static let environment = ProcessInfo.processInfo.environment.merging(["SOURCE_DATE_EPOCH": "1700000000"]) { $1 }

    static func arguments(in folder: String) -> [String] {
        [
            "train", "--dataset", "digits", "--layers", "64,32", "--optimizer", "adam", "--epochs", "16", "--batch-size", "16",
            "--early-stopping", "3", "--reduce-lr-on-plateau", "1", "--checkpoint", folder + "/best.keras", "--save-best-only",
            "--csv-log", folder + "/log.csv", "--backup-dir", folder + "/backup", "--save", folder + "/model.keras",
            "--report", folder + "/report.json", "--quiet",
        ]
    }

    /// What must match between runs: the files' bytes and the report's history and decisions.
    static func outcome(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in ["best.keras", "log.csv", "model.keras"] {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))) as? [String: Any]
        for key in ["history", "epochs", "test_metrics", "stop_reason", "restored_epoch"] {
            result[key] = try JSONSerialization.data(withJSONObject: ["value": report?[key] ?? NSNull()], options: .sortedKeys)
        }
        return result
    }

    @Test func killedAtRandomMomentsAndResumedIsByteIdentical() throws {
        let reference = temporaryPath("uninterrupted")
        try FileManager.default.createDirectory(atPath: reference, withIntermediateDirectories: true)
        let start = Date()
        let clean = try runProduct("neuralkit", Self.arguments(in: reference), environment: Self.environment)
        let duration = Date().timeIntervalSince(start)
        #expect(clean.status == 0, "\(clean.standardError)")
        let expected = try Self.outcome(reference)

        // Four kill points spread over the run (start-up, mid-epoch, around backups and checkpoints) and two random ones.
        var generator = SystemRandomNumberGenerator()
        let fractions: [Double] = [0.05, 0.3, 0.55, 0.8] + (0..<2).map { _ in Double.random(in: 0.1...0.9, using: &generator) }
        let folder = temporaryPath("interrupted")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var kills = 0, backupsLeft = 0
        let backup = folder + "/backup/training-backup.h5"
        for fraction in fractions {
            let process = try launchProduct("neuralkit", Self.arguments(in: folder), environment: Self.environment)
            Thread.sleep(forTimeInterval: duration * fraction)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal && FileManager.default.fileExists(atPath: backup) { backupsLeft += 1 }
        }
        let resumes = FileManager.default.fileExists(atPath: backup)
        let resumed = try runProduct("neuralkit", Self.arguments(in: folder), environment: Self.environment)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(kills >= 3, "the runs ended before they could be killed; the workload is too small for this machine")
        #expect(backupsLeft >= 1, "no kill left a backup behind, so no run resumed")
        let outcome = try Self.outcome(folder)
        // The last run resumed from the backup it found rather than starting over (which would also end the same).
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))) as? [String: Any]
        if resumes { #expect(report?["resumed_at_epoch"] is Int, "the run after the kills did not resume from the backup") }
        for key in expected.keys.sorted() { #expect(outcome[key] == expected[key], "\(key) differs after \(kills) kills at \(fractions)") }
        #expect(!FileManager.default.fileExists(atPath: folder + "/backup/training-backup.h5"), "a finished run removes its backup")
    }

    @Test func aCorruptBackupStopsTheRunWithTheFileNamed() throws {
        let folder = temporaryPath("corrupt-backup")
        try FileManager.default.createDirectory(atPath: folder + "/backup", withIntermediateDirectories: true)
        try Data(repeating: 7, count: 100).write(to: URL(fileURLWithPath: folder + "/backup/training-backup.h5"))
        let result = try runProduct("neuralkit", Self.arguments(in: folder))
        #expect(result.status != 0)
        #expect(result.standardError.contains(folder + "/backup/training-backup.h5") && result.standardError.contains("start training"))
        #expect(!result.standardError.contains("SavingError") && !result.standardError.contains("Error Domain"))
    }
}
