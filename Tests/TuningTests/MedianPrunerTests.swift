import Foundation
import TestSupport
import Testing

@testable import Tuning

/// Optuna's median rule, case by case, and a search that prunes.
@Suite struct MedianPrunerTests {
    static let completed: [[Double]] = [[0.5, 0.6, 0.7], [0.6, 0.7, 0.8], [0.4, 0.5, 0.9]]

    @Test func prunesATrialWhoseBestIsBelowTheMedianAtItsEpoch() throws {
        let pruner = try MedianPruner(startupTrials: 3)
        // Medians: 0.5 at epoch 0, 0.6 at epoch 1, 0.8 at epoch 2.
        #expect(!pruner.shouldPrune([0.55], completed: Self.completed, finished: Self.completed, direction: .max))
        #expect(pruner.shouldPrune([0.45], completed: Self.completed, finished: Self.completed, direction: .max))
        #expect(!pruner.shouldPrune([0.7, 0.5], completed: Self.completed, finished: Self.completed, direction: .max), "the best so far counts, not the last")
        #expect(pruner.shouldPrune([0.5, 0.55, 0.79], completed: Self.completed, finished: Self.completed, direction: .max))
        #expect(pruner.shouldPrune([0.45], completed: Self.completed, finished: Self.completed, direction: .min) == false)
        #expect(pruner.shouldPrune([0.7], completed: Self.completed, finished: Self.completed, direction: .min))
        #expect(pruner.shouldPrune([.nan], completed: Self.completed, finished: Self.completed, direction: .max), "a trial with only NaN is pruned")
    }

    @Test func waitsForStartupTrialsWarmupIntervalsAndEnoughTrialsAtTheEpoch() throws {
        #expect(!(try MedianPruner(startupTrials: 4)).shouldPrune([0.1], completed: Self.completed, finished: Self.completed, direction: .max))
        #expect(!(try MedianPruner(startupTrials: 0, warmupSteps: 1)).shouldPrune([0.1], completed: Self.completed, finished: Self.completed, direction: .max))
        let interval = try MedianPruner(startupTrials: 0, intervalSteps: 2)
        #expect(!interval.shouldPrune([0.1, 0.1], completed: Self.completed, finished: Self.completed, direction: .max))
        #expect(interval.shouldPrune([0.1, 0.1, 0.1], completed: Self.completed, finished: Self.completed, direction: .max))
        #expect(
            !(try MedianPruner(startupTrials: 0)).shouldPrune([0.1, 0.1, 0.1, 0.1], completed: Self.completed, finished: Self.completed, direction: .max),
            "no trial reached epoch 4")
        #expect(!(try MedianPruner(startupTrials: 0, minTrials: 4)).shouldPrune([0.1], completed: Self.completed, finished: Self.completed, direction: .max))
        #expect(throws: TuningError.self) { try MedianPruner(intervalSteps: 0) }
    }

    @Test func percentileInterpolatesAsNumPy() {
        #expect(MedianPruner.percentile([1, 2, 3, 4], 50) == 2.5)
        #expect(MedianPruner.percentile([3, 1, 2], 50) == 2)
        #expect(abs(MedianPruner.percentile([1, 2, 3, 4, 10], 90) - 7.6) < 1e-12)
    }

    @Test func aSearchWithThePrunerStopsTrialsEarlyAndRecordsThem() throws {
        let tuner = try IrisSearch.tuner(temporaryPath("pruned"), maxTrials: 8, seed: 3)
        tuner.pruner = try MedianPruner(startupTrials: 2)
        try tuner.search(try IrisSearch.data(), epochs: 8)
        let trials = try tuner.study.trials()
        let stopped = trials.filter { $0.status == .stopped }
        #expect(!stopped.isEmpty, "\(trials.map { ($0.status, $0.score) })")
        for trial in stopped {
            #expect(trial.message?.hasPrefix("pruned at epoch") == true)
            #expect((try tuner.study.history(trial: trial.number)["val_accuracy"]?.count ?? 99) < 8)
        }
        #expect(try tuner.bestTrials(1).first?.status == .completed)
    }
}
