import ArgumentParser
import Datasets
import Foundation
import Layers
import Models
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
            """
    )

    @Option(help: "A chapter example: fashion-mnist (the default), california-housing, wide-deep or wide-deep-subclassed.")
    var example: String?

    @Option(help: "A dataset: fashion-mnist, mnist, california-housing, iris or digits.")
    var dataset: String?

    @Option(help: "A CSV file with a header row (numeric features).")
    var csv: String?

    @Option(help: "The CSV column to predict; class names make it a classifier, numbers a regressor.")
    var target: String?

    @Option(help: "Hidden layer sizes, comma-separated (default: the example's, or 300,100 for images and 30 otherwise).")
    var layers: String?

    @Option(help: "The hidden layers' activation (relu, tanh, sigmoid, elu, selu, gelu, silu, …).")
    var activation: String = "relu"

    @Option(help: "The output activation (default: softmax for classes, linear for regression).")
    var outputActivation: String?

    @Option(help: "The loss (default: sparse_categorical_crossentropy for classes, mean_squared_error for regression).")
    var loss: String?

    @Option(help: "The optimizer: sgd, adam, adamw, nadam, rmsprop, adagrad or adamax.")
    var optimizer: String = "sgd"

    @Option(help: "The learning rate (default: the example's, else the optimizer's Keras default).")
    var learningRate: Float?

    @Option(help: "The number of epochs (default: the example's, else 10).")
    var epochs: Int?

    @OptionGroup var compute: ComputeOptions

    @Option(help: "Hold out this fraction of the training data (its last rows) for validation, when the example has no validation set.")
    var validationSplit: Float?

    @Option(help: "The seed of the initial weights, the shuffling and the splits.")
    var seed: UInt64 = 42

    @Option(help: "0: silent, 1: progress bar, 2: one line per epoch.")
    var verbose: Int = 1

    @Option(help: "Write a JSON report (history, test metrics, timings, memory, BLAS) to FILE.")
    var report: String?

    @Option(help: "Save the trained model as a .keras file that Keras 3 can open (and `neuralkit evaluate`/`predict` use).")
    var save: String?

    @Option(help: "Where to find or cache downloaded datasets (default: $NEURALKIT_DATA or ~/.neuralkit/datasets).")
    var dataDir: String?

    func validate() throws {
        if example != nil && (dataset != nil || csv != nil) { throw ValidationError("give --example, --dataset or --csv, not several") }
        if dataset != nil && csv != nil { throw ValidationError("give either --dataset or --csv, not both") }
        if csv != nil && target == nil { throw ValidationError("--csv needs --target COLUMN, the column to predict") }
        guard let verbosity = Verbosity(rawValue: verbose) else { throw ValidationError("--verbose takes 0, 1 or 2") }
        _ = verbosity
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let save, !save.hasSuffix(".keras") { throw ValidationError("--save takes a file name ending in .keras") }
    }

    func run() throws {
        try compute.applyThreads()
        let job = try makeJob()
        let model = try job.makeModel(seed)
        try job.compile(model, try makeOptimizer(job.learningRate))
        print(try model.summary())

        let timer = EpochTimer()
        let start = Date()
        let history = try model.fit(job.xTrain, job.yTrain, batchSize: compute.batchSize, epochs: epochs ?? job.epochs,
            verbose: Verbosity(rawValue: verbose)!, callbacks: [timer], validationSplit: job.validation == nil ? (validationSplit ?? 0) : 0,
            validationData: job.validation)
        let trainSeconds = Date().timeIntervalSince(start)
        let test = try model.evaluate(job.xTest, job.yTest, batchSize: compute.batchSize)
        for key in test.keys.sorted() { print("Test \(key): \(String(format: "%.4f", test[key]!))") }
        if let save {
            try model.save(to: save)
            print("Saved the model to \(save)")
        }

        if let report {
            let samples = Double(job.xTrain[0].shape[0]) * (1 - Double(job.validation == nil ? (validationSplit ?? 0) : 0))
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
            ]
            try AtomicFile.write(try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]), to: report)
        }
    }

    private func makeOptimizer(_ exampleRate: Float?) throws -> Optimizer {
        let rate = learningRate ?? exampleRate
        switch optimizer.lowercased() {
        case "sgd": return SGD(learningRate: .constant(rate ?? 0.01))
        case "adam": return Adam(learningRate: .constant(rate ?? 0.001))
        case "adamw": return AdamW(learningRate: .constant(rate ?? 0.001))
        case "nadam": return Nadam(learningRate: .constant(rate ?? 0.001))
        case "rmsprop": return RMSprop(learningRate: .constant(rate ?? 0.001))
        case "adagrad": return Adagrad(learningRate: .constant(rate ?? 0.001))
        case "adamax": return Adamax(learningRate: .constant(rate ?? 0.001))
        default: throw CommandError("unknown optimizer '\(optimizer)'; choose sgd, adam, adamw, nadam, rmsprop, adagrad or adamax")
        }
    }
}

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
