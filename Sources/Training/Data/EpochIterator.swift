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
    /// order on every rank, drawn from the same generator.
    public var shard: (rank: Int, size: Int)?
    /// The sample order: at the start of each epoch, a permutation of `0..<n` drawn afresh, so that an
    /// epoch's order follows from the generator's state alone (a resumed run draws the same one).
    private var order: [Int]

    public init(source: any DataSource, batchSize: Int, shuffle: Bool = false) throws {
        guard batchSize > 0 else { throw TrainingError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        self.source = source
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.order = shuffle ? Array(0..<source.sampleCount) : []
    }

    /// Batches per epoch.
    public var steps: Int { (source.sampleCount + batchSize - 1) / batchSize }

    /// Runs `body` on each batch of one epoch, with the batch's step number; shuffling draws from
    /// `generator` first.
    public mutating func forEachBatch(
        shuffling generator: inout RandomGenerator, until stop: () -> Bool = { false }, _ body: (Int, Batch) throws -> Void
    ) throws {
        if shuffle {
            for index in order.indices { order[index] = index }
            order.shuffle(using: &generator)
        }
        try forEachBatch(until: stop, body)
    }

    /// Runs `body` on each batch of one pass, in the current order (data order when not shuffling),
    /// stopping early once `stop` says so after a batch.
    public func forEachBatch(until stop: () -> Bool = { false }, _ body: (Int, Batch) throws -> Void) throws {
        let count = source.sampleCount
        for step in 0..<steps {
            if step > 0 && stop() { break }
            var range = (step * batchSize)..<Swift.min((step + 1) * batchSize, count)
            var placement: BatchShard?
            if let shard {
                let rows = BatchShard.rows(rank: shard.rank, of: shard.size, count: range.count)
                placement = BatchShard(offset: rows.lowerBound, globalCount: range.count)
                range = (range.lowerBound + rows.lowerBound)..<(range.lowerBound + rows.upperBound)
            }
            var batch: Batch
            if range.isEmpty {
                batch = Batch(inputs: [])  // more ranks than rows in this last batch: nothing to read here
            } else {
                batch = shuffle ? try source.batch(at: Array(order[range])) : try source.batch(in: range)
            }
            batch.shard = placement
            try body(step, batch)
        }
    }
}
