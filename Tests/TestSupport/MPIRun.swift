import Foundation

/// Runs this package's executables under Open MPI's `mpirun` for the data-parallel tests: as root,
/// with more ranks than cores allowed (`--allow-run-as-root --oversubscribe`), over shared memory and
/// TCP on the loopback. `mpirun` missing is a skip (nil), except with `NEURALKIT_REQUIRE_MPI=1`, as in
/// CI, where it is an error.
public enum MPIRun {
    /// The `mpirun` on this machine, nil when there is none (and it is not required).
    public static func launcher() throws -> String? {
        let path = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if path == nil && ProcessInfo.processInfo.environment["NEURALKIT_REQUIRE_MPI"] == "1" {
            throw CocoaError(
                .executableLoad, userInfo: [NSLocalizedDescriptionKey: "NEURALKIT_REQUIRE_MPI=1 but mpirun is not installed (apt-get install openmpi-bin)"])
        }
        return path
    }

    /// The path of an executable built by this package.
    public static func product(_ name: String) throws -> String {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()].map { $0.appendingPathComponent(name).path }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0]])
        }
        return path
    }

    /// `mpirun`'s own options for a test: root allowed, oversubscribed (a waiting rank yields its core
    /// instead of spinning: on a busy 2-core machine that halves an epoch), no CMA single copy
    /// (containers forbid `process_vm_readv`), TCP on the loopback only.
    public static let testOptions = [
        "--allow-run-as-root", "--oversubscribe", "--mca", "mpi_yield_when_idle", "1", "--mca", "btl_vader_single_copy_mechanism", "none", "--mca",
        "btl_tcp_if_include", "lo",
        "--mca", "oob_tcp_if_include", "lo",
    ]

    /// Starts `mpirun -np ranks product arguments…` and returns the running process, its output going
    /// to the pipes it returns; nil when mpirun is absent.
    public static func launch(_ ranks: Int, _ product: String, _ arguments: [String], mpirunOptions: [String] = []) throws -> (Process, Pipe, Pipe)? {
        try launch(mpirunArguments: mpirunOptions + ["-np", "\(ranks)", try self.product(product)] + arguments)
    }

    /// Starts `mpirun` with the test options and these arguments (several programs: `-np 1 a : -np 1 b`),
    /// under `timeout`: a job that hangs is stopped after two minutes and fails its test instead.
    public static func launch(mpirunArguments: [String]) throws -> (Process, Pipe, Pipe)? {
        guard let mpirun = try launcher() else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "5", "120", mpirun] + testOptions + mpirunArguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, output, errors)
    }

    /// Runs `mpirun -np ranks product arguments…` to the end; nil when mpirun is absent.
    public static func run(_ ranks: Int, _ product: String, _ arguments: [String], mpirunOptions: [String] = []) throws -> CommandResult? {
        guard let (process, output, errors) = try launch(ranks, product, arguments, mpirunOptions: mpirunOptions) else { return nil }
        return finish(process, output, errors)
    }

    /// Runs two ranks started with different arguments (`mpirun -np 1 product first : -np 1 product second`) to
    /// the end; nil when mpirun is absent. For the checks that ranks started differently are told what differs.
    public static func runMismatched(_ product: String, _ first: [String], _ second: [String]) throws -> CommandResult? {
        let path = try self.product(product)
        guard let (process, output, errors) = try launch(mpirunArguments: ["-np", "1", path] + first + [":", "-np", "1", path] + second) else {
            return nil
        }
        return finish(process, output, errors)
    }

    /// Runs `product arguments("one")` as one process and `mpirun -np ranks product arguments(name)` (the
    /// arguments may name their output files after the run), each expected to succeed; nil when mpirun is absent.
    public static func runBoth(
        _ ranks: Int, _ product: String, _ name: String, _ arguments: (String) -> [String]
    ) throws -> (one: CommandResult, many: CommandResult)? {
        let one = try runProduct(product, arguments("one"))
        guard let many = try run(ranks, product, arguments(name)) else { return nil }
        return (one, many)
    }

    /// Reads a launched job's output to its end and waits for it.
    public static func finish(_ process: Process, _ output: Pipe, _ errors: Pipe) -> CommandResult {
        let errorData = LockedData()
        let reader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.done { Thread.sleep(forTimeInterval: 0.01) }
        return CommandResult(
            status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errorData.value, as: UTF8.self))
    }
}

/// Data handed from a reader thread.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var finished = false
    func set(_ value: Data) { lock.withLock { (data, finished) = (value, true) } }
    var done: Bool { lock.withLock { finished } }
    var value: Data { lock.withLock { data } }
}
