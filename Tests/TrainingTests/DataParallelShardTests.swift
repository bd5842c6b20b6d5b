import Foundation
import Tensors
import Testing
import Training

/// The data-parallel seams that need no MPI: each rank's shard of a global batch, and no Open MPI
/// outside `mpirun`.
@Suite struct DataParallelShardTests {
    @Test func shardsSplitEachGlobalBatchWithoutGapsOrOverlap() {
        #expect(BatchShard.rows(rank: 0, of: 2, count: 32) == 0..<16)
        #expect(BatchShard.rows(rank: 1, of: 2, count: 32) == 16..<32)
        for size in 1...5 {
            for count in 0...13 {
                let rows = (0..<size).map { BatchShard.rows(rank: $0, of: size, count: count) }
                #expect(rows.first?.lowerBound == 0 && rows.last?.upperBound == count)
                for (a, b) in zip(rows, rows.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
                #expect(rows.allSatisfy { $0.count == count / size || $0.count == count / size + 1 })
            }
        }
    }

    /// Two ranks' iterators, from the same generator state, read the two halves of the global batches
    /// that one iterator reads: together every sample once, in the same order.
    @Test func ranksTogetherReadWhatOneProcessReads() throws {
        let source = TensorSource(
            inputs: [try Tensor((0..<11).map(Float.init), shape: [11, 1])], targets: [try Tensor((0..<11).map { Float($0 * 10) }, shape: [11])])
        func batches(shard: (Int, Int)?) throws -> [[Float]] {
            var iterator = try EpochIterator(source: source, batchSize: 4, shuffle: true)
            iterator.shard = shard
            var generator = RandomGenerator(seed: 3)
            var result: [[Float]] = []
            try iterator.forEachBatch(shuffling: &generator) { _, batch in
                result.append(batch.inputs.first?.scalars ?? [])
                if let targets = batch.targets.first { #expect(targets.scalars == batch.inputs[0].scalars.map { $0 * 10 }) }
                if let (rank, size) = shard {
                    let placement = try #require(batch.shard)
                    #expect(placement.offset == BatchShard.rows(rank: rank, of: size, count: placement.globalCount).lowerBound)
                    #expect(batch.count == BatchShard.rows(rank: rank, of: size, count: placement.globalCount).count)
                } else {
                    #expect(batch.shard == nil)
                }
            }
            return result
        }
        let whole = try batches(shard: nil), zero = try batches(shard: (0, 2)), one = try batches(shard: (1, 2))
        #expect(whole.count == 3 && zero.count == 3 && one.count == 3)
        for step in 0..<3 { #expect(zero[step] + one[step] == whole[step]) }
        #expect(zero.map(\.count) == [2, 2, 1] && one.map(\.count) == [2, 2, 2])
    }

    /// Item 3 at the seam: a rank asks its data source only for its own rows (a file source then reads
    /// only their bytes), and over an epoch the ranks' requests cover every row once.
    @Test func eachRankAsksItsSourceOnlyForItsOwnRows() throws {
        final class CountingSource: DataSource {
            let inner: TensorSource
            var requested: [Int] = []
            init(_ inner: TensorSource) { self.inner = inner }
            var sampleCount: Int { inner.sampleCount }
            func batch(at indices: [Int]) throws -> Batch {
                requested += indices
                return try inner.batch(at: indices)
            }
        }
        let data = TensorSource(inputs: [try Tensor((0..<100).map(Float.init), shape: [100, 1])])
        var seen: [[Int]] = []
        for rank in 0..<2 {
            let source = CountingSource(data)
            var iterator = try EpochIterator(source: source, batchSize: 32, shuffle: true)
            iterator.shard = (rank, 2)
            var generator = RandomGenerator(seed: 5)
            try iterator.forEachBatch(shuffling: &generator) { _, _ in }
            seen.append(source.requested)
        }
        #expect(seen[0].count == 50 && seen[1].count == 50)
        #expect(Set(seen[0]).isDisjoint(with: seen[1]))
        #expect((seen[0] + seen[1]).sorted() == Array(0..<100))
    }

    /// Item 4: outside `mpirun` there is no communicator, and Open MPI's library is not even loaded.
    @Test func outsideMpirunNothingOfMPIIsLoaded() throws {
        guard !Communicator.launchedByMPI else { return }
        #expect(try Communicator.world() == nil)
        let maps = (try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)) ?? ""
        #expect(!maps.contains("libmpi"))
    }
}
