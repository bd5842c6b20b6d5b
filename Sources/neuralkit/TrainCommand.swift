import ArgumentParser
import ChapterModels
import Datasets
import Foundation
import Layers
import Models
import Plotting
import Serialization
import Tensors
import Training

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a multilayer perceptron. With no options: the chapter's Fashion-MNIST classifier.",
        discussion: """
            Examples from the chapter:
              neuralkit train
                  Fashion-MNIST, 784-300-100-10, SGD 0.01, 30 epochs
              neuralkit train --example california-housing
                  a regression MLP 8-30-1, SGD 1e-3, 20 epochs
              neuralkit train --example wide-deep
                  Wide & Deep: two inputs, two outputs (Functional API)
              neuralkit train --example wide-deep-subclassed
                  the same network, written by subclassing Model

            Any MLP on a bundled dataset or your CSV, without writing Swift:
              neuralkit train --dataset iris --layers 16 --optimizer adam --epochs 50
              neuralkit train --csv data.csv --target price --layers 64,32 --loss huber

            Continue training a saved model, with its optimizer state:
              neuralkit train --dataset iris --from iris.keras --epochs 5 --save iris.keras
            """
    )

    @OptionGroup(title: "What to train") var setup: JobOptions

    @Option(help: "The number of epochs (default: the example's, else 10); 0 trains nothing.")
    var epochs: Int?

    @OptionGroup var compute: ComputeOptions

    @OptionGroup(title: "Callbacks") var callbackOptions: CallbackOptions

    @Option(help: "Hold out this fraction of the training data (its last rows) for validation, when the data has no validation set.")
    var validationSplit: Float?

    @Option(help: "0: silent, 1: progress bar, 2: one line per epoch.")
    var verbose: Int = 1

    @Flag(help: "Print nothing but errors and warnings (as --verbose 0, and no summary or results).")
    var quiet = false

    @Option(help: "Write a JSON report (history, test metrics, timings, memory, BLAS) to FILE, or - for standard output.")
    var report: String?

    @Option(help: "Draw the learning curves after training to FILE (.png, .svg or .pdf).")
    var plot: String?

    @Option(help: "Save the trained model as a .keras file that Keras 3 can open (and `neuralkit evaluate`/`predict` use).")
    var save: String?

    @OptionGroup(title: "Under mpirun (data-parallel training on every rank)") var mpi: MPIOptions

    @OptionGroup(title: "Data read in place") var stream: StreamOptions

    func validate() throws {
        guard Verbosity(rawValue: verbose) != nil else { throw ValidationError("--verbose takes 0, 1 or 2") }
        if let epochs, epochs < 0 { throw ValidationError("--epochs must not be negative") }
        if let validationSplit, !(validationSplit >= 0 && validationSplit < 1) {
            throw ValidationError("--validation-split must lie in [0, 1), not \(validationSplit)")
        }
        if let save {
            guard save.hasSuffix(".keras") else { throw ValidationError("--save takes a file name ending in .keras") }
            try FlagChecks.outputFile(save, flag: "--save", what: "the model")
        }
        if stream.validationCsv != nil && setup.csv == nil { throw ValidationError("--validation-csv goes with --csv (the training rows)") }
        try FlagChecks.outputFile(report, flag: "--report", what: "the report")
        try FlagChecks.outputFile(plot, flag: "--plot", what: "the figure", figure: true)
    }

    func run() throws {
        try mpi.run { parallel in try train(parallel) }
    }

    /// Trains, on every rank of an MPI job when `parallel` is given (only rank 0 prints and writes).
    private func train(_ parallel: DataParallel?) throws {
        let chief = parallel?.isChief ?? true
        try compute.applyThreads()
        if let images = stream.idxImages, let labels = stream.idxLabels { return try trainStreaming(parallel, images: images, labels: labels) }
        if let csv = setup.csv, parallel != nil || stream.validationCsv != nil { return try trainCSVInPlace(parallel, path: csv) }
        let console = Console(dataOnStandardOutput: report == "-", quiet: quiet || !chief)
        let job = try setup.makeJob()
        setup.warnAboutIgnoredOptions(job, validationSplit: validationSplit)
        let model = try setup.makeModel(for: job)
        console.say(try model.summary())

        let timer = EpochTimer()
        let start = Date()
        let splitFraction = job.validation == nil ? (validationSplit ?? 0) : 0
        // NEURALKIT_MAX_EPOCHS caps every training, for smoke tests (the README check runs each command with 1).
        let cap = ProcessInfo.processInfo.environment["NEURALKIT_MAX_EPOCHS"].flatMap(Int.init) ?? Int.max
        let history: History
        let callbacks = try callbackOptions.makeCallbacks(
            hasValidation: job.validation != nil || splitFraction > 0, verbose: !quiet && verbose > 0 && chief, output: console.progress,
            writesFiles: chief)
        do {
            history = try model.fit(
                job.xTrain, job.yTrain, batchSize: compute.batchSize, epochs: Swift.min(epochs ?? job.epochs, cap),
                verbose: quiet ? .silent : Verbosity(rawValue: verbose) ?? .progressBar, callbacks: [timer] + callbacks,
                validationSplit: splitFraction, validationData: job.validation, output: console.progress,
                distribution: parallel.map { .dataParallel($0) })
        } catch let error as DataParallelMismatch {
            throw error
        } catch { throw CommandError(error) }
        let trainSeconds = Date().timeIntervalSince(start)
        var identical: Bool?
        if let parallel {
            do { identical = try parallel.weightsAgree(model) } catch { throw CommandError(error) }
            console.say("Trained on \(parallel.size) MPI ranks; weights identical on every rank: \(identical == true ? "yes" : "NO")")
        }
        let resumedAt = callbacks.compactMap { ($0 as? BackupAndRestore)?.resumedAtEpoch }.first
        if let reason = model.stopReason { console.say("Stopped: \(reason)") }
        let test = try model.evaluate(job.xTest, job.yTest, batchSize: compute.batchSize)
        for key in test.keys.sorted() { console.say("Test \(key): \(String(format: "%.4f", test[key] ?? .nan))") }
        guard chief else { return }
        if let save {
            do { try model.save(to: save) } catch { throw CommandError("\(error)") }
            console.say("Saved the model to \(save)")
        }
        if let plot, !history.epoch.isEmpty {
            var run = TrainingRun(name: job.name, history: history)
            run.restoredEpoch = model.restoredEpoch.map { $0 + 1 }
            do { try LearningCurves.draw([run], to: plot) } catch { throw CommandError("--plot: \(error)") }
            console.say("Drew the learning curves to \(plot)")
        }
        if let report {
            let samples = Double(job.xTrain[0].shape[0]) * (1 - Double(splitFraction))
            let document: [String: Any] = [
                "example": job.name,
                "history": history.history.mapValues { $0.map(Double.init) },
                "epochs": history.epoch.map { $0 + 1 },
                "test_metrics": test.mapValues(Double.init),
                "epoch_seconds": timer.seconds,
                "samples_per_second": samples * Double(history.epoch.count) / Swift.max(trainSeconds, 1e-9),
                "peak_memory_bytes": peakMemoryBytes(),
                "blas": ["core": BLAS.configuration.core, "threads": BLAS.configuration.threads],
                "parameters": model.parameterCount,
                "ranks": parallel?.size ?? 1,
                "weights_identical_on_all_ranks": identical ?? NSNull(), "planned_step": model.lastStepWasPlanned,
                "stop_reason": model.stopReason ?? NSNull(),
                "restored_epoch": model.restoredEpoch.map { $0 + 1 } ?? NSNull(),
                "resumed_at_epoch": resumedAt.map { $0 + 1 } ?? NSNull(),
            ]
            try Console.writeJSON(document, to: report, what: "the report")
        }
    }
}

extension DatasetTask: ExpressibleByArgument {}

/// Records how long each epoch took (training and validation).
final class EpochTimer: Callback {
    private(set) var seconds: [Double] = []
    private var start = Date()
    override func onEpochBegin(_ epoch: Int, logs: Logs) throws { start = Date() }
    override func onEpochEnd(_ epoch: Int, logs: Logs) throws { seconds.append(Date().timeIntervalSince(start)) }
}

/// The process's peak resident memory.
func peakMemoryBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}
