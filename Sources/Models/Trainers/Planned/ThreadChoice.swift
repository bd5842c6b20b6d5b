/// Whether a planned step's second thread pays, measured as training goes. Two threads exchange every step's
/// weights and activations between their cores' caches; on a virtual machine whose two processors the host places
/// far apart (or on one core), that exchange can make two threads slower than one: measured on the developers'
/// machine, workload A's epoch took 0.34 s on two threads most of the time and 0.85–0.91 s in some stretches,
/// when one thread took 0.55 s throughout. So each period of steps ends with a probe of ``probeSteps`` steps on
/// the other choice (at the end, so that a short training runs on two threads from its first step); when the probe's
/// steps were faster than the steps before it, a short period (``confirmingPeriod``)
/// probes again, and when that probe wins too, the choice changes (a probe lasts a few milliseconds, which a
/// moment's stall of the host can fill). A probe that
/// confirms two threads by a wide margin doubles the period (up to ``longestPeriod``), so that probing costs
/// little where two threads clearly pay. Either choice computes the same chunks, so the weights are the same.
struct ThreadChoice {
    /// Steps per period: at first and after any change, and at most.
    static let shortestPeriod = 1024, longestPeriod = 8192
    /// Steps of the period after a probe that won, which ends in the probe that confirms it.
    static let confirmingPeriod = 64
    /// Steps of a probe; the first ``settleSteps`` of a probe or of a period are not timed (the caches refill after
    /// a change).
    static let probeSteps = 16, settleSteps = 2
    /// How many of the steps just before the probe are timed against it.
    static let timedSteps = 64
    /// The margin by which the probe must win to change the choice, and by which two threads must win for the
    /// period to double.
    static let changeMargin = 0.97, clearWin = 1.3

    /// Whether the steps outside the probes run on two threads.
    private(set) var prefersTwo = true
    /// How many times the choice changed.
    private(set) var changes = 0
    private var period = shortestPeriod
    /// Whether the last probe won (the next one, a ``confirmingPeriod`` later, decides).
    private var confirming = false
    /// The step within the period that runs next.
    private var step = 0
    /// When the last step began (uptime nanoseconds; 0 before the first).
    private var lastStart: UInt64 = 0
    /// The probe's and the period's timed steps (nanoseconds from one step's start to the next's).
    private var probeTimes = [Double](repeating: 0, count: probeSteps), periodTimes = [Double](repeating: 0, count: timedSteps)
    private var probeCount = 0, periodCount = 0

    /// Called as each step begins (`now` in uptime nanoseconds): whether it may run on two threads. The time since
    /// the last step began is the last step's, with the batch's copy and the metrics around it.
    mutating func beginStep(now: UInt64) -> Bool {
        if lastStart != 0, now > lastStart { record(Double(now - lastStart), ofStep: step == 0 ? period - 1 : step - 1) }
        lastStart = now
        if step == 0 { decide() }
        let two = step >= period - Self.probeSteps ? !prefersTwo : prefersTwo
        step = (step + 1) % period
        return two
    }

    /// Keeps the time of step `index` of the period if it is a timed one.
    private mutating func record(_ nanoseconds: Double, ofStep index: Int) {
        let probe = period - Self.probeSteps
        if index >= probe + Self.settleSteps {
            probeTimes[probeCount % Self.probeSteps] = nanoseconds
            probeCount += 1
        } else if index < probe && index >= Swift.max(probe - Self.timedSteps, Self.settleSteps) {
            periodTimes[periodCount % Self.timedSteps] = nanoseconds
            periodCount += 1
        }
    }

    /// At the start of a period: compares the last period's probe with the steps before it (medians: an epoch's end, a
    /// validation pass or a checkpoint between two steps is one slow step, not a slower choice).
    private mutating func decide() {
        defer { (probeCount, periodCount) = (0, 0) }
        guard probeCount > 0, periodCount > 0 else { return }
        let probe = Self.median(&probeTimes, count: Swift.min(probeCount, Self.probeSteps))
        let rest = Self.median(&periodTimes, count: Swift.min(periodCount, Self.timedSteps))
        let won = probe < rest * Self.changeMargin
        defer { confirming = won && !confirming }
        if won && confirming {
            prefersTwo.toggle()
            changes += 1
            period = Self.shortestPeriod
        } else if won {
            period = Self.confirmingPeriod
        } else if prefersTwo && rest * Self.clearWin < probe && !confirming {
            period = Swift.min(period * 2, Self.longestPeriod)
        } else {
            period = Self.shortestPeriod
        }
    }

    /// The median of the first `count` values (sorted in place, by insertion: no allocation).
    static func median(_ values: inout [Double], count: Int) -> Double {
        values.withUnsafeMutableBufferPointer { values in
            for i in 1..<Swift.max(count, 1) {
                let value = values[i]
                var j = i
                while j > 0 && values[j - 1] > value {
                    values[j] = values[j - 1]
                    j -= 1
                }
                values[j] = value
            }
            return count % 2 == 1 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2
        }
    }
}
