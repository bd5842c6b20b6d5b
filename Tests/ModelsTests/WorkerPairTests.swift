import Foundation
import Testing

@testable import Models

/// The planned step's second thread: both halves run, once each, and a worker that keeps the caller waiting
/// (its core busy elsewhere) makes the caller do both halves for a while instead of waiting on it.
@Suite struct WorkerPairTests {
    final class Parts: @unchecked Sendable {
        let lock = NSLock()
        var done: [Int] = []
        func add(_ part: Int) { lock.withLock { done.append(part) } }
    }

    @Test func aPairMadeAndDroppedAtOnceStopsItsThread() {
        for _ in 0..<50 { _ = WorkerPair() }
    }

    @Test func everyRegionRunsBothHalvesOnce() {
        let pair = WorkerPair(), parts = Parts()
        for _ in 0..<2_000 { pair.run { parts.add($0) } }
        #expect(parts.done.filter { $0 == 0 }.count == 2_000)
        #expect(parts.done.filter { $0 == 1 }.count == 2_000)
    }

    @Test func aSlowWorkerIsNotWaitedForAgain() {
        let pair = WorkerPair()
        let caller = Thread.current
        // The worker's half takes 5 ms, far beyond the caller's patience; the caller's half takes nothing.
        var slowOnWorker = 0
        for _ in 0..<20 {
            pair.run { part in
                if part == 1 && Thread.current != caller {
                    slowOnWorker += 1
                    Thread.sleep(forTimeInterval: 0.005)
                }
            }
        }
        // Once the caller waited too long it backs off: the next regions run on the caller, both halves.
        #expect(slowOnWorker <= 2, "the worker ran \(slowOnWorker) slow halves")
    }
}
