import ArgumentParser
import Foundation
import Models
import Tensors
import Tuning

/// `neuralkit tune`: a hyperparameter search (Keras Tuner's) on a dataset or CSV, in a study directory
/// that survives crashes and that several worker processes share.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search hyperparameters (random, grid, Hyperband or Bayesian) in a resumable study; --summary reads one back.",
        discussion: """
            The chapter's search (1 to 8 hidden layers, 16 to 256 neurons, learning rate 1e-4 to 1e-2 on a log scale, SGD or Adam):
              neuralkit tune --dataset fashion-mnist --max-trials 20 --hidden-layers 1..8 --units 16..256:log \\
                  --learning-rate 1e-4..1e-2:log --optimizer sgd,adam --epochs 10 --directory runs/fashion --workers 2 --save-best best.keras
            Run the same command again after a crash: finished trials are kept, the interrupted one is run again.
              neuralkit tune --directory runs/fashion --summary
            A dimension is MIN..MAX (add :log for a log scale), a list a,b,c (a choice), or one value (fixed).
            """)

    @Option(help: "A dataset: fashion-mnist (the default), mnist, iris, digits, california-housing, …")
    var dataset: String?

    @Option(help: "A CSV file with a header row (numeric features).")
    var csv: String?

    @Option(help: "The CSV column to predict.")
    var target: String?

    @Option(help: "random, grid, hyperband or bayesian.")
    var tuner: String = "random"

    @Option(help: "The most trials (random, grid and bayesian).")
    var maxTrials: Int = 10

    @Option(name: .customLong("hidden-layers"), help: "Hidden layers: MIN..MAX, a list, or a number.")
    var hiddenLayers: String = "1..3"

    @Option(help: "Neurons per hidden layer (the same in each, as the book's search).")
    var units: String = "16..256:log"

    @Option(help: "The learning rate.")
    var learningRate: String = "1e-4..1e-2:log"

    @Option(help: "Optimizers to choose from, comma-separated (sgd, adam, nadam, rmsprop, …).")
    var optimizer: String = "sgd,adam"

    @Option(help: "The hidden layers' activation.")
    var activation: String = "relu"

    @Option(help: "Epochs per trial (Hyperband: its maximum).")
    var epochs: Int = 10

    @Option(help: "Hyperband's reduction factor.")
    var factor: Int = 3

    @Option(help: "Hyperband's iterations over its brackets.")
    var hyperbandIterations: Int = 1

    @Option(help: "The History key to optimize: val_accuracy (the default for classes), val_loss, loss, …")
    var objective: String?

    @Option(help: "min or max (default: inferred from the objective's name).")
    var direction: String?

    @Option(help: "Fits per trial; the score is their mean.")
    var executionsPerTrial: Int = 1

    @Option(help: "Runs of a failed trial before it counts as failed.")
    var maxRetriesPerTrial: Int = 0

    @Option(help: "Score each trial by K-fold cross-validation of the training data (stratified for classes), as RandomizedSearchCV(cv=K).")
    var crossValidation: Int?

    @Flag(help: "With --save-best: train the best configuration again on all the training data and save that model (scikit-learn's refit).")
    var refit = false

    @Option(
        help: """
            median: stop a trial at an epoch's end when its best is worse than the median of the completed trials there; \
            halving: successive halving (ASHA), the best quarter of the ended trials go on at epochs 1, 4, 16, … (Optuna's rules).
            """)
    var pruner: String?

    @Option(help: "Completed trials before the pruner starts judging.")
    var prunerStartupTrials: Int = 5

    @Option(help: "Stop the search after this many failed trials in a row.")
    var maxConsecutiveFailedTrials: Int = 3

    @Option(help: "The study directory (study.db and one trial_N folder per trial).")
    var directory: String

    @Flag(help: "Start the study afresh, removing the one in --directory.")
    var overwrite = false

    @Option(help: "Worker processes running trials at once (each with one BLAS thread unless --threads).")
    var workers: Int = 1

    @Flag(help: "Print the study's search space and results and stop (no data needed).")
    var summary = false

    @Option(help: "Draw the search to FILE (.png, .svg or .pdf): the best score so far by trial, each hyperparameter against the score.")
    var plot: String?

    @Option(help: "Write TensorBoard's HParams dashboard data to this log folder: one run per trial with its values and History.")
    var tensorboard: String?

    @Option(help: "Save the best trial's model to this .keras file, and report its test metrics.")
    var saveBest: String?

    @Option(help: "Hold out this fraction of the training rows for validation when the data has no validation set.")
    var validationSplit: Float = 0.2

    @Option(help: "The seed of the search, the splits and every trial's initial weights.")
    var seed: UInt64 = 42

    @Option(help: "Where to find or cache downloaded datasets.")
    var dataDir: String?

    @OptionGroup var compute: ComputeOptions

    @Flag(help: "Print nothing but errors and the results.")
    var quiet = false

    @Flag(help: .hidden) var worker = false

    func validate() throws {
        if dataset != nil && csv != nil { throw ValidationError("give either --dataset or --csv, not both") }
        if csv != nil && target == nil { throw ValidationError("--csv needs --target COLUMN, the column to predict") }
        let tuners = ["random", "grid", "hyperband", "bayesian"]
        if !tuners.contains(tuner) {
            let hint = FlagChecks.closest(to: tuner, in: tuners).map { " (did you mean '\($0)'?)" } ?? ""
            throw ValidationError("unknown --tuner '\(tuner)'\(hint); choose random, grid, hyperband or bayesian")
        }
        for (value, flag, least) in [
            (maxTrials, "--max-trials", 1), (epochs, "--epochs", 1), (workers, "--workers", 1), (executionsPerTrial, "--executions-per-trial", 1),
            (maxRetriesPerTrial, "--max-retries-per-trial", 0), (maxConsecutiveFailedTrials, "--max-consecutive-failed-trials", 1),
            (factor, "--factor", 2), (hyperbandIterations, "--hyperband-iterations", 1),
        ] where value < least {
            throw ValidationError("\(flag) must be at least \(least), not \(value)")
        }
        if let crossValidation, crossValidation < 2 { throw ValidationError("--cross-validation must be at least 2 folds, not \(crossValidation)") }
        if refit && saveBest == nil { throw ValidationError("--refit trains the model that --save-best saves; give --save-best FILE too") }
        if let pruner, !["median", "halving"].contains(pruner) { throw ValidationError("unknown --pruner '\(pruner)'; choose median or halving") }
        if prunerStartupTrials < 0 { throw ValidationError("--pruner-startup-trials must not be negative, not \(prunerStartupTrials)") }
        if let direction, !["min", "max"].contains(direction) { throw ValidationError("--direction takes min or max, not '\(direction)'") }
        if !(validationSplit > 0 && validationSplit < 1) { throw ValidationError("--validation-split must lie in (0, 1), not \(validationSplit)") }
        try FlagChecks.outputFile(plot, flag: "--plot", what: "the figure", figure: true)
        if let saveBest {
            guard saveBest.hasSuffix(".keras") else { throw ValidationError("--save-best takes a file name ending in .keras") }
            try FlagChecks.outputFile(saveBest, flag: "--save-best", what: "the best model")
        }
    }

    func run() throws {
        if summary { return try printSummary() }
        if compute.threads == nil { try BLAS.setThreads(1) } else { try compute.applyThreads() }
        let ranks = try mpiRanks()
        if let ranks, !ranks.isChief { return try runRank(ranks) }
        let console = Console(quiet: quiet || worker)
        let (problem, search) = try beforeSearch(ranks) { () throws -> (TuningProblem, Tuner) in
            let problem = try TuningProblem(command: self)
            let search: Tuner
            do { search = try makeTuner(problem) } catch let error as TuningError { throw CommandError("\(error)") }
            if !worker {
                let line = "Searching \(problem.name) in \(directory): \(search.space.space.count) hyperparameters, objective \(search.objective)\n"
                if !console.quiet { FileHandle.standardOutput.write(Data(line.utf8)) }
            }
            search.crossValidation = crossValidation
            search.pruner = try makePruner()
            if let tensorboard, !worker { try writeExperiment(search.space.space, objective: search.objective, to: tensorboard) }
            return (problem, search)
        }
        var logFailure: Error?
        search.onTrialEnd = { trial in
            self.report(trial, search)
            if let tensorboard = self.tensorboard, logFailure == nil {
                do { try self.writeTrial(trial, study: search.study, to: tensorboard) } catch { logFailure = error }
            }
        }
        let children = worker || ranks != nil ? [] : try startWorkers(workers - 1)
        var failure: Error?
        // NEURALKIT_MAX_EPOCHS caps every training, for smoke tests (the README check runs each command with 1).
        let cap = ProcessInfo.processInfo.environment["NEURALKIT_MAX_EPOCHS"].flatMap(Int.init) ?? Int.max
        do {
            if let ranks {
                try search.search(problem.data, epochs: Swift.min(epochs, cap), communicator: ranks)
            } else {
                try search.search(problem.data, epochs: Swift.min(epochs, cap))
            }
        } catch { failure = error }
        let failedChildren = waitFor(children)
        if worker {
            if let failure { throw CommandError("\(failure)") }
            return
        }
        if let failure { throw CommandError("\(failure)") }
        if let logFailure { throw logFailure }
        if failedChildren > 0 { Console.warn("\(failedChildren) worker process(es) ended with an error; the study keeps what they finished") }
        FileHandle.standardOutput.write(Data((try resultsTable(try search.study.trials(), objective: search.objective, count: 10) + "\n").utf8))
        if let saveBest { try saveBestModel(search, problem, to: saveBest, console: console) }
        if let plot { try drawPlot(try search.study.trials(), objective: search.objective, space: search.space.space, to: plot) }
    }

    /// The objective: `--objective` (by default val_accuracy for classes, val_loss otherwise) in `--direction`.
    func goal(_ problem: TuningProblem) throws -> Objective {
        let objectiveName = objective ?? (problem.isClassification ? "val_accuracy" : "val_loss")
        return try direction.map { Objective(objectiveName, direction: $0 == "max" ? .max : .min) } ?? Objective(objectiveName)
    }

    func makeTuner(_ problem: TuningProblem) throws -> Tuner {
        let goal = try goal(problem)
        let model = BuildClosure { hp in try problem.build(hp) }
        // Workers never overwrite: the first process has made the study they join.
        let fresh = overwrite && !worker
        let common = (executions: executionsPerTrial, retries: maxRetriesPerTrial, failures: maxConsecutiveFailedTrials)
        switch tuner {
        case "grid":
            return try GridSearch(
                hyperModel: model, objective: goal, maxTrials: maxTrials, directory: directory, overwrite: fresh, executionsPerTrial: common.executions,
                maxRetriesPerTrial: common.retries, maxConsecutiveFailedTrials: common.failures)
        case "bayesian":
            return try BayesianOptimization(
                hyperModel: model, objective: goal, maxTrials: maxTrials, seed: seed, directory: directory, overwrite: fresh,
                executionsPerTrial: common.executions, maxRetriesPerTrial: common.retries, maxConsecutiveFailedTrials: common.failures)
        case "hyperband":
            return try Hyperband(
                hyperModel: model, objective: goal, maxEpochs: epochs, factor: factor, hyperbandIterations: hyperbandIterations, seed: seed,
                directory: directory, overwrite: fresh, executionsPerTrial: common.executions, maxRetriesPerTrial: common.retries,
                maxConsecutiveFailedTrials: common.failures)
        default:
            return try RandomSearch(
                hyperModel: model, objective: goal, maxTrials: maxTrials, seed: seed, directory: directory, overwrite: fresh,
                executionsPerTrial: common.executions, maxRetriesPerTrial: common.retries, maxConsecutiveFailedTrials: common.failures)
        }
    }

    /// One line per trial as it ends: its score, the best so far, its values and time.
    private func report(_ trial: Trial, _ search: Tuner) {
        guard !quiet else { return }
        let best = (try? search.bestTrials(1).first?.score).flatMap { $0 }
        let score = trial.score.map { String(format: "%.4f", $0) } ?? "-"
        let values = trial.values.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.format($0.value))" }.joined(separator: " ")
        let status = trial.status == .completed ? "" : " \(trial.status.rawValue): \(trial.message ?? "")"
        let line =
            "Trial \(trial.id) [\(Self.worker(of: trial))] \(search.objective.name)=\(score) best=\(best.map { String(format: "%.4f", $0) } ?? "-") "
            + "\(values) \(String(format: "%.1f", trial.seconds ?? 0))s\(status)\n"
        // One write per line: the workers' lines share standard output without mixing.
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    /// Who ran a trial: this process's id, or, under mpirun, the rank, host and process id.
    static func worker(of trial: Trial) -> String {
        guard let worker = trial.worker, let via = worker.range(of: " via ") else { return "pid \(getpid())" }
        return String(worker[..<via.lowerBound])
    }

    static func format(_ value: HyperValue) -> String {
        if case .float(let number) = value { return String(format: "%.4g", number) }
        return value.description
    }
}
