/// The ranks of an MPI job were started with different data, model or options: thrown on every rank
/// at once, with the same message, before training starts (so no rank waits for another).
public struct DataParallelMismatch: Error, CustomStringConvertible {
    public let description: String
}
