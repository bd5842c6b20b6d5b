import Foundation
import TestSupport
import Testing

@testable import Tuning

/// Optuna's asynchronous successive-halving rule, rung by rung.
@Suite struct SuccessiveHalvingPrunerTests {
    @Test func rungsAreReachedAtPowersOfTheReductionFactor() throws {
        let pruner = try SuccessiveHalvingPruner(minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1)
        #expect((0..<3).map(pruner.rungStep) == [6, 18, 54])
    }

    @Test func keepsOnlyTheBestQuarterAtEachRung() throws {
        let pruner = try SuccessiveHalvingPruner(minResource: 1, reductionFactor: 4)
        // Eight ended trials with epoch-1 values 0.1 … 0.8: with this trial's own, 9 values; 9 / 4 = 2, so the best 2 go on.
        let finished = (1...8).map { [Double($0) / 10, 0.9, 0.9, 0.9] }
        #expect(!pruner.shouldPrune([0.85], completed: [], finished: finished, direction: .max))
        #expect(!pruner.shouldPrune([0.8], completed: [], finished: finished, direction: .max), "ties with the second best")
        #expect(!pruner.shouldPrune([0.75], completed: [], finished: finished, direction: .max), "second best of the nine")
        #expect(pruner.shouldPrune([0.65], completed: [], finished: finished, direction: .max))
        #expect(pruner.shouldPrune([0.65], completed: [], finished: finished, direction: .min))
        #expect(!pruner.shouldPrune([0.15], completed: [], finished: finished, direction: .min), "for a loss, low is good")
        #expect(!pruner.shouldPrune([0.85, 0.1], completed: [], finished: finished, direction: .max), "between rungs nothing is judged")
        #expect(pruner.shouldPrune([0.85, 0.1, 0.1, 0.5], completed: [], finished: finished, direction: .max), "rung 1 at epoch 4")
        #expect(pruner.shouldPrune([.nan], completed: [], finished: finished, direction: .max))
    }

    @Test func theFirstTrialGoesOnUnlessBootstrapped() throws {
        #expect(!(try SuccessiveHalvingPruner()).shouldPrune([0.1], completed: [], finished: [], direction: .max))
        #expect(try SuccessiveHalvingPruner(bootstrapCount: 2).shouldPrune([0.9], completed: [], finished: [[0.1]], direction: .max))
        #expect(throws: TuningError.self) { try SuccessiveHalvingPruner(reductionFactor: 1) }
    }
}
