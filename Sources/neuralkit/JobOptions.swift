import ArgumentParser
import ChapterModels
import Datasets
import Foundation
import Models
import Serialization
import Training

/// What to train and how to make the network: the options `train` and `lr-find` share.
struct JobOptions: ParsableArguments {
    @Option(help: "A chapter example: fashion-mnist (the default), california-housing, wide-deep or wide-deep-subclassed.")
    var example: String?

    @Option(help: "A dataset: \(DatasetCatalogue.names.joined(separator: ", ")).")
    var dataset: String?

    @Option(help: "A CSV file with a header row (numeric features), or - for standard input.")
    var csv: String?

    @Option(help: "The CSV column to predict.")
    var target: String?

    @Option(help: "classification or regression (default for a CSV: classes when the target holds names, else regression).")
    var task: DatasetTask?

    @Option(help: "Hidden layer sizes, comma-separated (default: the example's, or 300,100 for images and 30 otherwise).")
    var layers: String?

    @Option(help: "The hidden layers' activation (relu, tanh, sigmoid, elu, selu, gelu, silu, …).")
    var activation: String = "relu"

    @Option(help: "The output activation (default: softmax for classes, linear for regression).")
    var outputActivation: String?

    @Option(help: "The loss (default: sparse_categorical_crossentropy for classes, mean_squared_error for regression).")
    var loss: String?

    @Option(help: "Metrics to track besides the loss, comma-separated (default: accuracy for classes; e.g. rmse,mae for regression).")
    var metrics: String?

    @Option(help: "The optimizer: sgd, adam, adamw, nadam, rmsprop, adagrad, adamax, adadelta, adafactor, ftrl, lion or lamb.")
    var optimizer: String = "sgd"

    @Option(help: "The learning rate (default: the example's, else the optimizer's Keras default).")
    var learningRate: Float?

    @Option(help: "Continue training this saved .keras model (its weights and optimizer state) instead of making a new one.")
    var from: String?

    @Option(help: "The seed of the initial weights, the shuffling and the splits.")
    var seed: UInt64 = 42

    @Option(help: "Where to find or cache downloaded datasets (default: $NEURALKIT_DATA or ~/.neuralkit/datasets).")
    var dataDir: String?

    func validate() throws {
        if example != nil && (dataset != nil || csv != nil) { throw ValidationError("give --example, --dataset or --csv, not several") }
        if dataset != nil && csv != nil { throw ValidationError("give either --dataset or --csv, not both") }
        if csv != nil && target == nil { throw ValidationError("--csv needs --target COLUMN, the column to predict") }
        try FlagChecks.learningRate(learningRate)
        if let layers { _ = try FlagChecks.layerSizes(layers) }
    }

    func makeOptimizer(_ exampleRate: Float?) throws -> Optimizer {
        let rate = learningRate ?? exampleRate
        let name = optimizer.lowercased()
        guard let factory = Optimizer.builtIns.first(where: { $0.names.dropFirst().contains(name) }) else {
            let names = Optimizer.builtIns.compactMap { $0.names.dropFirst().first }
            let hint = FlagChecks.closest(to: name, in: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw CommandError("unknown --optimizer '\(optimizer)'\(hint); choose \(names.joined(separator: ", "))")
        }
        let config: JSONValue = rate.map { ["class_name": .string(factory.names[0]), "config": ["learning_rate": .float($0)]] } ?? .string(name)
        do { return try Optimizer.fromKeras(config) } catch { throw CommandError("--optimizer: \(error)") }
    }

    /// The job's network, made from the seed and compiled, or the `--from` model as it was saved.
    func makeModel(for job: TrainingJob) throws -> Model {
        let model = try from.map { try loadModel($0) } ?? job.makeModel(seed)
        if from == nil || model.optimizer == nil {
            try job.compile(model, try makeOptimizer(job.learningRate), try metrics.map(metricsNamed) ?? (job.task == .classification ? [.accuracy] : []))
        }
        if model.dataDescription == nil { model.dataDescription = job.description }
        return model
    }

    /// Says which given options this run does not use, instead of ignoring them in silence.
    func warnAboutIgnoredOptions(_ job: TrainingJob, validationSplit: Float?) {
        var ignored: [String] = []
        if validationSplit != nil && job.validation != nil { ignored.append("--validation-split (\(job.name) has its own validation set)") }
        if task != nil && csv == nil { ignored.append("--task (it applies to --csv; \(job.name) has its own)") }
        if target != nil && csv == nil { ignored.append("--target (it applies to --csv)") }
        let given = ["--layers": layers != nil, "--output-activation": outputActivation != nil, "--loss": loss != nil]
        for option in job.ignoredOptions where given[option] == true { ignored.append("\(option) (the \(job.name) example fixes it)") }
        if from != nil {
            for (option, isGiven) in [
                ("--layers", layers != nil), ("--activation", activation != "relu"), ("--loss", loss != nil),
                ("--output-activation", outputActivation != nil),
            ] where isGiven {
                ignored.append("\(option) (--from continues the saved model as it is)")
            }
        }
        for item in ignored { Console.warn("ignoring \(item)") }
    }
}
