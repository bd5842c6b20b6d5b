import Foundation
import TestSupport
import Testing

/// `neuralkit train`'s callback options and `neuralkit lr-find`, end to end.
@Suite struct CallbackCommandTests {
    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    /// The chapter's run in small: stop early, keep the best weights, and the best checkpoint reloads to
    /// exactly the restored model's test scores.
    @Test func earlyStoppingRestoresTheBestEpochAndTheCheckpointMatchesIt() throws {
        let folder = temporaryPath("chapter-run")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let train = try runProduct(
            "neuralkit",
            [
                "train", "--dataset", "digits", "--layers", "32", "--optimizer", "adam", "--learning-rate", "0.01", "--epochs", "100",
                "--validation-split", "0.2", "--checkpoint", folder + "/best.keras", "--save-best-only", "--early-stopping", "3",
                "--csv-log", folder + "/log.csv", "--report", folder + "/train.json", "--verbose", "2",
            ])
        #expect(train.status == 0, "\(train.standardError)")
        let report = try Self.json(folder + "/train.json")
        let epochs = try #require(report["epochs"] as? [Int])
        #expect(epochs.count < 100, "early stopping should end the run")
        #expect((report["stop_reason"] as? String)?.contains("val_loss did not improve for 3 epochs") == true)
        let restored = try #require(report["restored_epoch"] as? Int)
        let losses = try #require((report["history"] as? [String: [Double]])?["val_loss"])
        #expect(restored == (losses.indices.min { losses[$0] < losses[$1] } ?? -1) + 1, "the restored epoch is the best one")
        #expect(train.standardOutput.contains("Restoring model weights from the end of the best epoch: \(restored)."))
        #expect(train.standardOutput.contains("val_loss improved from"))
        // The CSV log has a header and one row per epoch.
        let log = try String(contentsOfFile: folder + "/log.csv", encoding: .utf8)
        #expect(log.hasPrefix("epoch,accuracy,loss,val_accuracy,val_loss\r\n") && log.components(separatedBy: "\r\n").count == epochs.count + 2)
        let evaluate = try runProduct("neuralkit", ["evaluate", folder + "/best.keras", "--dataset", "digits", "--report", folder + "/eval.json"])
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        let scores = try #require(try Self.json(folder + "/eval.json")["metrics"] as? [String: Double])
        #expect(scores == report["test_metrics"] as? [String: Double])
    }

    @Test func badCallbackOptionsAreClearErrors() throws {
        let missing = temporaryPath("no-such-folder")
        for (arguments, expected) in [
            (["--save-best-only"], "--save-best-only applies to --checkpoint"),
            (["--checkpoint", "best.h5"], "ending in .keras (the whole model) or .weights.h5"),
            (["--checkpoint", "ckpt-{epoch:02d}-{val_los:.2f}.keras"], "{val_los}"),
            (["--checkpoint", "ckpt-{epoch:02d.keras"], "malformed"),
            (["--csv-log", missing + "/log.csv"], "does not exist"),
            (["--early-stopping=-1"], "patience of 0 epochs or more"),
            (["--reduce-lr-on-plateau=-2"], "patience of 0 epochs or more"),
        ] {
            let result = try runProduct("neuralkit", ["train", "--dataset", "iris", "--epochs", "1", "--quiet"] + arguments)
            #expect(result.status != 0 && result.standardError.contains(expected), "\(arguments): \(result.standardError)")
        }
        // A file where the backup folder should be.
        let file = temporaryPath("a-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let backup = try runProduct("neuralkit", ["train", "--dataset", "iris", "--epochs", "1", "--quiet", "--backup-dir", file])
        #expect(backup.status != 0 && backup.standardError.contains("cannot create the backup folder \(file)"))
        // A file where the TensorBoard log folder should be: refused before training, naming it.
        let logs = try runProduct("neuralkit", ["train", "--dataset", "iris", "--epochs", "1", "--quiet", "--tensorboard", file])
        #expect(logs.status != 0 && logs.standardError.contains(file), "\(logs.standardError)")
        // A monitor that never appears: a warning each epoch that lists the keys, not a failure.
        let monitor = try runProduct("neuralkit", ["train", "--dataset", "iris", "--epochs", "2", "--quiet", "--early-stopping", "1", "--monitor", "val_auc"])
        #expect(monitor.status == 0 && monitor.standardError.contains("`val_auc`") && monitor.standardError.contains("accuracy,loss"))
    }

    @Test func lrFindSuggestsARateAndLeavesAReport() throws {
        let report = temporaryPath("lr.json")
        let result = try runProduct("neuralkit", ["lr-find", "--dataset", "digits", "--batch-size", "8", "--report", report])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Suggested learning rate:"))
        let document = try Self.json(report)
        let rates = try #require(document["rates"] as? [Double]), losses = try #require(document["losses"] as? [Double])
        #expect(rates.count == losses.count && rates.first.map { Swift.abs($0 - 1e-5) < 1e-9 } == true)
        let suggested = try #require(document["suggested_rate"] as? Double)
        #expect(suggested > 1e-3 && suggested < 1, "SGD on digits: \(suggested)")
        let bad = try runProduct("neuralkit", ["lr-find", "--dataset", "iris", "--start-rate", "1", "--end-rate", "0.1"])
        #expect(bad.status != 0 && bad.standardError.contains("0 < start < end"))
    }
}
