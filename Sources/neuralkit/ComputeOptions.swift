import ArgumentParser
import Tensors

/// `--batch-size` and `--threads`, shared by the commands that run a model.
struct ComputeOptions: ParsableArguments {
    @Option(help: "The mini-batch size.")
    var batchSize: Int = 32

    @Option(help: "BLAS threads (default 1).")
    var threads: Int?

    func validate() throws {
        if batchSize <= 0 { throw ValidationError("--batch-size must be positive") }
    }

    /// Sets the BLAS thread count, when one was given.
    func applyThreads() throws {
        if let threads { try BLAS.setThreads(threads) }
    }
}
