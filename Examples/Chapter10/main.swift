// The chapter's two MLPs, written as the book writes them with Keras, in Swift.
//
//   swift run -c release chapter10-examples classifier    # Fashion-MNIST, ~0.88 test accuracy, learning-curves.png
//   swift run -c release chapter10-examples regressor     # California housing, test MSE ~0.42
//   swift run -c release chapter10-examples wide-deep     # the Wide & Deep network of the chapter's models, ~0.43
import ChapterModels
import Datasets
import Foundation
import Layers
import Models
import Plotting
import Tensors
import Training

/// "Building an Image Classifier Using the Sequential API".
func imageClassifier() throws {
    let fashion = try FashionMNIST.load()
    let xValid = try fashion.xTrain.slice(0..<5000) / 255, xTrain = try fashion.xTrain.slice(5000..<60000) / 255
    let yValid = try fashion.yTrain.slice(0..<5000), yTrain = try fashion.yTrain.slice(5000..<60000)
    let xTest = fashion.xTest / 255

    let model = try Sequential([
        Flatten(inputShape: [28, 28]),
        Dense(units: 300, activation: .relu),
        Dense(units: 100, activation: .relu),
        Dense(units: 10, activation: .softmax),
    ])
    print(try model.summary())
    model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.01), metrics: [.accuracy])
    let history = try model.fit(xTrain, yTrain, epochs: 30, validationData: (xValid, yValid))
    // The chapter's pd.DataFrame(history.history).plot(...): every metric against the epoch.
    try LearningCurves.draw([TrainingRun(name: "Fashion-MNIST", history: history)], to: "learning-curves.png")
    print("Drew the learning curves in learning-curves.png")
    print(try model.evaluate(xTest, fashion.yTest))

    let probabilities = try model.predict(xTest.slice(0..<3))
    let classes = try probabilities.argmax().scalars.map { fashion.classNames[Int($0)] }
    print("The first three test images are:", classes)
}

/// "Building a Regression MLP Using the Sequential API".
func regressionMLP() throws {
    let housing = try CaliforniaHousing.load()
    let (xTrainFull, xTest, yTrainFull, yTest) = try trainTestSplit(housing.features, housing.target, scikitLearnRandomState: 42)
    let (xTrain, xValid, yTrain, yValid) = try trainTestSplit(xTrainFull, yTrainFull, scikitLearnRandomState: 42)
    var scaler = StandardScaler()
    let scaled = (train: try scaler.fitTransform(xTrain), valid: try scaler.transform(xValid), test: try scaler.transform(xTest))
    func tensor(_ rows: [[Double]]) throws -> Tensor { try Tensor(rows.flatMap { $0.map(Float.init) }, shape: [rows.count, 8]) }
    func targets(_ values: [Double]) -> Tensor { Tensor(values.map(Float.init)) }

    let model = try Sequential([Dense(units: 30, activation: .relu, inputShape: [8]), Dense(units: 1)])
    model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 1e-3))
    try model.fit(try tensor(scaled.train), targets(yTrain), epochs: 20, validationData: (try tensor(scaled.valid), targets(yValid)))
    let mse = try model.evaluate(try tensor(scaled.test), targets(yTest))["loss"]!
    print("Test MSE:", mse)
    print("Predictions for three new districts:", try model.predict(try tensor(Array(scaled.test.prefix(3)))).scalars)
}

/// "Building Complex Models Using the Functional API": the chapter's Wide & Deep network, as
/// `neuralkit train --example wide-deep` and the tests build it (ChapterModels).
func wideAndDeep() throws {
    let housing = try DatasetCatalogue.entry(named: "california-housing").load()
    let xTrain = try ChapterModels.wideAndDeepInputs(housing.xTrain)
    let model = try ChapterModels.wideAndDeep(adaptedTo: xTrain[0], xTrain[1])
    try model.compile(losses: [.meanSquaredError, .meanSquaredError], lossWeights: [0.9, 0.1], optimizer: SGD(learningRate: 1e-3))
    let validation = try housing.validation.map { (try ChapterModels.wideAndDeepInputs($0.x), [$0.y, $0.y]) }
    try model.fit(xTrain, [housing.yTrain, housing.yTrain], epochs: 20, validationData: validation)
    print(try model.evaluate(try ChapterModels.wideAndDeepInputs(housing.xTest), [housing.yTest, housing.yTest]))
}

switch CommandLine.arguments.dropFirst().first {
case "classifier": try imageClassifier()
case "regressor": try regressionMLP()
case "wide-deep": try wideAndDeep()
default: print("usage: chapter10-examples classifier | regressor | wide-deep")
}
