import ChapterModels
import Datasets
import Foundation
import Layers
import Models
import Tensors
import Training

/// What `neuralkit train` trains: the data, split but unscaled, and how to make and compile the
/// network, which carries its own scaling so that a saved model predicts on raw data.
struct TrainingJob {
    var name: String
    var xTrain: [Tensor], yTrain: [Tensor]
    var validation: (x: [Tensor], y: [Tensor])?
    var xTest: [Tensor], yTest: [Tensor]
    var task: DatasetTask
    /// Makes the (built) model from the seed.
    var makeModel: (UInt64) throws -> Model
    /// Compiles it with the chosen optimizer and metrics.
    var compile: (Model, Optimizer, [MetricKind]) throws -> Void
    var learningRate: Float?
    var epochs: Int
    /// The options of `train` that this job ignores (it warns about any that were given).
    var ignoredOptions: [String] = []
    /// The column and class names the model keeps, so that new data is read as this data was.
    var description: DataDescription

    /// A single-input, single-output job on catalogue or CSV splits.
    init(_ splits: DatasetSplits, name: String, makeModel: @escaping (UInt64) throws -> Model, loss: Loss, learningRate: Float?, epochs: Int) {
        self.name = name
        (xTrain, yTrain, xTest, yTest) = ([splits.xTrain], [splits.yTrain], [splits.xTest], [splits.yTest])
        validation = splits.validation.map { ([$0.x], [$0.y]) }
        task = splits.task
        self.makeModel = makeModel
        compile = { model, optimizer, metrics in model.compile(loss: loss, optimizer: optimizer, metrics: metrics) }
        self.learningRate = learningRate
        self.epochs = epochs
        description = DataDescription(featureNames: splits.featureNames, classNames: splits.classNames)
    }
}

extension JobOptions {
    func makeJob() throws -> TrainingJob {
        switch (example, dataset, csv) {
        case (nil, nil, nil), ("fashion-mnist", nil, nil):
            return try catalogueJob(try DatasetCatalogue.entry(named: "fashion-mnist"), learningRate: 0.01, epochs: 30)
        case ("california-housing", nil, nil):
            return try catalogueJob(try DatasetCatalogue.entry(named: "california-housing"), learningRate: 1e-3, epochs: 20)
        case ("wide-deep", nil, nil): return try wideAndDeepJob(subclassed: false)
        case ("wide-deep-subclassed", nil, nil): return try wideAndDeepJob(subclassed: true)
        case (let name?, nil, nil):
            let examples = ["fashion-mnist", "california-housing", "wide-deep", "wide-deep-subclassed"]
            let hint = FlagChecks.closest(to: name, in: examples).map { " (did you mean '\($0)'?)" } ?? ""
            throw CommandError("unknown --example '\(name)'\(hint); the chapter's are \(examples.joined(separator: ", "))")
        case (nil, let name?, nil):
            let entry: CatalogueEntry
            do { entry = try DatasetCatalogue.entry(named: name) } catch { throw CommandError("--dataset: \(error)") }
            return try catalogueJob(entry, learningRate: nil, epochs: 10)
        case (nil, nil, let path?):
            let text = try Console.readData(path)
            guard let string = String(data: text, encoding: .utf8) else { throw CommandError("\(path) is not UTF-8 text; save it as UTF-8 CSV") }
            let name = path == "-" ? "standard input" : path
            let table = try CSVFile(text: string, name: name).dataset(target: target ?? "", name: name, task: task)
            var job = try tableJob(try DatasetSplits(table: table, seed: seed, task: task), learningRate: nil, epochs: 10)
            job.description.targetName = target
            return job
        default: throw CommandError("give --example, --dataset or --csv, not several")
        }
    }

    /// A data set of the catalogue: the chapter's image classifier for images, a table MLP for tables.
    private func catalogueJob(_ entry: CatalogueEntry, learningRate: Float?, epochs: Int) throws -> TrainingJob {
        let splits = try entry.load(loader: DatasetLoader(cacheDirectory: dataDir), seed: seed)
        guard entry.isImages else { return try tableJob(splits, learningRate: learningRate, epochs: epochs) }
        let hidden = try layers.map(FlagChecks.layerSizes) ?? [300, 100]
        try FlagChecks.checkModelSize(layerWidths: [splits.featureShape.elementCount] + hidden + [splits.outputWidth])
        let hiddenActivation = try activationNamed(activation), output = try activationNamed(outputActivation ?? "softmax")
        let classes = splits.outputWidth
        return TrainingJob(
            splits, name: entry.name,
            makeModel: { seed in
                try ChapterModels.imageClassifier(
                    inputShape: splits.featureShape, hidden: hidden, activation: hiddenActivation, classes: classes,
                    outputActivation: output, seed: seed)
            }, loss: try lossNamed(loss ?? "sparse_categorical_crossentropy"), learningRate: learningRate ?? 0.01, epochs: 30)
    }

    /// An MLP on a table: the features go in raw and a Normalization layer, adapted to the training
    /// rows, standardizes them inside the model.
    private func tableJob(_ splits: DatasetSplits, learningRate: Float?, epochs: Int) throws -> TrainingJob {
        let classification = splits.task == .classification
        let hidden = try layers.map(FlagChecks.layerSizes) ?? [30]
        try FlagChecks.checkModelSize(layerWidths: [splits.featureShape.elementCount] + hidden + [splits.outputWidth])
        let hiddenActivation = try activationNamed(activation)
        let output = try activationNamed(outputActivation ?? (classification ? "softmax" : "linear"))
        let outputs = splits.outputWidth, xTrain = splits.xTrain
        return TrainingJob(
            splits, name: splits.name,
            makeModel: { seed in
                try ChapterModels.tableMLP(
                    adaptedTo: xTrain, hidden: hidden, activation: hiddenActivation, outputs: outputs,
                    outputActivation: output, seed: seed)
            }, loss: try lossNamed(loss ?? (classification ? "sparse_categorical_crossentropy" : "mean_squared_error")),
            learningRate: learningRate, epochs: epochs)
    }

    /// The chapter's Wide & Deep network on California housing, as the book builds it (see
    /// `ChapterModels.wideAndDeep`): MSE losses weighted 0.9 and 0.1, SGD 1e-3, 20 epochs.
    private func wideAndDeepJob(subclassed: Bool) throws -> TrainingJob {
        let splits = try DatasetCatalogue.entry(named: "california-housing").load(seed: seed)
        let xTrain = try ChapterModels.wideAndDeepInputs(splits.xTrain)
        let activation = try activationNamed(self.activation)
        var job = TrainingJob(
            splits, name: subclassed ? "wide-deep-subclassed" : "wide-deep",
            makeModel: { seed in
                subclassed
                    ? try ChapterModels.wideAndDeepSubclassed(adaptedTo: xTrain[0], xTrain[1], activation: activation, seed: seed)
                    : try ChapterModels.wideAndDeep(adaptedTo: xTrain[0], xTrain[1], activation: activation, seed: seed)
            }, loss: .meanSquaredError, learningRate: 1e-3, epochs: 20)
        job.xTrain = xTrain
        job.yTrain = [splits.yTrain, splits.yTrain]
        job.validation = try splits.validation.map { (try ChapterModels.wideAndDeepInputs($0.x), [$0.y, $0.y]) }
        job.xTest = try ChapterModels.wideAndDeepInputs(splits.xTest)
        job.yTest = [splits.yTest, splits.yTest]
        job.compile = { model, optimizer, metrics in
            try model.compile(
                losses: [.meanSquaredError, .meanSquaredError], lossWeights: [0.9, 0.1], optimizer: optimizer,
                metrics: [metrics, metrics])
        }
        job.ignoredOptions = ["--layers", "--output-activation", "--loss"]
        job.description = DataDescription()  // two inputs: the columns go in by --input-columns
        return job
    }

    func activationNamed(_ name: String) throws -> Activation {
        do { return try Activation(kerasName: name) } catch { throw CommandError("--activation: \(error)") }
    }
}

/// A loss from its Keras name or short alias (`mse`, `mae`, `msle`), for `train --loss` and `evaluate --loss`.
func lossNamed(_ name: String) throws -> Loss {
    do { return try Loss.named(name) } catch {
        throw CommandError("unknown --loss '\(name)'; choose one of " + Loss.builtIns.compactMap { $0.names.dropFirst().first }.joined(separator: ", "))
    }
}

/// Metrics from `--metrics rmse,mae`.
func metricsNamed(_ text: String) throws -> [MetricKind] {
    try text.split(separator: ",").map { name in
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        do { return try MetricKind(keras: .string(trimmed)) } catch {
            throw CommandError(
                "unknown --metrics entry '\(trimmed)'; choose from accuracy, mae, mse, rmse, precision, recall, "
                    + MetricKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }
}
