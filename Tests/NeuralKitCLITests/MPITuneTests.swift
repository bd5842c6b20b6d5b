import Foundation
import TestSupport
import Testing
import Tuning

/// Issue 17 item 5: `mpirun -np 2 neuralkit tune`: rank 0 owns the study and hands trials to both ranks.
/// Every test skips when Open MPI's `mpirun` is absent (CI sets NEURALKIT_REQUIRE_MPI=1: then it fails).
@Suite(.serialized) struct MPITuneTests {
    /// A small search on the bundled digits: a few trials of tiny MLPs, seconds in all.
    static func arguments(in folder: String, trials: Int = 6, epochs: Int = 2, extra: [String] = []) -> [String] {
        [
            "tune", "--dataset", "digits", "--max-trials", "\(trials)", "--hidden-layers", "1..2", "--units", "8..32", "--epochs", "\(epochs)",
            "--directory", folder,
        ] + extra
    }

    static func trials(_ folder: String) throws -> [Trial] { try Study(directory: folder).trials() }

    /// The rank a trial ran on, from the study's worker column (`rank R on HOST:PID via …`).
    static func rank(_ trial: Trial) -> Int? {
        guard let worker = trial.worker, worker.hasPrefix("rank ") else { return nil }
        return Int(worker.dropFirst(5).prefix { $0.isNumber })
    }

    /// Every trial once, on both ranks, each model file in rank 0's study directory, only rank 0
    /// printing, and the same trials and scores as one process with the same seed. Random search draws
    /// trial n's values from the seed and n alone, and each trial trains single-threaded from the same
    /// seeded weights, so the scores do not depend on which rank ran a trial or when: equal, not close.
    @Test func everyTrialRunsOnceOnBothRanksWithOneProcesssScores() throws {
        let single = temporaryPath("tune-single"), parallel = temporaryPath("tune-mpi")
        let one = try runProduct("neuralkit", Self.arguments(in: single))
        #expect(one.status == 0, "\(one.standardError)")
        guard let two = try MPIRun.run(2, "neuralkit", Self.arguments(in: parallel)) else {
            print("SKIP: mpirun is not installed (apt-get install openmpi-bin)")
            return
        }
        #expect(two.status == 0, "\(two.standardError)")
        let trials = try Self.trials(parallel), reference = try Self.trials(single)
        #expect(trials.map(\.number) == Array(0..<6))
        #expect(trials.allSatisfy { $0.status == .completed && $0.runCount == 1 }, "\(trials.map(\.status))")
        #expect(Set(trials.compactMap(Self.rank)) == [0, 1], "\(trials.map(\.worker))")
        for trial in trials {
            let path = try #require(trial.modelPath)
            #expect(FileManager.default.fileExists(atPath: parallel + "/" + path), "trial \(trial.id)'s model, whichever rank ran it")
        }
        #expect(trials.map(\.values) == reference.map(\.values))
        #expect(trials.map(\.score) == reference.map(\.score))
        #expect(trials.compactMap(\.score).max() == reference.compactMap(\.score).max())
        #expect(two.standardOutput.components(separatedBy: "Searching digits").count == 2, "only rank 0 prints\n\(two.standardOutput)")
        #expect(two.standardOutput.components(separatedBy: "Results (").count == 2, "\(two.standardOutput)")
        #expect(two.standardOutput.contains("[rank 1 on "), "rank 0 reports rank 1's trials\n\(two.standardOutput)")
    }

    /// The median pruner on rank 1 judges its trials by the trials that rank 0 recorded. Four trials
    /// completed first (one process, no pruner, one epoch in batches of 2: many steps) have a median m of
    /// val_accuracy after epoch 1; a trial completed later was at least the median it was judged by,
    /// which never falls below m (adding values ≥ m to a set keeps its median ≥ m). So every new trial
    /// whose first epoch is below m must be pruned at epoch 1, whatever rank ran it and whatever ended
    /// meanwhile; with batches of 256 (few steps) most new trials are below m, on both ranks.
    @Test func theMedianPrunerStopsTrialsOnEveryRank() throws {
        let folder = temporaryPath("tune-pruned")
        let first = try runProduct("neuralkit", Self.arguments(in: folder, trials: 4, epochs: 1, extra: ["--batch-size", "2"]))
        #expect(first.status == 0, "\(first.standardError)")
        let study = try Study(directory: folder)
        let firstEpochs = try (0..<4).map { try #require(study.history(trial: $0)["val_accuracy"]?.first) }.sorted()
        let median = (firstEpochs[1] + firstEpochs[2]) / 2
        guard
            let pruned = try MPIRun.run(
                2, "neuralkit",
                Self.arguments(in: folder, trials: 16, epochs: 3, extra: ["--pruner", "median", "--pruner-startup-trials", "1", "--batch-size", "256"]))
        else {
            print("SKIP: mpirun is not installed")
            return
        }
        #expect(pruned.status == 0, "\(pruned.standardError)")
        let trials = try Self.trials(folder)
        #expect(trials.count == 16 && trials.allSatisfy { $0.status == .completed || $0.status == .stopped })
        var mustPrune: [Int: Int] = [:]
        for trial in trials.dropFirst(4) {
            let history = try study.history(trial: trial.number)["val_accuracy"] ?? []
            guard let value = history.first, value < median else { continue }
            mustPrune[Self.rank(trial) ?? -1, default: 0] += 1
            #expect(trial.status == .stopped && history.count == 1, "trial \(trial.id) (\(value) < \(median)): \(trial.status), \(history)")
            #expect(trial.message?.contains("pruned at epoch 1") == true)
        }
        #expect((mustPrune[0] ?? 0) >= 1 && (mustPrune[1] ?? 0) >= 1, "each rank had trials to prune: \(mustPrune)")
        #expect(Set(trials.dropFirst(4).compactMap(Self.rank)) == [0, 1])
        print("MPI tune: pruned at epoch 1 on each rank \(mustPrune)")
    }

    /// Hyperband across ranks: the brackets' schedule as one process's (trials per round and epoch
    /// budget); a trial continuing another starts from its model file, which rank 0 sends to rank 1. The
    /// `bracket` column may differ: as in Keras Tuner, a promoted trial is labelled with the bracket
    /// current when it was created, and with two workers the next bracket can start before the last
    /// round of the previous one opens (as with `--workers 2`).
    @Test func hyperbandRunsItsBracketsAcrossRanks() throws {
        let single = temporaryPath("hyperband-single"), parallel = temporaryPath("hyperband-mpi")
        let extra = ["--tuner", "hyperband", "--factor", "3"]
        let one = try runProduct("neuralkit", Self.arguments(in: single, epochs: 9, extra: extra))
        #expect(one.status == 0, "\(one.standardError)")
        guard let two = try MPIRun.run(2, "neuralkit", Self.arguments(in: parallel, epochs: 9, extra: extra)) else {
            print("SKIP: mpirun is not installed")
            return
        }
        #expect(two.status == 0, "\(two.standardError)")
        let trials = try Self.trials(parallel), reference = try Self.trials(single)
        func schedule(_ trials: [Trial]) -> [String: Int] {
            trials.reduce(into: [:]) { counts, trial in
                let placement = trial.placement
                counts["round \(placement?.round ?? -1): epochs \(placement?.initialEpoch ?? -1)→\(placement?.epochs ?? -1)", default: 0] += 1
            }
        }
        #expect(schedule(trials) == schedule(reference))
        #expect(trials.allSatisfy { $0.status == .completed && $0.runCount == 1 })
        #expect(Set(trials.compactMap(Self.rank)) == [0, 1])
        #expect(trials.contains { $0.placement?.pastTrial != nil && Self.rank($0) == 1 }, "rank 1 continued a trial from its model")
    }
}
