import Foundation

/// Open MPI's `libmpi`, opened with `dlopen` only when the process was started by `mpirun` (or `srun`
/// with Open MPI's PMIx): NeuralKit does not link it, so a machine without Open MPI runs as before and a
/// process outside `mpirun` pays nothing. The few functions and Open MPI's predefined handles
/// (`ompi_mpi_comm_world`, `ompi_mpi_float`, `ompi_mpi_op_sum`, …) are resolved with `dlsym`.
final class MPILibrary: @unchecked Sendable {
    typealias Handle = OpaquePointer
    typealias Allreduce = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle, Handle, Handle) -> Int32
    typealias Bcast = @convention(c) (UnsafeMutableRawPointer?, Int32, Handle, Int32, Handle) -> Int32
    typealias InitThread =
        @convention(c) (
            UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?, Int32, UnsafeMutablePointer<Int32>
        )
        -> Int32
    typealias Send = @convention(c) (UnsafeRawPointer?, Int32, Handle, Int32, Int32, Handle) -> Int32
    /// The statuses are Open MPI's `MPI_Status` (`ompi_status_public_t`: source, tag, error, then two
    /// private fields, 24 bytes), passed as ``statusWords`` 32-bit words.
    typealias Recv = @convention(c) (UnsafeMutableRawPointer?, Int32, Handle, Int32, Int32, Handle, UnsafeMutableRawPointer?) -> Int32
    typealias Iprobe = @convention(c) (Int32, Int32, Handle, UnsafeMutablePointer<Int32>, UnsafeMutableRawPointer?) -> Int32
    typealias GetCount = @convention(c) (UnsafeRawPointer?, Handle, UnsafeMutablePointer<Int32>) -> Int32
    static let statusWords = 8

    /// Open MPI's `MPI_ANY_SOURCE` and `MPI_THREAD_SERIALIZED`.
    static let anySource: Int32 = -1
    static let threadSerialized: Int32 = 2

    let initThread: InitThread
    let finalize: @convention(c) () -> Int32
    let finalized: @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
    let commRank: @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32
    let commSize: @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32
    let allreduce: Allreduce
    let bcast: Bcast
    let barrier: @convention(c) (Handle) -> Int32
    let send: Send, recv: Recv, iprobe: Iprobe, getCount: GetCount
    let abort: @convention(c) (Handle, Int32) -> Int32
    let commWorld: Handle, float: Handle, double: Handle, byte: Handle, sum: Handle, max: Handle

    /// The environment variables by which `mpirun` (ORTE/PRRTE) or PMIx tell a process it is one rank of a job.
    static let launchVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "OMPI_COMM_WORLD_RANK"]

    /// Whether this process was started by Open MPI's launcher.
    static var launchedByMPI: Bool {
        let environment = ProcessInfo.processInfo.environment
        return launchVariables.contains { environment[$0] != nil }
    }

    /// Opens the library, or says why it cannot.
    static func open() -> Result<MPILibrary, TrainingError> {
        let names = ["libmpi.so.40", "libmpi.so", "/usr/lib/x86_64-linux-gnu/libmpi.so.40"]
        // RTLD_GLOBAL: Open MPI's own plugins, opened by libmpi, look their symbols up in it.
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_GLOBAL) }).first else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            return .failure(
                .invalidArgument(
                    "this process was started by mpirun but Open MPI's library could not be opened (\(reason)); "
                        + "install it (Debian: apt-get install libopenmpi3 openmpi-bin) or run without mpirun"))
        }
        func function<T>(_ name: String, _ type: T.Type) -> T? { dlsym(handle, name).map { unsafeBitCast($0, to: type) } }
        func object(_ name: String) -> Handle? { dlsym(handle, name).map { OpaquePointer($0) } }
        guard
            let initThread = function("MPI_Init_thread", InitThread.self),
            let finalize = function("MPI_Finalize", (@convention(c) () -> Int32).self),
            let finalized = function("MPI_Finalized", (@convention(c) (UnsafeMutablePointer<Int32>) -> Int32).self),
            let commRank = function("MPI_Comm_rank", (@convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32).self),
            let commSize = function("MPI_Comm_size", (@convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32).self),
            let allreduce = function("MPI_Allreduce", Allreduce.self), let bcast = function("MPI_Bcast", Bcast.self),
            let barrier = function("MPI_Barrier", (@convention(c) (Handle) -> Int32).self),
            let abort = function("MPI_Abort", (@convention(c) (Handle, Int32) -> Int32).self),
            let send = function("MPI_Send", Send.self), let recv = function("MPI_Recv", Recv.self), let iprobe = function("MPI_Iprobe", Iprobe.self),
            let getCount = function("MPI_Get_count", GetCount.self),
            let commWorld = object("ompi_mpi_comm_world"), let float = object("ompi_mpi_float"), let double = object("ompi_mpi_double"),
            let byte = object("ompi_mpi_byte"), let sum = object("ompi_mpi_op_sum"), let max = object("ompi_mpi_op_max")
        else {
            return .failure(
                .invalidArgument("the libmpi that was opened lacks Open MPI's functions or handles (is it MPICH?); NeuralKit needs Open MPI"))
        }
        return .success(
            MPILibrary(
                initThread: initThread, finalize: finalize, finalized: finalized, commRank: commRank, commSize: commSize,
                allreduce: allreduce, bcast: bcast, barrier: barrier, messages: (send, recv, iprobe, getCount), abort: abort, commWorld: commWorld,
                float: float,
                double: double, byte: byte, sum: sum, max: max))
    }

    private init(
        initThread: @escaping InitThread,
        finalize: @escaping @convention(c) () -> Int32, finalized: @escaping @convention(c) (UnsafeMutablePointer<Int32>) -> Int32,
        commRank: @escaping @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32,
        commSize: @escaping @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32, allreduce: @escaping Allreduce,
        bcast: @escaping Bcast, barrier: @escaping @convention(c) (Handle) -> Int32,
        messages: (send: Send, recv: Recv, iprobe: Iprobe, getCount: GetCount), abort: @escaping @convention(c) (Handle, Int32) -> Int32,
        commWorld: Handle, float: Handle, double: Handle, byte: Handle, sum: Handle, max: Handle
    ) {
        self.initThread = initThread
        self.finalize = finalize
        self.finalized = finalized
        self.commRank = commRank
        self.commSize = commSize
        self.allreduce = allreduce
        self.bcast = bcast
        self.barrier = barrier
        (send, recv, iprobe, getCount) = messages
        self.abort = abort
        self.commWorld = commWorld
        self.float = float
        self.double = double
        self.byte = byte
        self.sum = sum
        self.max = max
    }
}
