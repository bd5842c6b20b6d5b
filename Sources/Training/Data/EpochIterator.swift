import Tensors

/// Hands out one epoch's batches from a ``DataSource`` (Keras 3's `EpochIterator`): every sample once
/// per epoch, in `batchSize` pieces, the last one smaller; in a new random order each epoch when
/// shuffling. `fit`, `evaluate` and `predict` all read their data through one.
public struct EpochIterator {
    public let source: any DataSource
    public let batchSize: Int
    public let shuffle: Bool
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
            let range = (step * batchSize)..<Swift.min((step + 1) * batchSize, count)
            let batch = shuffle ? try source.batch(at: Array(order[range])) : try source.batch(in: range)
            try body(step, batch)
        }
    }
}
