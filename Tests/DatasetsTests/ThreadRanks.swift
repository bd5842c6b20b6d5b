import Foundation
import Training

/// Ranks of a job played by threads of this process, for the sharded readers' tests without MPI: each
/// rank's `allgather` waits until every rank has given its value for that round.
final class ThreadRanks: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var rounds: [Int: [Int: Any]] = [:]

    init(_ size: Int) { self.size = size }

    /// One rank of the group: its own round counter.
    final class Rank: RankGroup, @unchecked Sendable {
        let rank: Int
        let group: ThreadRanks
        private var round = 0

        init(_ rank: Int, _ group: ThreadRanks) { (self.rank, self.group) = (rank, group) }

        var size: Int { group.size }
        func allgather(_ values: [Double]) throws -> [[Double]] { exchange(values).map { $0 as! [Double] } }
        func allgather(_ text: String) throws -> [String] { exchange(text).map { $0 as! String } }

        private func exchange(_ value: Any) -> [Any] {
            defer { round += 1 }
            return group.exchange(value, rank: rank, round: round)
        }
    }

    private func exchange(_ value: Any, rank: Int, round: Int) -> [Any] {
        condition.lock()
        defer { condition.unlock() }
        rounds[round, default: [:]][rank] = value
        condition.broadcast()
        while rounds[round, default: [:]].count < size { condition.wait() }
        return (0..<size).map { rounds[round]![$0]! }
    }

    /// Runs `body` on one thread per rank and returns each rank's result, in rank order.
    func run<T>(_ body: @escaping @Sendable (Rank) throws -> T) -> [Result<T, Error>] {
        let results = Results<T>(size), done = DispatchGroup()
        for rank in 0..<size {
            done.enter()
            let ranked = Rank(rank, self)
            Thread {
                results.set(rank, Result { try body(ranked) })
                done.leave()
            }.start()
        }
        done.wait()
        return results.all
    }

    private final class Results<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Result<T, Error>?]
        init(_ count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Result<T, Error>) { lock.withLock { values[index] = value } }
        var all: [Result<T, Error>] { lock.withLock { values.map { $0! } } }
    }
}
