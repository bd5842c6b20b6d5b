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

    /// A region whose worker part is slow (5 ms) when it runs on another thread than the caller's; the caller's
    /// part takes 2 ms, time enough for the worker to claim its part.
    final class SlowOnWorker: PairTask, @unchecked Sendable {
        let caller = Thread.current
        let lock = NSLock()
        var slowOnWorker = 0
        func runPart(_ part: Int) {
            guard part == 1 && Thread.current != caller else { return Thread.sleep(forTimeInterval: part == 0 ? 0.002 : 0) }
            lock.withLock { slowOnWorker += 1 }
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
        // The worker's half takes 5 ms, far beyond the caller's patience. Once the caller waited too long it
        // backs off (20 ms, then 40 ms when the worker is slow again at once): the next regions run on the
        // caller, both halves, and 40 regions of 2 ms meet the slow worker two to four times (not 40).
        for _ in 0..<40 { pair.run(task) }
        let slow = task.lock.withLock { task.slowOnWorker }
        #expect((1...4).contains(slow), "the worker ran \(slow) slow halves")
    }

    /// Handing a region to the worker allocates nothing (a closure stored for it did, every region): two regions
    /// a step would otherwise be two allocations a step on two threads.
    /// A planned step's row copier copies a batch's rows on two threads as one thread does: the first half here, the
    /// rest on the worker, each row where it belongs, whatever the count.
    @Test(arguments: [1, 5, 32, 37])
    func theRowCopierCopiesEveryRowOnce(count: Int) {
        let length = 600
        let source = (0..<(100 * length)).map { Float($0) }
        let rows = (0..<count).map { ($0 * 37 + 11) % 100 }
        let copier = PlannedRowCopier()
        copier.workers = WorkerPair()
        var target = [Float](repeating: -1, count: count * length)
        for _ in 0..<3 {
            target.withUnsafeMutableBufferPointer { target in
                copier.gatherRows(into: target.baseAddress!, from: source, rowLength: length, rows: rows, count: count)
            }
        }
        #expect(target == rows.flatMap { source[($0 * length)..<(($0 + 1) * length)] })
        #expect(copier.workers?.regions == 3)
    }

    /// While the plan's thread choice says one thread (``WorkerPair/alone``), the caller runs both parts.
    @Test func aloneTheCallerRunsBothParts() {
        final class Where: PairTask, @unchecked Sendable {
            let caller = Thread.current
            let lock = NSLock()
            var onCaller = 0, elsewhere = 0
            func runPart(_ part: Int) { lock.withLock { if Thread.current == caller { onCaller += 1 } else { elsewhere += 1 } } }
        }
        let pair = WorkerPair(), task = Where()
        pair.alone = true
        for _ in 0..<20 { pair.run(task) }
        #expect(task.onCaller == 40 && task.elsewhere == 0 && pair.workerParts == 0)
        pair.alone = false
        for _ in 0..<200 { pair.run(task) }
        #expect(task.onCaller + task.elsewhere == 440 && pair.workerParts == task.elsewhere)
    }

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
