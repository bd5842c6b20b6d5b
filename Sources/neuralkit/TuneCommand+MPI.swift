import Foundation
import Training
import Tuning

extension TuneCommand {
    /// The job's ranks when started by `mpirun` with more than one process, nil otherwise (Open MPI is
    /// opened only then). `--workers` starts processes on this machine, so it is refused under mpirun.
    func mpiRanks() throws -> Communicator? {
        let world: Communicator?
        do { world = try Communicator.world() } catch { throw CommandError("\(error)") }
        guard let world, world.size > 1 else { return nil }
        if workers > 1 {
            // Every rank sees the same flags: rank 0 alone says so.
            if !world.isChief { Foundation.exit(1) }
            throw CommandError(
                "--workers \(workers) starts processes on this machine, but under mpirun every rank already runs trials; drop --workers "
                    + "(mpirun -np N sets the number of workers)")
        }
        return world
    }

    /// A rank other than 0: runs the trials rank 0 hands out, prints nothing (rank 0 reports every
    /// trial, and this rank's error if it fails) and writes nothing in the study directory.
    func runRank(_ communicator: Communicator) throws {
        var reachedRankZero = false
        do {
            let problem = try TuningProblem(command: self)
            let worker = try TrialWorker(
                hyperModel: BuildClosure { hp in try problem.build(hp) }, objective: try goal(problem), executionsPerTrial: executionsPerTrial,
                maxConsecutiveFailedTrials: maxConsecutiveFailedTrials)
            worker.crossValidation = crossValidation
            worker.pruner = try makePruner()
            let cap = ProcessInfo.processInfo.environment["NEURALKIT_MAX_EPOCHS"].flatMap(Int.init) ?? Int.max
            reachedRankZero = true
            try worker.search(problem.data, epochs: Swift.min(epochs, cap), communicator: communicator)
        } catch is TuningError where reachedRankZero {
            // The search told rank 0, which reports it and ends the job with an error; ending quietly here
            // lets it do so (mpirun stops the whole job at once when a rank exits with an error).
        } catch {
            // Data or flags this rank could not use before it reached rank 0: stop every rank, saying why.
            communicator.abort("Error: \(error)")
        }
    }

    /// Runs rank 0's preparation (data, study, TensorBoard experiment): under mpirun an error there stops
    /// every rank, which would otherwise wait for rank 0's answers.
    func beforeSearch<T>(_ ranks: Communicator?, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            if let ranks { ranks.abort("Error: \(error)") }
            throw error
        }
    }

    /// The `--pruner` asked for, nil without one.
    func makePruner() throws -> Pruner? {
        switch pruner {
        case "median": try MedianPruner(startupTrials: prunerStartupTrials)
        case "halving": try SuccessiveHalvingPruner()
        default: nil
        }
    }
}
