/// The processes that read one data set together, as far as opening a sharded file needs them: each
/// knows its ``rank`` of ``size`` and can gather a value from every rank. ``Communicator`` is the MPI
/// one; ``SingleRank`` is one process alone.
public protocol RankGroup {
    /// This process's place, `0..<size`.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// Every rank's `values`, in rank order, on every rank (`MPI_Allgather`); all ranks pass the same count.
    func allgather(_ values: [Double]) throws -> [[Double]]
    /// Every rank's `text`, in rank order, on every rank.
    func allgather(_ text: String) throws -> [String]
}

/// One process alone: rank 0 of 1.
public struct SingleRank: RankGroup {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allgather(_ values: [Double]) throws -> [[Double]] { [values] }
    public func allgather(_ text: String) throws -> [String] { [text] }
}

extension Communicator: RankGroup {
    /// One `MPI_Allreduce` of a buffer where each rank fills only its own slot.
    public func allgather(_ values: [Double]) throws -> [[Double]] {
        let width = values.count
        var buffer = [Double](repeating: 0, count: width * size)
        buffer.replaceSubrange((rank * width)..<((rank + 1) * width), with: values)
        try allreduceSum(&buffer)
        return (0..<size).map { Array(buffer[($0 * width)..<(($0 + 1) * width)]) }
    }

    /// One broadcast from each rank in turn.
    public func allgather(_ text: String) throws -> [String] {
        try (0..<size).map { try broadcast(text, from: $0) }
    }
}
