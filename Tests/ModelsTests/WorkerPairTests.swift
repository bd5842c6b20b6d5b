import CAllocationCounter
import Foundation
import Testing

@testable import Models

/// The planned step's second thread: both halves run, once each, and a worker that keeps the caller waiting
/// (its core busy elsewhere) makes the caller do both halves for a while instead of waiting on it.
@Suite struct WorkerPairTests {
    final class Parts: PairTask, @unchecked Sendable {
        let lock = NSLock()
        var done: [Int] = []
        func runPart(_ part: Int) { lock.withLock { done.append(part) } }
    }

    /// A region whose worker part is slow when it runs on another thread than the caller's.
    final class SlowOnWorker: PairTask, @unchecked Sendable {
        let caller = Thread.current
        var slowOnWorker = 0
        func runPart(_ part: Int) {
            guard part == 1 && Thread.current != caller else { return }
            slowOnWorker += 1
            Thread.sleep(forTimeInterval: 0.005)
        }
    }

    @Test func aPairMadeAndDroppedAtOnceStopsItsThread() {
        for _ in 0..<50 { _ = WorkerPair() }
    }

    @Test func everyRegionRunsBothHalvesOnce() {
        let pair = WorkerPair(), parts = Parts()
        for _ in 0..<2_000 { pair.run(parts) }
        #expect(parts.done.filter { $0 == 0 }.count == 2_000)
        #expect(parts.done.filter { $0 == 1 }.count == 2_000)
    }

    @Test func aSlowWorkerIsNotWaitedForAgain() {
        let pair = WorkerPair(), task = SlowOnWorker()
        // The worker's half takes 5 ms, far beyond the caller's patience; the caller's half takes nothing.
        for _ in 0..<20 { pair.run(task) }
        // Once the caller waited too long it backs off: the next regions run on the caller, both halves.
        #expect(task.slowOnWorker <= 2, "the worker ran \(task.slowOnWorker) slow halves")
    }

    /// Handing a region to the worker allocates nothing (a closure stored for it did, every region): two regions
    /// a step would otherwise be two allocations a step on two threads.
    @Test func aRegionAllocatesNothing() {
        let pair = WorkerPair(), parts = Parts()
        for _ in 0..<10 { pair.run(parts) }
        parts.lock.withLock { parts.done.reserveCapacity(1_000) }
        nk_allocation_counting(1)
        let before = nk_allocation_count()
        for _ in 0..<100 { pair.run(parts) }
        let allocations = nk_allocation_count() - before
        nk_allocation_counting(0)
        #expect(allocations == 0)
        #expect(parts.done.count == 220)
    }
}
