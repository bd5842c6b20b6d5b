/// A data source of which each rank of a data-parallel job holds only its own part, read from a file
/// that no rank loads whole (``CSVShardSource``): rank `r`'s rows are the global rows
/// `globalOffset ..< globalOffset + sampleCount`, the ranks' parts following each other in rank order.
///
/// An ``EpochIterator`` with a shard draws one global order over `globalSampleCount` rows, the same on
/// every rank, and each rank reads only its own rows of every global batch.
public protocol ShardedDataSource: DataSource {
    /// The rows of all the ranks together.
    var globalSampleCount: Int { get }
    /// The global number of this rank's first row.
    var globalOffset: Int { get }
}

/// The rows `range` of another source, renumbered from 0: a rank's contiguous part of data that every
/// rank can read (the validation data of a data-parallel `fit`).
public struct RangeSource: DataSource {
    public let base: any DataSource
    public let range: Range<Int>

    public init(_ base: any DataSource, range: Range<Int>) throws {
        guard range.lowerBound >= 0 && range.upperBound <= base.sampleCount else {
            throw TrainingError.invalidArgument("rows \(range) are out of 0..<\(base.sampleCount)")
        }
        self.base = base
        self.range = range
    }

    public var sampleCount: Int { range.count }

    public func batch(at indices: [Int]) throws -> Batch { try base.batch(at: indices.map { $0 + range.lowerBound }) }

    public func batch(in rows: Range<Int>) throws -> Batch {
        try base.batch(in: (rows.lowerBound + range.lowerBound)..<(rows.upperBound + range.lowerBound))
    }
}
