/// Where one rank's rows sit in the global batch of a data-parallel step: rank `r` of `n` takes rows
/// `r·m/n ..< (r+1)·m/n` of a global batch of `m` (16 each of 32 on two ranks; an uneven last batch
/// gives some ranks one row more).
public struct BatchShard: Equatable, Sendable {
    /// The first global row of this rank's shard.
    public var offset: Int
    /// The global batch's size, over all ranks.
    public var globalCount: Int

    public init(offset: Int, globalCount: Int) {
        self.offset = offset
        self.globalCount = globalCount
    }

    /// The rows of a global batch of `count` that rank `rank` of `size` takes.
    public static func rows(rank: Int, of size: Int, count: Int) -> Range<Int> {
        (count * rank / size)..<(count * (rank + 1) / size)
    }
}
