import Foundation

/// The processes of one MPI job (`MPI_COMM_WORLD`), as Horovod sees them: each has a ``rank`` in
/// `0..<size`, and they sum arrays together (`allreduce`), copy rank 0's to all (`broadcast`) and wait
/// for each other (`barrier`). ``world()`` is `nil` outside `mpirun`, so code written for MPI runs as one
/// process anywhere.
public final class Communicator: @unchecked Sendable {
    /// This process's place in the job, `0..<size`; rank 0 is the one that prints and writes files.
    public let rank: Int
    /// The number of processes in the job.
    public let size: Int
    let library: MPILibrary
    /// Whether MPI may be called from a thread other than the main one, one thread at a time
    /// (`MPI_THREAD_SERIALIZED`, which Debian's Open MPI provides).
    public let threadSafe: Bool

    /// Whether this is rank 0 (Horovod's `hvd.rank() == 0`, TensorFlow's "chief").
    public var isChief: Bool { rank == 0 }

    private static let shared: Result<Communicator?, TrainingError> = {
        guard MPILibrary.launchedByMPI else { return .success(nil) }
        switch MPILibrary.open() {
        case .failure(let error): return .failure(error)
        case .success(let library):
            // Serialized threads: a search's coordinator answers the other ranks from its own thread.
            var provided: Int32 = 0
            guard library.initThread(nil, nil, MPILibrary.threadSerialized, &provided) == 0 else {
                return .failure(.invalidArgument("MPI_Init failed; is this process a rank of mpirun's job?"))
            }
            atexit { Communicator.finalizeAtExit() }
            var rank: Int32 = 0, size: Int32 = 1
            _ = library.commRank(library.commWorld, &rank)
            _ = library.commSize(library.commWorld, &size)
            return .success(
                Communicator(rank: Int(rank), size: Int(size), library: library, threadSafe: provided >= MPILibrary.threadSerialized))
        }
    }()

    private init(rank: Int, size: Int, library: MPILibrary, threadSafe: Bool) {
        self.rank = rank
        self.size = size
        self.library = library
        self.threadSafe = threadSafe
    }

    /// The job's communicator when this process was started by `mpirun` (MPI is initialised on the first
    /// call), `nil` otherwise: then Open MPI is not even opened. Throws when started by `mpirun` on a
    /// machine whose Open MPI library cannot be opened.
    public static func world() throws -> Communicator? { try shared.get() }

    /// Whether this process was started by Open MPI's `mpirun` (without opening MPI).
    public static var launchedByMPI: Bool { MPILibrary.launchedByMPI }

    private static func finalizeAtExit() {
        guard case .success(let communicator?) = shared else { return }
        var done: Int32 = 0
        _ = communicator.library.finalized(&done)
        if done == 0 { _ = communicator.library.finalize() }
    }

    /// Replaces `values` on every rank by their element-wise sum over all ranks (one `MPI_Allreduce`).
    public func allreduceSum(_ values: inout [Float]) throws {
        let count = try checkedCount(values.count, "allreduce")
        let code = values.withUnsafeMutableBytes { library.allreduce(mpiInPlace, $0.baseAddress, count, library.float, library.sum, library.commWorld) }
        try check(code, "MPI_Allreduce")
    }

    /// Sums in double precision (counts and checksums).
    public func allreduceSum(_ values: inout [Double]) throws {
        let count = try checkedCount(values.count, "allreduce")
        let code = values.withUnsafeMutableBytes { library.allreduce(mpiInPlace, $0.baseAddress, count, library.double, library.sum, library.commWorld) }
        try check(code, "MPI_Allreduce")
    }

    /// The element-wise maximum over all ranks.
    public func allreduceMax(_ values: inout [Double]) throws {
        let count = try checkedCount(values.count, "allreduce")
        let code = values.withUnsafeMutableBytes { library.allreduce(mpiInPlace, $0.baseAddress, count, library.double, library.max, library.commWorld) }
        try check(code, "MPI_Allreduce")
    }

    /// Copies `root`'s `values` to every rank; every rank must pass an array of the same length.
    public func broadcast(_ values: inout [Float], from root: Int = 0) throws {
        let count = try checkedCount(values.count, "broadcast")
        let code = values.withUnsafeMutableBytes { library.bcast($0.baseAddress, count, library.float, Int32(root), library.commWorld) }
        try check(code, "MPI_Bcast")
    }

    /// Copies `root`'s doubles to every rank (same length everywhere).
    public func broadcast(_ values: inout [Double], from root: Int = 0) throws {
        let count = try checkedCount(values.count, "broadcast")
        let code = values.withUnsafeMutableBytes { library.bcast($0.baseAddress, count, library.double, Int32(root), library.commWorld) }
        try check(code, "MPI_Bcast")
    }

    /// `root`'s text, on every rank (its length goes first, so the others need not know it).
    public func broadcast(_ text: String, from root: Int = 0) throws -> String {
        var bytes = Array(text.utf8)
        var length = [Double(bytes.count)]
        try broadcast(&length, from: root)
        if rank != root { bytes = [UInt8](repeating: 0, count: Int(length[0])) }
        let count = try checkedCount(bytes.count, "broadcast")
        let code = bytes.withUnsafeMutableBytes { library.bcast($0.baseAddress, count, library.byte, Int32(root), library.commWorld) }
        try check(code, "MPI_Bcast")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Waits until every rank has called it.
    public func barrier() throws { try check(library.barrier(library.commWorld), "MPI_Barrier") }

    /// Stops every rank of the job (`MPI_Abort`) after printing `message` to standard error: the way out
    /// of an error on one rank while the others wait for it in a collective call.
    public func abort(_ message: String, code: Int32 = 1) -> Never {
        FileHandle.standardError.write(Data("neuralkit rank \(rank) of \(size): \(message); stopping all ranks\n".utf8))
        _ = library.abort(library.commWorld, code)
        exit(code)
    }

    /// `MPI_IN_PLACE` in Open MPI is the address 1.
    private var mpiInPlace: UnsafeRawPointer? { UnsafeRawPointer(bitPattern: 1) }

    func checkedCount(_ count: Int, _ operation: String) throws -> Int32 {
        guard let count = Int32(exactly: count) else {
            throw TrainingError.invalidArgument("an MPI \(operation) of \(count) values is more than MPI's 2^31 - 1 per call")
        }
        return count
    }

    func check(_ code: Int32, _ function: String) throws {
        guard code == 0 else { throw TrainingError.invalidArgument("\(function) failed on rank \(rank) of \(size) (MPI error \(code))") }
    }
}
