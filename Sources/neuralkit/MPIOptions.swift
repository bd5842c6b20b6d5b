import ArgumentParser
import Foundation
import Models
import Training

/// The options of a command started by `mpirun` (Horovod's learning-rate rule), and how such a command
/// runs: every rank trains its shard, an error on one rank stops them all with its message.
struct MPIOptions: ParsableArguments {
    @Flag(help: "Under mpirun: multiply the learning rate by the number of ranks (Horovod's rule for a larger global batch).")
    var scaleLr = false

    @Option(help: "With --scale-lr: reach the scaled learning rate linearly over this many epochs (Horovod's warm-up).")
    var warmupEpochs: Int = 0

    func validate() throws {
        if warmupEpochs < 0 { throw ValidationError("--warmup-epochs must not be negative, not \(warmupEpochs)") }
        if warmupEpochs > 0 && !scaleLr { throw ValidationError("--warmup-epochs goes with --scale-lr") }
    }

    /// Runs `body` as one process, or, under `mpirun`, as one rank of the job: Open MPI is opened only
    /// then. A configuration that differs between ranks is reported once, by rank 0; any other error on
    /// a rank is printed with the rank's number and stops every rank (`MPI_Abort`), so none waits forever.
    func run(_ body: (DataParallel?) throws -> Void) throws {
        let parallel: DataParallel?
        do { parallel = try DataParallel.world(scaleLearningRate: scaleLr, warmupEpochs: warmupEpochs) } catch { throw CommandError("\(error)") }
        guard let parallel else {
            if scaleLr { Console.warn("--scale-lr has no effect outside mpirun (one process: the learning rate stays as given)") }
            return try body(nil)
        }
        do {
            try body(parallel)
        } catch let error as DataParallelMismatch {
            if parallel.isChief { throw CommandError(error.description) }
            Foundation.exit(1)
        } catch {
            parallel.communicator.abort("Error: \(error)")
        }
    }
}
