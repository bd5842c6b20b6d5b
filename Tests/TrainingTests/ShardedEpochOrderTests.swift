import Tensors
import Testing
import Training

/// The epoch order over a ``ShardedDataSource``: one global permutation of the rows, the same on every
/// rank and for any rank count; each rank reads only its own rows of every global batch.
@Suite struct ShardedEpochOrderTests {
    /// Rank `rank`'s contiguous part of `count` rows whose value is their global number.
    struct Part: ShardedDataSource {
        let globalSampleCount: Int, globalOffset: Int, sampleCount: Int

        func batch(at indices: [Int]) throws -> Batch {
            for index in indices where index < 0 || index >= sampleCount { throw TrainingError.invalidArgument("row \(index) is not this rank's") }
            let rows = indices.map { Float($0 + globalOffset) }
            return Batch(inputs: [try Tensor(rows, shape: [rows.count, 1])], targets: [Tensor(rows)])
        }
    }

    /// Parts of uneven sizes (as byte ranges give them).
    static func parts(_ count: Int, ranks: Int) -> [Part] {
        let sizes = (0..<ranks).map { r in (count * (r + 1) * (r + 2) / (ranks * (ranks + 1))) - (count * r * (r + 1) / (ranks * (ranks + 1))) }
        return sizes.indices.map { Part(globalSampleCount: count, globalOffset: sizes[0..<$0].reduce(0, +), sampleCount: sizes[$0]) }
    }

    /// Each rank's epochs: per epoch, per step, its rows and their placement.
    static func epochs(_ part: Part, rank: Int, ranks: Int, seed: UInt64, shuffle: Bool = true) throws -> [[(rows: [Int], shard: BatchShard)]] {
        var iterator = try EpochIterator(source: part, batchSize: 8, shuffle: shuffle)
        iterator.shard = (rank, ranks)
        var generator = RandomGenerator(seed: seed), result: [[(rows: [Int], shard: BatchShard)]] = []
        for _ in 0..<2 {
            var steps: [(rows: [Int], shard: BatchShard)] = []
            try iterator.forEachBatch(shuffling: &generator) { _, batch in
                steps.append(((batch.inputs.first?.scalars ?? []).map { Int($0) }, try #require(batch.shard)))
            }
            result.append(steps)
        }
        return result
    }

    @Test func ranksTogetherReadEachGlobalBatchOfTheOneProcessOrder() throws {
        let count = 37
        let single = try Self.epochs(Self.parts(count, ranks: 1)[0], rank: 0, ranks: 1, seed: 5)
        #expect(single.count == 2 && single[0].count == 5 && single[0].map(\.rows.count) == [8, 8, 8, 8, 5])
        #expect(single[0].map(\.rows) != single[1].map(\.rows))  // a new order each epoch
        #expect(Set(single[0].flatMap(\.rows)) == Set(0..<count))
        for ranks in 2...4 {
            let parts = Self.parts(count, ranks: ranks)
            let runs = try parts.indices.map { try Self.epochs(parts[$0], rank: $0, ranks: ranks, seed: 5) }
            for epoch in 0..<2 {
                for step in single[epoch].indices {
                    // The same steps on every rank; the ranks' rows, in rank order, are the global batch's.
                    let pieces = runs.map { $0[epoch][step] }
                    #expect(pieces.allSatisfy { $0.shard.globalCount == single[epoch][step].rows.count })
                    #expect(Set(pieces.flatMap(\.rows)) == Set(single[epoch][step].rows) && pieces.flatMap(\.rows).count == single[epoch][step].rows.count)
                    #expect(pieces.map(\.shard.offset) == pieces.indices.map { pieces[0..<$0].reduce(0) { $0 + $1.rows.count } })
                    for (rank, piece) in pieces.enumerated() {
                        #expect(piece.rows.allSatisfy { (parts[rank].globalOffset..<(parts[rank].globalOffset + parts[rank].sampleCount)).contains($0) })
                    }
                }
            }
        }
        // The same seed, the same run; another seed, another order.
        #expect(try Self.epochs(Self.parts(count, ranks: 1)[0], rank: 0, ranks: 1, seed: 5).map { $0.map(\.rows) } == single.map { $0.map(\.rows) })
        #expect(try Self.epochs(Self.parts(count, ranks: 1)[0], rank: 0, ranks: 1, seed: 6).map { $0.map(\.rows) } != single.map { $0.map(\.rows) })
    }

    /// Without shuffling the global order is the file's: a step may hold no row of a rank.
    @Test func unshuffledStepsFollowTheFile() throws {
        let parts = Self.parts(40, ranks: 2)
        let zero = try Self.epochs(parts[0], rank: 0, ranks: 2, seed: 1, shuffle: false)[0]
        let one = try Self.epochs(parts[1], rank: 1, ranks: 2, seed: 1, shuffle: false)[0]
        #expect(parts[0].sampleCount == 13 && zero.count == 5 && one.count == 5)
        #expect(zero.flatMap(\.rows) == Array(0..<13) && one.flatMap(\.rows) == Array(13..<40))
        #expect(one[0].rows.isEmpty && one[0].shard.offset == 8)
    }
}
