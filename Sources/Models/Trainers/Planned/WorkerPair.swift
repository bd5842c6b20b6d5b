import Foundation
import Synchronization

/// The work of a region of a ``WorkerPair``: its two parts. An object rather than a closure, which the pair
/// would have to store for the worker (a closure stored for another thread allocates a heap block each time).
protocol PairTask: AnyObject {
    /// Runs part `part` (0 or 1) of the current region.
    func runPart(_ part: Int)
}

/// A second thread for a planned step: ``run(_:)`` calls `task.runPart(0)` on the caller's thread and
/// `task.runPart(1)` on the worker, and returns when both are done. The worker must claim its part first: when it is slow to
/// start (asleep, or its core busy with another process), the caller claims part 1 and runs it too; when the
/// worker keeps the caller waiting long, the caller runs both parts for a while (``backOffNanoseconds``). So a
/// busy machine costs little more than one thread.
final class WorkerPair: @unchecked Sendable {
    /// What the two threads share; the worker thread holds it, not the pair, so the pair can go away while
    /// its thread is still starting.
    private let shared = Shared()
    /// Until when (uptime nanoseconds) regions run on the caller's thread alone, after the worker kept it
    /// waiting too long; 0 when they do not.
    private var backOffUntil: UInt64 = 0
    /// How long the caller may wait for the worker's part before backing off, and for how long it then backs off
    /// at first (a time, not a count of regions: a step has two regions or a dozen, depending on the plan). Each
    /// back-off that follows soon after the last one lasts twice as long, up to ``longestBackOff``: a core taken
    /// by another process for a long while costs a few late regions, not one every 20 ms.
    static let patience: UInt64 = 300_000, backOffNanoseconds: UInt64 = 20_000_000, longestBackOff: UInt64 = 320_000_000
    /// The length of the next back-off, and when the last one ended.
    private var nextBackOff = backOffNanoseconds, backOffEnded: UInt64 = 0
    /// How many regions ran.
    private(set) var regions = 0
    /// Whether regions run on the caller's thread alone, both parts (the plan's ``ThreadChoice`` found one thread
    /// faster, or is probing one).
    var alone = false
    /// How many regions' second part the worker ran (the rest ran on the caller's thread).
    var workerParts: Int { shared.workerParts.load(ordering: .relaxed) }

    init() {
        let shared = self.shared
        let thread = Thread { shared.work() }
        thread.name = "NeuralKit planned step"
        thread.start()
    }

    deinit {
        shared.stopping.store(true, ordering: .sequentiallyConsistent)
        shared.wake.signal()
    }

    /// Runs part 0 of `task` here and part 1 on the worker (or here, if the worker has not claimed it in time,
    /// or while backing off).
    func run(_ task: PairTask) {
        regions += 1
        if alone {
            task.runPart(0)
            return task.runPart(1)
        }
        if backOffUntil != 0 {
            let now = DispatchTime.now().uptimeNanoseconds
            if now < backOffUntil {
                task.runPart(0)
                return task.runPart(1)
            }
            backOffUntil = 0
        }
        do {
            shared.task = task
            let region = shared.posted.load(ordering: .relaxed) + 1
            if shared.sleeping.load(ordering: .sequentiallyConsistent) {
                // Asleep (idle for a while, between epochs or while backing off): this region's second part is
                // claimed here before the worker can, and the worker woken for the next one. A woken thread
                // takes tens of microseconds to run (on the caller's core, at first), long enough to look like
                // a busy core and make the caller back off.
                shared.claimed.store(region, ordering: .sequentiallyConsistent)
                shared.posted.store(region, ordering: .sequentiallyConsistent)
                shared.wake.signal()
                task.runPart(0)
                task.runPart(1)
                shared.task = nil
                return
            }
            shared.posted.store(region, ordering: .sequentiallyConsistent)
            task.runPart(0)
            if shared.claimed.compareExchange(expected: region - 1, desired: region, ordering: .acquiringAndReleasing).exchanged {
                task.runPart(1)
            } else {
                var spins = 0
                var started: UInt64 = 0
                while shared.finished.load(ordering: .acquiring) != region {
                    spins += 1
                    guard spins > 4096 else { continue }
                    // Still waiting after the spins: the worker's core is likely shared. Yield, and back off if
                    // the wait grows long, so that a busy machine costs no more than one thread.
                    let now = DispatchTime.now().uptimeNanoseconds
                    if started == 0 {
                        started = now
                    } else if now - started > Self.patience && backOffUntil == 0 {
                        backOff(now: now)
                    }
                    sched_yield()
                }
            }
            shared.task = nil
        }
    }

    /// Runs the next regions on the caller's thread alone for a while.
    private func backOff(now: UInt64) {
        // After a longer stretch on two threads than the next back-off would last, start short again.
        if now - backOffEnded > nextBackOff { nextBackOff = Self.backOffNanoseconds }
        backOffUntil = now + nextBackOff
        backOffEnded = backOffUntil
        nextBackOff = Swift.min(nextBackOff * 2, Self.longestBackOff)
    }

    /// The state of one pair: the number of the last region posted, claimed (part 1 taken, by either thread)
    /// and finished by the worker, and the region's work.
    private final class Shared: @unchecked Sendable {
        let posted = Atomic<Int>(0)
        let claimed = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let sleeping = Atomic<Bool>(false)
        let stopping = Atomic<Bool>(false)
        let workerParts = Atomic<Int>(0)
        let wake = DispatchSemaphore(value: 0)
        /// Set before a region is posted and cleared once both parts are done.
        var task: PairTask?

        func work() {
            var seen = 0, idle = 0
            var idleSince: UInt64 = 0
            while !stopping.load(ordering: .relaxed) {
                let region = posted.load(ordering: .sequentiallyConsistent)
                if region != seen {
                    seen = region
                    idle = 0
                    idleSince = 0
                    if claimed.compareExchange(expected: region - 1, desired: region, ordering: .acquiringAndReleasing).exchanged {
                        task?.runPart(1)
                        workerParts.add(1, ordering: .relaxed)
                        finished.store(region, ordering: .releasing)
                    }
                    continue
                }
                // Between the regions of a step: spin. Between steps: yield the core at each turn (another process
                // that needs it gets it at once), for up to 1 ms; then sleep until the next region is posted.
                idle += 1
                if idle < 2_000 { continue }
                let now = DispatchTime.now().uptimeNanoseconds
                if idleSince == 0 { idleSince = now }
                if now - idleSince < 1_000_000 {
                    sched_yield()
                    continue
                }
                // Idle for a while (between epochs, or after training).
                sleeping.store(true, ordering: .sequentiallyConsistent)
                if posted.load(ordering: .sequentiallyConsistent) == seen && !stopping.load(ordering: .sequentiallyConsistent) { wake.wait() }
                sleeping.store(false, ordering: .sequentiallyConsistent)
                idle = 0
                idleSince = 0
            }
        }
    }
}
