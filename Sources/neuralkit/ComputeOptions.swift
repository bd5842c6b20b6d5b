import ArgumentParser
import Foundation
import Tensors

/// `--batch-size` and `--threads`, shared by the commands that run a model.
struct ComputeOptions: ParsableArguments {
    @Option(help: "The mini-batch size.")
    var batchSize: Int = 32

    @Option(help: "BLAS threads (default 1; at most the number of cores).")
    var threads: Int?

    func validate() throws {
        if batchSize <= 0 { throw ValidationError("--batch-size must be positive, not \(batchSize)") }
        if batchSize > 1 << 24 { throw ValidationError("--batch-size \(batchSize) is more samples than one batch can hold (at most 16,777,216)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }

    /// Sets the BLAS thread count, when one was given; more threads than cores are capped, with a
    /// warning (OpenBLAS gains nothing from them and can stall allocating their buffers).
    func applyThreads() throws {
        guard let threads else { return }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if threads > cores { Console.warn("--threads \(threads) is more than this machine's \(cores) cores; using \(cores)") }
        do { try BLAS.setThreads(Swift.min(threads, cores)) } catch { throw CommandError("--threads: \(error)") }
    }
}
