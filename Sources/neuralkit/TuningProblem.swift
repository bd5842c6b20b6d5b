import ArgumentParser
import ChapterModels
import Datasets
import Foundation
import Layers
import Models
import Tensors
import Training
import Tuning

/// What `neuralkit tune` searches on: the trainer's data (its dataset or CSV, split and unscaled, read
/// as `neuralkit train` reads it) and the chapter's MLP built from each trial's hyperparameters.
struct TuningProblem {
    var name: String
    var data: SearchData
    var test: (x: [Tensor], y: [Tensor])
    var isClassification: Bool
    let build: (HyperParameters) throws -> Model

    init(command: TuneCommand) throws {
        var arguments = ["--seed", String(command.seed), "--activation", command.activation]
        if let csv = command.csv {
            arguments += ["--csv", csv, "--target", command.target ?? ""]
        } else {
            arguments += ["--dataset", command.dataset ?? "fashion-mnist"]
        }
        if let dataDir = command.dataDir { arguments += ["--data-dir", dataDir] }
        let options: JobOptions
        do { options = try JobOptions.parse(arguments) } catch { throw CommandError(JobOptions.message(for: error)) }
        let job = try options.makeJob()
        name = job.name
        isClassification = job.task == .classification
        test = (job.xTest, job.yTest)
        data = SearchData(
            x: job.xTrain, y: job.yTrain, validationData: job.validation, validationSplit: job.validation == nil ? command.validationSplit : 0,
            batchSize: command.compute.batchSize)
        let ranges = (
            layers: try SearchRange(command.hiddenLayers, flag: "--hidden-layers"), units: try SearchRange(command.units, flag: "--units"),
            rate: try SearchRange(command.learningRate, flag: "--learning-rate"), optimizer: try SearchRange(command.optimizer, flag: "--optimizer")
        )
        let xTrain = job.xTrain[0], seed = command.seed, classification = isClassification
        let featureShape = Shape(Array(xTrain.shape.dimensions.dropFirst()))
        let outputs = classification ? max(job.description.classNames.count, Int((job.yTrain[0].scalars.max() ?? 0) + 1)) : 1
        let activation = try options.activationNamed(command.activation)
        let compile = job.compile
        build = { hp in
            let layers = try ranges.layers.int("n_hidden", in: hp, flag: "--hidden-layers")
            let neurons = try ranges.units.int("n_neurons", in: hp, flag: "--units")
            let rate = try ranges.rate.float("learning_rate", in: hp, flag: "--learning-rate")
            let optimizerName = try ranges.optimizer.name("optimizer", in: hp, flag: "--optimizer")
            guard layers >= 0 else { throw CommandError("--hidden-layers must not be negative, not \(layers)") }
            guard neurons >= 1 else { throw CommandError("--units must be at least 1, not \(neurons)") }
            let hidden = Array(repeating: neurons, count: layers)
            try FlagChecks.checkModelSize(layerWidths: [featureShape.elementCount] + hidden + [outputs])
            let model: Model =
                featureShape.dimensions.count >= 2
                ? try ChapterModels.imageClassifier(
                    inputShape: featureShape, hidden: hidden, activation: activation, classes: outputs, outputActivation: .softmax, seed: seed)
                : try ChapterModels.tableMLP(
                    adaptedTo: xTrain, hidden: hidden, activation: activation, outputs: outputs,
                    outputActivation: classification ? .softmax : .linear, seed: seed)
            let optimizer = try JobOptions.parse(["--optimizer", optimizerName, "--learning-rate", String(Float(rate))]).makeOptimizer(nil)
            try compile(model, optimizer, classification ? [.accuracy] : [])
            return model
        }
        // Bad ranges are reported now, by flag, rather than from inside the search.
        _ = try build(HyperParameters())
    }
}
