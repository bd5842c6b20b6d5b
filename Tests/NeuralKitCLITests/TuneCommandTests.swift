import Foundation
import TestSupport
import Testing
import Tuning

/// `neuralkit tune` as a user runs it: a search on iris, its study read back, parallel workers that
/// reproduce the one-worker study exactly, a search killed with `kill -9` and resumed, and bad input.
@Suite(.serialized) struct TuneCommandTests {
    static func arguments(_ directory: String, trials: Int = 6, epochs: Int = 120) -> [String] {
        [
            "tune", "--dataset", "iris", "--max-trials", String(trials), "--epochs", String(epochs), "--hidden-layers", "1..3", "--units", "4..64:log",
            "--learning-rate", "1e-3..1e-1:log", "--optimizer", "sgd,adam", "--directory", directory,
        ]
    }

    /// Each trial's number, status, values and score (bit for bit), as the study holds them.
    static func outcome(_ directory: String) throws -> [String] {
        try Study(directory: directory).trials().map { trial in
            "\(trial.number) \(trial.status.rawValue) \(trial.values.sorted { $0.key < $1.key }) \(trial.score?.bitPattern ?? 0)"
        }
    }

    @Test func searchesPrintsALinePerTrialAndSavesTheBestModel() throws {
        let directory = temporaryPath("tune")
        let best = temporaryPath("best.keras")
        let result = try runProduct("neuralkit", Self.arguments(directory, trials: 3, epochs: 5) + ["--save-best", best])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("Trial ") }.count == 3)
        #expect(result.standardOutput.contains("Results (val_accuracy (max), best first): 3 trials, 3 completed"))
        #expect(result.standardOutput.contains("saved to \(best)"))
        #expect(FileManager.default.fileExists(atPath: best))
        let figure = temporaryPath("search.png")
        let summary = try runProduct("neuralkit", ["tune", "--directory", directory, "--summary", "--plot", figure])
        #expect(summary.status == 0, "\(summary.standardError)")
        #expect(summary.standardOutput.contains("n_neurons (Int)"))
        #expect(summary.standardOutput.contains("3 trials, 3 completed"))
        let png = try Data(contentsOf: URL(fileURLWithPath: figure))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
    }

    @Test func twoWorkersRunEachTrialOnceAndReproduceTheOneWorkerStudy() throws {
        let single = temporaryPath("tune-single"), parallel = temporaryPath("tune-parallel")
        let one = try runProduct("neuralkit", Self.arguments(single, trials: 6, epochs: 40) + ["--quiet"])
        #expect(one.status == 0, "\(one.standardError)")
        let two = try runProduct("neuralkit", Self.arguments(parallel, trials: 6, epochs: 40) + ["--workers", "2"])
        #expect(two.status == 0, "\(two.standardError)")
        let pids = Set(two.standardOutput.split(separator: "\n").filter { $0.hasPrefix("Trial ") }.compactMap { $0.split(separator: " ").dropFirst(3).first })
        #expect(pids.count == 2, "\(two.standardOutput)")
        #expect(try Study(directory: parallel).trials().allSatisfy { $0.runCount == 1 })
        #expect(try Self.outcome(parallel) == Self.outcome(single))
    }

    @Test func killedAndStartedAgainItFinishesTheSameStudyWithoutRerunningFinishedTrials() throws {
        let reference = temporaryPath("tune-clean")
        let start = Date()
        let clean = try runProduct("neuralkit", Self.arguments(reference) + ["--quiet"])
        let duration = Date().timeIntervalSince(start)
        #expect(clean.status == 0, "\(clean.standardError)")
        let directory = temporaryPath("tune-killed")
        var kills = 0
        for fraction in [0.2, 0.5, 0.8] {
            let process = try launchProduct("neuralkit", Self.arguments(directory) + ["--quiet"])
            Thread.sleep(forTimeInterval: duration * fraction)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        #expect(kills > 0)
        let resumed = try runProduct("neuralkit", Self.arguments(directory) + ["--quiet"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let trials = try Study(directory: directory).trials()
        // A finished trial is never run again: each completed exactly once.
        #expect(trials.map(\.runCount) == Array(repeating: 1, count: 6))
        #expect(try Self.outcome(directory) == Self.outcome(reference))
    }

    @Test(arguments: ["grid", "hyperband", "bayesian"])
    func everyTunerRunsFromTheCommandLine(tuner: String) throws {
        let directory = temporaryPath("tune-\(tuner)")
        let result = try runProduct(
            "neuralkit",
            Self.arguments(directory, trials: 4, epochs: 3) + ["--tuner", tuner, "--units", "4,8", "--pruner", tuner == "grid" ? "halving" : "median"])
        #expect(result.status == 0, "\(result.standardError)")
        let trials = try Study(directory: directory).trials()
        #expect(!trials.isEmpty && trials.allSatisfy { $0.status == .completed || $0.status == .stopped })
        if tuner == "hyperband" { #expect(trials.contains { $0.placement?.pastTrial != nil }) }
    }

    static let tensorBoardPython = ProcessInfo.processInfo.environment["NEURALKIT_TENSORBOARD_PYTHON"]

    /// TensorBoard's own server (scripts/tensorboard-python.sh) lists the trials in its HParams dashboard
    /// with their values and metrics (tools/check_tensorboard_hparams.py asks its HTTP API).
    @Test(.enabled(if: tensorBoardPython != nil || ProcessInfo.processInfo.environment["NEURALKIT_REQUIRE_TENSORBOARD"] == "1"))
    func tensorBoardListsTheTrialsInItsHParamsDashboard() throws {
        let python = try #require(Self.tensorBoardPython, "NEURALKIT_REQUIRE_TENSORBOARD=1 but no NEURALKIT_TENSORBOARD_PYTHON")
        let directory = temporaryPath("tune-tensorboard"), logs = temporaryPath("tune-logs")
        let result = try runProduct("neuralkit", Self.arguments(directory, trials: 3, epochs: 4) + ["--tensorboard", logs])
        #expect(result.status == 0, "\(result.standardError)")
        let study = try Study(directory: directory)
        let trials: [[String: Any]] = try study.trials().map { trial in
            let values: [String: Any] = trial.values.mapValues { value -> Any in
                switch value {
                case .int(let number): Double(number)
                case .float(let number): number
                case .string(let text): text
                case .bool(let flag): flag
                }
            }
            return ["run": "trial_\(trial.id)", "values": values, "last": try study.history(trial: trial.number)["val_accuracy"]?.last ?? -1]
        }
        let expected = logs + ".expected.json"
        let document: [String: Any] = [
            "hyperparameters": ["learning_rate", "n_hidden", "n_neurons", "optimizer"], "objective": "val_accuracy", "trials": trials,
        ]
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: expected))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("tools/check_tensorboard_hparams.py").path, "--logdir", logs, "--expected", expected]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "tools/check_tensorboard_hparams.py failed:\n\(text.suffix(3000))")
        #expect(text.contains("hparams: 3 trials checked, 0 problems"))
    }

    @Test func crossValidatedSearchRefitsTheBestOnAllTheTrainingData() throws {
        let directory = temporaryPath("tune-cv"), best = temporaryPath("cv-best.keras")
        let result = try runProduct(
            "neuralkit", Self.arguments(directory, trials: 2, epochs: 3) + ["--cross-validation", "3", "--refit", "--save-best", best])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("trained again on all the training data"))
        #expect(try Study(directory: directory).history(trial: 0, execution: 2)["val_accuracy"]?.count == 3)
        let refused = try runProduct("neuralkit", Self.arguments(directory, trials: 2, epochs: 3) + ["--refit"])
        #expect(refused.standardError.contains("--refit trains the model that --save-best saves"))
    }

    @Test func anotherSearchInTheSameDirectoryIsRefusedUnlessOverwritten() throws {
        let directory = temporaryPath("tune-other")
        #expect(try runProduct("neuralkit", Self.arguments(directory, trials: 1, epochs: 1)).status == 0)
        var other = Self.arguments(directory, trials: 1, epochs: 1)
        other[other.firstIndex(of: "4..64:log").map { $0 } ?? 0] = "8..16"
        let refused = try runProduct("neuralkit", other)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("belongs to another search"), "\(refused.standardError)")
        #expect(try runProduct("neuralkit", other + ["--overwrite"]).status == 0)
    }

    @Test(arguments: [
        (["--units", "256..16"], "--units: For HyperParameters.Int(name='n_neurons'), min_value 256 is greater than the max_value 16"),
        (["--learning-rate", "0..1e-2:log"], "sampling='log' does not support negative values"),
        (["--units", "16.."], "--units '16..' is an empty range"),
        (["--optimizer", "sgd,"], "--optimizer 'sgd,' is not MIN..MAX[:log]"),
        (["--optimizer", "sdg"], "unknown --optimizer 'sdg'"),
        (["--pruner", "hyperband"], "unknown --pruner 'hyperband'; choose median or halving"),
        (["--tuner", "bayes"], "unknown --tuner 'bayes'; choose random, grid, hyperband or bayesian"),
    ])
    func badInputIsAClearError(extra: [String], message: String) throws {
        let result = try runProduct("neuralkit", Self.arguments(temporaryPath("tune-bad"), trials: 1, epochs: 1) + extra)
        #expect(result.status != 0)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    @Test func aDamagedStudyIsAClearErrorAndIsLeftAlone() throws {
        let directory = temporaryPath("tune-damaged")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let garbage = Data("not a database, but somebody's notes".utf8) + Data(repeating: 7, count: 2000)
        try garbage.write(to: URL(fileURLWithPath: directory + "/study.db"))
        let result = try runProduct("neuralkit", Self.arguments(directory, trials: 1, epochs: 1))
        #expect(result.status == 1)
        #expect(result.standardError.contains("damaged or not an SQLite file"), "\(result.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/study.db")) == garbage)
        let summary = try runProduct("neuralkit", ["tune", "--directory", temporaryPath("nowhere"), "--summary"])
        #expect(summary.standardError.contains("there is no study in"), "\(summary.standardError)")
    }
}
