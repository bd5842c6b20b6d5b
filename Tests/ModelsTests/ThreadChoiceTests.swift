import Testing

@testable import Models

/// A planned step's choice between its two threads and one (``ThreadChoice``), on made-up step times: it keeps the
/// faster, follows a change that lasts, and ignores a stall.
@Suite struct ThreadChoiceTests {
    /// Runs `steps` steps whose times (µs) `time(step, onTwoThreads)` gives; returns the choice and how many steps ran
    /// on two threads.
    static func run(_ steps: Int, _ time: (Int, Bool) -> Double) -> (choice: ThreadChoice, onTwo: Int) {
        var choice = ThreadChoice()
        var now: UInt64 = 1_000_000
        var onTwo = 0
        for step in 0..<steps {
            let two = choice.beginStep(now: now)
            onTwo += two ? 1 : 0
            now += UInt64(time(step, two) * 1000)
        }
        return (choice, onTwo)
    }

    @Test func twoFasterThreadsStayAndAreProbedLessAndLessOften() {
        let (choice, onTwo) = Self.run(40_000) { _, two in two ? 200 : 320 }
        #expect(choice.prefersTwo && choice.changes == 0)
        // Probes of 16 steps at the end of periods of 1,024, 2,048, 4,096, then 8,192 steps: 7 in 40,000, the first
        // ending at step 1,024 (a short training runs on two threads throughout).
        #expect(onTwo == 40_000 - 7 * 16)
        #expect(Self.run(1_008) { _, two in two ? 200 : 320 }.onTwo == 1_008)
    }

    @Test func oneFasterThreadIsChosenAfterTwoProbes() {
        let (choice, onTwo) = Self.run(10_000) { _, two in two ? 900 : 550 }
        #expect(!choice.prefersTwo && choice.changes == 1)
        // Two threads until the first probe's confirmation (1,024 + 64 steps, less the probes), then a probe of 16
        // every 1,024.
        #expect(onTwo < 1_024 + 64 + 10 * 16)
    }

    @Test func aStallDuringOnePeriodChangesNothing() {
        // The two-thread steps timed before the first probe stall, and only those.
        let (choice, _) = Self.run(5_000) { step, two in two ? (960..<1_024).contains(step) ? 5_000 : 200 : 320 }
        #expect(choice.prefersTwo && choice.changes == 0)
    }

    @Test func aLastingChangeIsFollowedBothWays() {
        // Two threads pay, then for a while they do not (the host moved a processor), then they pay again.
        let (choice, _) = Self.run(30_000) { step, two in two ? (10_000..<20_000).contains(step) ? 900 : 200 : 320 }
        #expect(choice.prefersTwo && choice.changes == 2)
    }

    @Test func anEpochsEndBetweenStepsIsOneSlowStep() {
        // Every 500th step is followed by a 50 ms pause (validation, a checkpoint) on either choice.
        let (choice, _) = Self.run(20_000) { step, two in (step % 500 == 499 ? 50_000 : 0) + (two ? 200 : 320) }
        #expect(choice.prefersTwo && choice.changes == 0)
    }

    @Test func theMedianSortsInPlace() {
        var values: [Double] = [5, 1, 4, 2, 3, 99]
        #expect(ThreadChoice.median(&values, count: 5) == 3)
        #expect(Array(values.prefix(5)) == [1, 2, 3, 4, 5] && values[5] == 99)
        #expect(ThreadChoice.median(&values, count: 6) == 3.5)
        #expect(ThreadChoice.median(&values, count: 1) == 1)
    }
}
