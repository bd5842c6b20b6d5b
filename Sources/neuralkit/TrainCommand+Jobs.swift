import ArgumentParser
import Datasets
import Foundation
import Layers
import Models
import Tensors
import Training

/// What `neuralkit train` trains: the data, already split and scaled, and the network.
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

    /// A Sequential MLP job.
    init(name: String, xTrain: Tensor, yTrain: Tensor, validation: (x: Tensor, y: Tensor)?, xTest: Tensor, yTest: Tensor,
         inputShape: Shape, layers: [Layer], loss: Loss, metrics: [MetricKind], learningRate: Float?, epochs: Int) {
        self.name = name
        (self.xTrain, self.yTrain, self.xTest, self.yTest) = ([xTrain], [yTrain], [xTest], [yTest])
        self.validation = validation.map { ([$0.x], [$0.y]) }
        self.makeModel = { seed in
            let model = try Sequential(layers, name: "sequential", seed: seed)
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
            throw ValidationError("unknown example '\(name)'; the chapter's are fashion-mnist, california-housing, wide-deep and wide-deep-subclassed")
        case (nil, let name?, nil):
            switch name {
            case "fashion-mnist", "mnist": return try imageJob(name)
            case "california-housing": return try tabularJob(CaliforniaHousing.load(), classification: false)
            case "iris": return try tabularJob(Iris.load(), classification: true)
            case "digits": return try tabularJob(Digits.load(), classification: true)
            default: throw ValidationError("unknown dataset '\(name)'; choose fashion-mnist, mnist, california-housing, iris or digits")
            }
        case (nil, nil, let path?):
            let data = try CSVFile(contentsOf: path).dataset(target: target!, name: path)
            return try tabularJob(data, classification: !data.targetNames.isEmpty)
        default: throw ValidationError("give --example, --dataset or --csv, not several")
        }
    }

    /// The chapter's classifier: pixels scaled to [0, 1], the first 5,000 training images for validation.
    private func fashionMNISTJob() throws -> TrainingJob {
        var job = try imageJob("fashion-mnist")
        job.name = "fashion-mnist"
        return job
    }

    private func imageJob(_ name: String) throws -> TrainingJob {
        let loader = DatasetLoader(cacheDirectory: dataDir)
        let data = name == "mnist" ? try MNIST.load(loader: loader) : try FashionMNIST.load(loader: loader)
        let full = data.xTrain / 255
        let hidden = try hiddenSizes(default: [300, 100])
        var layers: [Layer] = [Flatten(inputShape: [28, 28])]
        layers += try hidden.map { Dense(units: $0, activation: try activationNamed(activation)) }
        layers.append(Dense(units: 10, activation: try activationNamed(outputActivation ?? "softmax")))
        return TrainingJob(
            name: name, xTrain: try full.slice(5000..<full.shape[0]), yTrain: try data.yTrain.slice(5000..<full.shape[0]),
            validation: (try full.slice(0..<5000), try data.yTrain.slice(0..<5000)),
            xTest: data.xTest / 255, yTest: data.yTest, inputShape: [28, 28], layers: layers,
            loss: try lossNamed(loss ?? "sparse_categorical_crossentropy"), metrics: [.accuracy], learningRate: 0.01, epochs: 30)
    }

    /// The chapter's regression MLP: the book's splits (scikit-learn's, random_state 42), standardized features.
    private func housingJob() throws -> TrainingJob {
        var job = try tabularJob(CaliforniaHousing.load(), classification: false, bookSplits: true)
        job.name = "california-housing"
        job.learningRate = 1e-3
        job.epochs = 20
        return job
    }

    /// The chapter's Wide & Deep network on California housing: the wide path sees features 0–4, the deep
    /// path features 2–7 through two Dense(30, relu); a main output on both and an auxiliary output on
    /// the deep path; MSE losses weighted 0.9 and 0.1; SGD 1e-3; 20 epochs.
    private func wideAndDeepJob(subclassed: Bool) throws -> TrainingJob {
        let housing = CaliforniaHousing.load()
        let outer = try trainTestSplit(housing.features, housing.target, scikitLearnRandomState: 42)
        let inner = try trainTestSplit(outer.xTrain, outer.yTrain, scikitLearnRandomState: 42)
        var scaler = StandardScaler()
        try scaler.fit(inner.xTrain)
        func split(_ rows: [[Double]]) throws -> [Tensor] {
            let scaled = try scaler.transform(rows)
            return [try Tensor(scaled.flatMap { $0[0..<5].map(Float.init) }, shape: [rows.count, 5]),
                    try Tensor(scaled.flatMap { $0[2..<8].map(Float.init) }, shape: [rows.count, 6])]
        }
        func targets(_ values: [Double]) -> [Tensor] { let y = Tensor(values.map(Float.init)); return [y, y] }
        let hidden = activation
        let makeModel: (UInt64) throws -> Model = { seed in
            if subclassed {
                let model = WideAndDeepModel(seed: seed)
                try model.build(inputShape: [5])
                return model
            }
            let wide = Input(shape: [5], name: "wide_input"), deep = Input(shape: [6], name: "deep_input")
            let activation = try Activation(kerasName: hidden)
            let hidden2 = try Dense(units: 30, activation: activation)(try Dense(units: 30, activation: activation)(deep))
            let main = try Dense(units: 1, name: "main_output")(try Concatenate()([wide, hidden2]))
            let aux = try Dense(units: 1, name: "aux_output")(hidden2)
            return try Model(inputs: [wide, deep], outputs: [main, aux], name: "wide_and_deep", seed: seed)
        }
        return TrainingJob(
            name: subclassed ? "wide-deep-subclassed" : "wide-deep", xTrain: try split(inner.xTrain), yTrain: targets(inner.yTrain),
            validation: (try split(inner.xTest), targets(inner.yTest)), xTest: try split(outer.xTest), yTest: targets(outer.yTest),
            makeModel: makeModel,
            compile: { model, optimizer in
                try model.compile(losses: [.meanSquaredError, .meanSquaredError], lossWeights: [0.9, 0.1], optimizer: optimizer)
            },
            learningRate: 1e-3, epochs: 20)
    }

    private func tabularJob(_ data: TabularDataset, classification: Bool, bookSplits: Bool = false) throws -> TrainingJob {
        let features = data.features, targets = data.target
        // The book's two train_test_split calls with random_state 42; otherwise NeuralKit's seeded split.
        let (xFull, xTest, yFull, yTest) = bookSplits
            ? try trainTestSplit(features, targets, scikitLearnRandomState: 42)
            : try trainTestSplit(features, targets, testFraction: 0.25, seed: seed, stratify: classification ? data.labels : nil)
        var xTrain = xFull, yTrain = yFull
        var validation: ([[Double]], [Double])?
        if bookSplits {
            let split = try trainTestSplit(xFull, yFull, scikitLearnRandomState: 42)
            (xTrain, yTrain) = (split.xTrain, split.yTrain)
            validation = (split.xTest, split.yTest)
        }
        var scaler = StandardScaler()
        try scaler.fit(xTrain)
        func tensor(_ rows: [[Double]]) throws -> Tensor {
            try Tensor(try scaler.transform(rows).flatMap { $0.map(Float.init) }, shape: [rows.count, data.featureNames.count])
        }
        let classes = classification ? Set(data.labels).count : 1
        let hidden = try hiddenSizes(default: [30])
        var layers: [Layer] = try hidden.enumerated().map { index, units in
            Dense(units: units, activation: try activationNamed(activation), inputShape: index == 0 ? [data.featureNames.count] : nil)
        }
        layers.append(Dense(units: classes, activation: try activationNamed(outputActivation ?? (classification ? "softmax" : "linear")),
            inputShape: hidden.isEmpty ? [data.featureNames.count] : nil))
        return TrainingJob(
            name: data.name, xTrain: try tensor(xTrain), yTrain: Tensor(yTrain.map(Float.init)),
            validation: try validation.map { (try tensor($0.0), Tensor($0.1.map(Float.init))) },
            xTest: try tensor(xTest), yTest: Tensor(yTest.map(Float.init)), inputShape: [data.featureNames.count],
            layers: layers, loss: try lossNamed(loss ?? (classification ? "sparse_categorical_crossentropy" : "mean_squared_error")),
            metrics: classification ? [.accuracy] : [], learningRate: nil, epochs: 10)
    }

    private func hiddenSizes(default sizes: [Int]) throws -> [Int] {
        guard let layers else { return sizes }
        if layers.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
        return try layers.split(separator: ",").map { text in
            guard let units = Int(text.trimmingCharacters(in: .whitespaces)), units > 0 else {
                throw ValidationError("--layers '\(layers)': '\(text)' is not a positive layer size")
            }
            return units
        }
    }

    private func activationNamed(_ name: String) throws -> Activation {
        do { return try Activation(kerasName: name) } catch { throw ValidationError("\(error)") }
    }

    private func lossNamed(_ name: String) throws -> Loss {
        let aliases = ["mse": "mean_squared_error", "mae": "mean_absolute_error", "msle": "mean_squared_logarithmic_error"]
        guard let kind = Loss.Kind(rawValue: aliases[name] ?? name) else {
            throw ValidationError("unknown loss '\(name)'; choose one of " + Loss.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return Loss(kind)
    }
}
