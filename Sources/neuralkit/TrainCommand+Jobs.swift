import ArgumentParser
import Datasets
import Foundation
import Layers
import Models
import Tensors
import Training

/// What `neuralkit train` trains: the data, split but unscaled, and the network, which carries its own
/// scaling (Rescaling or adapted Normalization layers) so that a saved model predicts on raw data.
struct TrainingJob {
    var name: String
    var xTrain: [Tensor]
    var yTrain: [Tensor]
    var validation: (x: [Tensor], y: [Tensor])?
    var xTest: [Tensor]
    var yTest: [Tensor]
    /// Makes the (built) model from the seed.
    var makeModel: (UInt64) throws -> Model
    /// Compiles it with the chosen optimizer.
    var compile: (Model, Optimizer) throws -> Void
    var learningRate: Float?
    var epochs: Int

    /// A Sequential MLP job; `makeLayers` makes the layers (and adapts any Normalization) for each model.
    init(name: String, xTrain: Tensor, yTrain: Tensor, validation: (x: Tensor, y: Tensor)?, xTest: Tensor, yTest: Tensor,
         inputShape: Shape, makeLayers: @escaping () throws -> [Layer], loss: Loss, metrics: [MetricKind], learningRate: Float?, epochs: Int) {
        self.name = name
        (self.xTrain, self.yTrain, self.xTest, self.yTest) = ([xTrain], [yTrain], [xTest], [yTest])
        self.validation = validation.map { ([$0.x], [$0.y]) }
        self.makeModel = { seed in
            let model = try Sequential(try makeLayers(), name: "sequential", seed: seed)
            try model.build(inputShape: inputShape)
            return model
        }
        self.compile = { model, optimizer in model.compile(loss: loss, optimizer: optimizer, metrics: metrics) }
        self.learningRate = learningRate
        self.epochs = epochs
    }

    init(name: String, xTrain: [Tensor], yTrain: [Tensor], validation: (x: [Tensor], y: [Tensor])?, xTest: [Tensor], yTest: [Tensor],
         makeModel: @escaping (UInt64) throws -> Model, compile: @escaping (Model, Optimizer) throws -> Void, learningRate: Float?, epochs: Int) {
        (self.name, self.xTrain, self.yTrain, self.validation, self.xTest, self.yTest) = (name, xTrain, yTrain, validation, xTest, yTest)
        (self.makeModel, self.compile, self.learningRate, self.epochs) = (makeModel, compile, learningRate, epochs)
    }
}

extension TrainCommand {
    func makeJob() throws -> TrainingJob {
        switch (example, dataset, csv) {
        case (nil, nil, nil), ("fashion-mnist", nil, nil): return try fashionMNISTJob()
        case ("california-housing", nil, nil): return try housingJob()
        case ("wide-deep", nil, nil): return try wideAndDeepJob(subclassed: false)
        case ("wide-deep-subclassed", nil, nil): return try wideAndDeepJob(subclassed: true)
        case (let name?, nil, nil):
            throw CommandError("unknown example '\(name)'; the chapter's are fashion-mnist, california-housing, wide-deep and wide-deep-subclassed")
        case (nil, let name?, nil):
            switch name {
            case "fashion-mnist", "mnist": return try imageJob(name)
            case "california-housing": return try tabularJob(CaliforniaHousing.load())
            case "iris": return try tabularJob(Iris.load())
            case "digits": return try tabularJob(Digits.load())
            default: throw CommandError("unknown dataset '\(name)'; choose fashion-mnist, mnist, california-housing, iris or digits")
            }
        case (nil, nil, let path?):
            let data = try CSVFile(contentsOf: path).dataset(target: target!, name: path)
            return try tabularJob(data)
        default: throw CommandError("give --example, --dataset or --csv, not several")
        }
    }

    /// The chapter's classifier: the first 5,000 training images for validation.
    private func fashionMNISTJob() throws -> TrainingJob {
        var job = try imageJob("fashion-mnist")
        job.name = "fashion-mnist"
        return job
    }

    /// Images as the files hold them (0–255); the model's first layer scales them to [0, 1] (the
    /// chapter's `X / 255.`), so that the saved model takes raw pixels.
    private func imageJob(_ name: String) throws -> TrainingJob {
        let loader = DatasetLoader(cacheDirectory: dataDir)
        let data = name == "mnist" ? try MNIST.load(loader: loader) : try FashionMNIST.load(loader: loader)
        let full = data.xTrain
        let hidden = try hiddenSizes(default: [300, 100])
        let hiddenActivation = try activationNamed(activation)
        let output = try activationNamed(outputActivation ?? "softmax")
        return TrainingJob(
            name: name, xTrain: try full.slice(5000..<full.shape[0]), yTrain: try data.yTrain.slice(5000..<full.shape[0]),
            validation: (try full.slice(0..<5000), try data.yTrain.slice(0..<5000)),
            xTest: data.xTest, yTest: data.yTest, inputShape: [28, 28],
            makeLayers: {
                [Rescaling(scale: 1 / 255, inputShape: [28, 28]), Flatten()]
                    + hidden.map { Dense(units: $0, activation: hiddenActivation) } + [Dense(units: 10, activation: output)]
            },
            loss: try lossNamed(loss ?? "sparse_categorical_crossentropy"), metrics: [.accuracy], learningRate: 0.01, epochs: 30)
    }

    /// The chapter's regression MLP: the book's splits (scikit-learn's, random_state 42), features
    /// standardized by a Normalization layer adapted to the training rows.
    private func housingJob() throws -> TrainingJob {
        var job = try tabularJob(CaliforniaHousing.load())
        job.name = "california-housing"
        job.learningRate = 1e-3
        job.epochs = 20
        return job
    }

    /// The chapter's Wide & Deep network on California housing, as the book builds it: the wide path
    /// sees features 0–4, the deep path features 2–7, each through its own Normalization; the deep path
    /// has two Dense(30, relu); a main output on both and an auxiliary output on the deep path; MSE
    /// losses weighted 0.9 and 0.1; SGD 1e-3; 20 epochs.
    private func wideAndDeepJob(subclassed: Bool) throws -> TrainingJob {
        let housing = try CaliforniaHousing.load()
        let parts = try TabularSplits.split(housing, seed: seed)
        func split(_ rows: [[Double]]) throws -> [Tensor] {
            [try Tensor(rows.flatMap { $0[0..<5].map(Float.init) }, shape: [rows.count, 5]),
             try Tensor(rows.flatMap { $0[2..<8].map(Float.init) }, shape: [rows.count, 6])]
        }
        func targets(_ values: [Double]) -> [Tensor] { let y = Tensor(values.map(Float.init)); return [y, y] }
        let xTrain = try split(parts.xTrain)
        let activation = try activationNamed(self.activation)
        let makeModel: (UInt64) throws -> Model = { seed in
            if subclassed {
                let model = WideAndDeepModel(activation: activation, seed: seed)
                try model.build(inputShape: [5])
                try model.normLayerWide.adapt(xTrain[0])
                try model.normLayerDeep.adapt(xTrain[1])
                return model
            }
            let wide = Input(shape: [5], name: "wide_input"), deep = Input(shape: [6], name: "deep_input")
            let normLayerWide = Normalization(), normLayerDeep = Normalization()
            try normLayerWide.adapt(xTrain[0])
            try normLayerDeep.adapt(xTrain[1])
            let normWide = try normLayerWide(wide), normDeep = try normLayerDeep(deep)
            let hidden2 = try Dense(units: 30, activation: activation)(try Dense(units: 30, activation: activation)(normDeep))
            let main = try Dense(units: 1, name: "main_output")(try Concatenate()([normWide, hidden2]))
            let aux = try Dense(units: 1, name: "aux_output")(hidden2)
            return try Functional(inputs: [wide, deep], outputs: [main, aux], name: "wide_and_deep", seed: seed)
        }
        return TrainingJob(
            name: subclassed ? "wide-deep-subclassed" : "wide-deep", xTrain: xTrain, yTrain: targets(parts.yTrain),
            validation: try parts.validation.map { (try split($0.0), targets($0.1)) },
            xTest: try split(parts.xTest), yTest: targets(parts.yTest),
            makeModel: makeModel,
            compile: { model, optimizer in
                try model.compile(losses: [.meanSquaredError, .meanSquaredError], lossWeights: [0.9, 0.1], optimizer: optimizer)
            },
            learningRate: 1e-3, epochs: 20)
    }

    /// An MLP on a table: the features go in raw and a Normalization layer, adapted to the training
    /// rows, standardizes them inside the model.
    private func tabularJob(_ data: TabularDataset) throws -> TrainingJob {
        let classification = TabularSplits.isClassification(data)
        let parts = try TabularSplits.split(data, seed: seed)
        let columns = data.featureNames.count
        let xTrain = try TabularSplits.tensor(parts.xTrain, columns: columns)
        let classes = classification ? Set(data.labels).count : 1
        let hidden = try hiddenSizes(default: [30])
        let hiddenActivation = try activationNamed(activation)
        let output = try activationNamed(outputActivation ?? (classification ? "softmax" : "linear"))
        return TrainingJob(
            name: data.name, xTrain: xTrain, yTrain: Tensor(parts.yTrain.map(Float.init)),
            validation: try parts.validation.map { (try TabularSplits.tensor($0.0, columns: columns), Tensor($0.1.map(Float.init))) },
            xTest: try TabularSplits.tensor(parts.xTest, columns: columns), yTest: Tensor(parts.yTest.map(Float.init)),
            inputShape: [columns],
            makeLayers: {
                let normalization = Normalization(inputShape: [columns])
                try normalization.adapt(xTrain)
                return [normalization] + hidden.map { Dense(units: $0, activation: hiddenActivation) } + [Dense(units: classes, activation: output)]
            },
            loss: try lossNamed(loss ?? (classification ? "sparse_categorical_crossentropy" : "mean_squared_error")),
            metrics: classification ? [.accuracy] : [], learningRate: nil, epochs: 10)
    }

    private func hiddenSizes(default sizes: [Int]) throws -> [Int] {
        guard let layers else { return sizes }
        if layers.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
        return try layers.split(separator: ",").map { text in
            guard let units = Int(text.trimmingCharacters(in: .whitespaces)), units > 0 else {
                throw CommandError("--layers '\(layers)': '\(text)' is not a positive layer size")
            }
            return units
        }
    }

    private func activationNamed(_ name: String) throws -> Activation {
        do { return try Activation(kerasName: name) } catch { throw CommandError("\(error)") }
    }

}

/// A loss from its Keras name or short alias (`mse`, `mae`, `msle`), for `train --loss` and `evaluate --loss`.
func lossNamed(_ name: String) throws -> Loss {
    do { return try Loss.named(name) } catch {
        throw CommandError("unknown loss '\(name)'; choose one of " + Loss.builtIns.compactMap { $0.names.dropFirst().first }.joined(separator: ", "))
    }
}
