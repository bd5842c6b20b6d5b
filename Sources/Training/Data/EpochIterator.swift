import Tensors

/// Hands out one epoch's batches from a ``DataSource`` (Keras 3's `EpochIterator`): every sample once
/// per epoch, in `batchSize` pieces, the last one smaller; in a new random order each epoch when
/// shuffling. `fit`, `evaluate` and `predict` all read their data through one.
public struct EpochIterator {
    public let source: any DataSource
    public let batchSize: Int
    public let shuffle: Bool
    /// For data-parallel training: this process's rank and the number of ranks. Each step then reads
    /// only this rank's rows of the global batch (see ``BatchShard``); the order is the same global
    /// order on every rank, drawn from the same generator. Over a ``ShardedDataSource`` the order runs
    /// over the global rows and each rank reads the rows of each global batch that it holds.
    public var shard: (rank: Int, size: Int)?
    /// What copies the rows of a shuffled batch held in memory (a planned step's two threads), if not this thread.
    public var rowCopier: RowCopier?
    /// The sample order: at the start of each epoch, a permutation of `0..<n` drawn afresh, so that an
    /// epoch's order follows from the generator's state alone (a resumed run draws the same one).
    private var order: [Int] = []
    /// The batches handed out, kept to be written again in place (``DataSource/batch(at:reusing:copier:)``): one of
    /// `batchSize` rows and the last, smaller one.
    private let reused = ReusedBatches()

    public init(source: any DataSource, batchSize: Int, shuffle: Bool = false) throws {
        guard batchSize > 0 else { throw TrainingError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        self.source = source
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.order = shuffle ? Array(0..<source.sampleCount) : []
    }

    /// The source when its rows are one rank's part of global rows that this iterator orders.
    private var sharded: (any ShardedDataSource)? { shard == nil ? nil : source as? any ShardedDataSource }

    /// The rows one epoch orders: every rank's over a sharded source, else the source's.
    public var orderedCount: Int { sharded?.globalSampleCount ?? source.sampleCount }

    /// Batches per epoch (global batches over a sharded source: the same count on every rank).
    public var steps: Int { (orderedCount + batchSize - 1) / batchSize }

    /// Runs `body` on each batch of one epoch, with the batch's step number; shuffling draws from
    /// `generator` first.
    public mutating func forEachBatch(
        shuffling generator: inout RandomGenerator, until stop: () -> Bool = { false }, _ body: (Int, Batch) throws -> Void
    ) throws {
        if shuffle {
            if order.count != orderedCount { order = Array(0..<orderedCount) }  // the global rows, once the shard is known
            order.withUnsafeMutableBufferPointer { order in
                for index in 0..<order.count { order[index] = index }
                Self.permute(order, using: &generator)
            }
        }
        try forEachBatch(until: stop, body)
    }

    /// Runs `body` on each batch of one pass, in the current order (data order when not shuffling),
    /// stopping early once `stop` says so after a batch.
    public func forEachBatch(until stop: () -> Bool = { false }, _ body: (Int, Batch) throws -> Void) throws {
        let count = orderedCount
        let sharded = self.sharded
        for step in 0..<steps {
            if step > 0 && stop() { break }
            var range = (step * batchSize)..<Swift.min((step + 1) * batchSize, count)
            var batch: Batch
            if let sharded {
                batch = try globalBatch(range, of: sharded)
            } else {
                var placement: BatchShard?
                if let shard {
                    let rows = BatchShard.rows(rank: shard.rank, of: shard.size, count: range.count)
                    placement = BatchShard(offset: rows.lowerBound, globalCount: range.count)
                    range = (range.lowerBound + rows.lowerBound)..<(range.lowerBound + rows.upperBound)
                }
                if range.isEmpty {
                    batch = Batch(inputs: [])  // more ranks than rows in this last batch: nothing to read here
                } else {
                    batch = try reused.batch(full: range.count == batchSize) { reused in
                        if shuffle {
                            try source.batch(at: order[range], reusing: &reused, copier: rowCopier)
                        } else {
                            try source.batch(in: range, reusing: &reused)
                        }
                    }
                }
                batch.shard = placement
            }
            try body(step, batch)
        }
    }

    /// This rank's rows of the global batch at `range` of the order: those it holds, in the order's
    /// order, placed after the rows of the lower ranks (which hold the lower global rows).
    private func globalBatch(_ range: Range<Int>, of source: any ShardedDataSource) throws -> Batch {
        let first = source.globalOffset, end = first + source.sampleCount
        var mine: [Int] = [], below = 0
        let shuffled = shuffle && order.count == source.globalSampleCount  // drawn by the shuffling pass
        for index in range {
            let row = shuffled ? order[index] : index
            if row < first {
                below += 1
            } else if row < end {
                mine.append(row - first)
            }
        }
        var batch = mine.isEmpty ? Batch(inputs: []) : try source.batch(at: mine)
        batch.shard = BatchShard(offset: below, globalCount: range.count)
        return batch
    }

    /// `MutableCollection.shuffle(using:)`'s algorithm (the same permutation from the same generator state) over
    /// a buffer, which a debug build runs without boxing each element access.
    static func permute(_ buffer: UnsafeMutableBufferPointer<Int>, using generator: inout RandomGenerator) {
        var amount = buffer.count, current = 0
        while amount > 1 {
            let random = Int.random(in: 0..<amount, using: &generator)
            amount -= 1
            buffer.swapAt(current, current + random)
            current += 1
        }
    }
}

/// The two batches an ``EpochIterator`` writes again each epoch.
private final class ReusedBatches {
    private var full = Batch(inputs: [])
    private var last = Batch(inputs: [])

    /// The full-size batch, or the last one, once `fill` has written it.
    func batch(full isFull: Bool, _ fill: (inout Batch) throws -> Void) rethrows -> Batch {
        if isFull {
            try fill(&full)
            return full
        }
        try fill(&last)
        return last
    }
}
