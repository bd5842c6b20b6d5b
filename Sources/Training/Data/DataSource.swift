import Tensors

/// One mini-batch: one array per input and per output (none when predicting), and optional
/// per-sample weights.
public struct Batch {
    public var inputs: [Tensor]
    public var targets: [Tensor]
    public var sampleWeight: Tensor?
    /// In data-parallel training, where these rows sit in the step's global batch (nil otherwise).
    public var shard: BatchShard?

    public init(inputs: [Tensor], targets: [Tensor] = [], sampleWeight: Tensor? = nil, shard: BatchShard? = nil) {
        self.inputs = inputs
        self.targets = targets
        self.sampleWeight = sampleWeight
        self.shard = shard
    }

    /// The number of samples in the batch (from the targets when there are no inputs).
    public var count: Int {
        let arrays = inputs.isEmpty ? targets : inputs
        return arrays.isEmpty || arrays[0].rank == 0 ? 0 : arrays[0].shape[0]
    }
}

/// Where samples come from, readable by index (Keras's data adapters and `PyDataset`): arrays in memory
/// (``TensorSource``) or a file read from disk in bounded memory.
public protocol DataSource {
    /// The number of samples.
    var sampleCount: Int { get }
    /// The samples at `indices`, in that order.
    func batch(at indices: [Int]) throws -> Batch
    /// The samples in `range`, in order (a contiguous read, for unshuffled passes).
    func batch(in range: Range<Int>) throws -> Batch
    /// The samples at `indices` into `batch`, whose tensors may be written again in place when nothing else
    /// holds them (``Tensor/refill(_:rows:_:)``): what a training loop reuses from step to step, so that its
    /// steady state allocates nothing; the rows copied by `copier`, if given, where the source copies rows of arrays
    /// in memory (a planned step's two threads). By default a new batch from ``batch(at:)``.
    func batch(at indices: ArraySlice<Int>, reusing batch: inout Batch, copier: RowCopier?) throws
    /// The samples in `range` into `batch`, the same way; by default a new batch from ``batch(in:)``.
    func batch(in range: Range<Int>, reusing batch: inout Batch) throws
}

extension DataSource {
    public func batch(in range: Range<Int>) throws -> Batch { try batch(at: Array(range)) }
    public func batch(at indices: ArraySlice<Int>, reusing batch: inout Batch, copier: RowCopier?) throws { batch = try self.batch(at: Array(indices)) }
    /// ``batch(at:reusing:copier:)`` with the rows copied on this thread.
    public func batch(at indices: ArraySlice<Int>, reusing batch: inout Batch) throws { try self.batch(at: indices, reusing: &batch, copier: nil) }
    public func batch(in range: Range<Int>, reusing batch: inout Batch) throws { batch = try self.batch(in: range) }
}

/// Samples held in memory as tensors whose first axis is the sample.
public struct TensorSource: DataSource {
    public let inputs: [Tensor]
    public let targets: [Tensor]
    public let sampleWeight: Tensor?

    public init(inputs: [Tensor], targets: [Tensor] = [], sampleWeight: Tensor? = nil) {
        self.inputs = inputs
        self.targets = targets
        self.sampleWeight = sampleWeight
    }

    public var sampleCount: Int { inputs.first?.shape.first ?? 0 }

    public func batch(at indices: [Int]) throws -> Batch {
        Batch(
            inputs: try inputs.map { try $0.gather(indices) }, targets: try targets.map { try $0.gather(indices) },
            sampleWeight: try sampleWeight?.gather(indices))
    }

    /// The whole data set is handed over as it is, without a copy (the path of a single batch).
    public func batch(in range: Range<Int>) throws -> Batch {
        if range == 0..<sampleCount { return Batch(inputs: inputs, targets: targets, sampleWeight: sampleWeight) }
        return Batch(
            inputs: try inputs.map { try $0.slice(range) }, targets: try targets.map { try $0.slice(range) },
            sampleWeight: try sampleWeight?.slice(range))
    }

    /// The rows at `indices` written into `batch`'s tensors when nothing else holds them (no allocation), the rows
    /// of large arrays copied by `copier` if given.
    public func batch(at indices: ArraySlice<Int>, reusing batch: inout Batch, copier: RowCopier?) throws {
        try Self.reuse(inputs, targets, sampleWeight, in: &batch) { try $0.gatherRows(indices, into: &$1, copier: copier) }
    }

    /// The rows in `range` written into `batch`'s tensors when nothing else holds them; the whole data set
    /// as it is.
    public func batch(in range: Range<Int>, reusing batch: inout Batch) throws {
        if range == 0..<sampleCount { return batch = Batch(inputs: inputs, targets: targets, sampleWeight: sampleWeight) }
        try Self.reuse(inputs, targets, sampleWeight, in: &batch) { try $0.sliceRows(range, into: &$1) }
    }

    /// Each of the arrays' rows into the matching tensor of `batch` (the array itself stands in for a tensor
    /// the batch does not have yet, and is never written).
    private static func reuse(
        _ inputs: [Tensor], _ targets: [Tensor], _ sampleWeight: Tensor?, in batch: inout Batch, _ rows: (Tensor, inout Tensor) throws -> Void
    ) throws {
        if batch.inputs.count != inputs.count { batch.inputs = inputs }
        if batch.targets.count != targets.count { batch.targets = targets }
        for index in 0..<inputs.count { try rows(inputs[index], &batch.inputs[index]) }
        for index in 0..<targets.count { try rows(targets[index], &batch.targets[index]) }
        if let sampleWeight {
            var weights = batch.sampleWeight ?? sampleWeight
            batch.sampleWeight = nil  // leaves `weights` the only holder of the batch's tensor
            try rows(sampleWeight, &weights)
            batch.sampleWeight = weights
        } else {
            batch.sampleWeight = nil
        }
        batch.shard = nil
    }

    /// The first `count` samples, and the rest (Keras's `validation_split` takes the end).
    public func split(at count: Int) throws -> (head: TensorSource, tail: TensorSource) {
        let total = sampleCount
        return (try TensorSource(batchIn: 0..<count, of: self), try TensorSource(batchIn: count..<total, of: self))
    }

    private init(batchIn range: Range<Int>, of source: TensorSource) throws {
        let batch = try source.batch(in: range)
        self.init(inputs: batch.inputs, targets: batch.targets, sampleWeight: batch.sampleWeight)
    }
}
