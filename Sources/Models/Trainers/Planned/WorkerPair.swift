import Foundation
import Synchronization

/// A second thread for a planned step: ``run(_:)`` calls `body(0)` on the caller's thread and `body(1)` on
/// the worker, and returns when both are done. The worker must claim its part first: when it is slow to
/// start (asleep, or its core busy with another process), the caller claims part 1 and runs it too, so a
/// step is never slower than on one thread by more than one part in flight.
final class WorkerPair: @unchecked Sendable {
    /// The number of the last region posted, claimed (part 1 taken, by either thread) and finished by the worker.
    private let posted = Atomic<Int>(0)
    private let claimed = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let sleeping = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    /// The region's work, set before it is posted and cleared once both parts are done.
    private var task: ((Int) -> Void)?
    /// How many regions' second part the worker ran (the rest ran on the caller's thread).
    let workerParts = Atomic<Int>(0)
    /// How many regions ran.
    private(set) var regions = 0

    init() {
        let thread = Thread { [unowned self] in self.work() }
        thread.name = "NeuralKit planned step"
        thread.start()
    }

    deinit {
        stopping.store(true, ordering: .sequentiallyConsistent)
        wake.signal()
        exited.wait()
    }

    /// Runs `body(0)` here and `body(1)` on the worker (or here, if the worker has not claimed it in time).
    func run(_ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            task = body
            regions += 1
            let region = posted.load(ordering: .relaxed) + 1
            posted.store(region, ordering: .sequentiallyConsistent)
            if sleeping.load(ordering: .sequentiallyConsistent) { wake.signal() }
            body(0)
            if claimed.compareExchange(expected: region - 1, desired: region, ordering: .acquiringAndReleasing).exchanged {
                body(1)
            } else {
                var spins = 0
                while finished.load(ordering: .acquiring) != region {
                    spins += 1
                    if spins > 4096 { sched_yield() }
                }
            }
            task = nil
        }
    }

    private func work() {
        var seen = 0, idle = 0
        while !stopping.load(ordering: .relaxed) {
            let region = posted.load(ordering: .sequentiallyConsistent)
            if region != seen {
                seen = region
                idle = 0
                if claimed.compareExchange(expected: region - 1, desired: region, ordering: .acquiringAndReleasing).exchanged {
                    task?(1)
                    workerParts.add(1, ordering: .relaxed)
                    finished.store(region, ordering: .releasing)
                }
                continue
            }
            idle += 1
            if idle < 20_000 { continue }
            // Idle for a while (between epochs, or after training): sleep until the next region is posted.
            sleeping.store(true, ordering: .sequentiallyConsistent)
            if posted.load(ordering: .sequentiallyConsistent) == seen && !stopping.load(ordering: .sequentiallyConsistent) { wake.wait() }
            sleeping.store(false, ordering: .sequentiallyConsistent)
            idle = 0
        }
        exited.signal()
    }
}
