import Foundation
import Layers
import Models
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Whole models in `.keras` files (Sequential so far): read from Keras, written for Keras.
@Suite struct KerasFileTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("neuralkit-keras-\(UUID().uuidString)").path

    init() throws { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }

    @Test func opensAModelThatKerasSaved() throws {
        let url = Bundle.module.url(forResource: "keras_classifier", withExtension: "keras", subdirectory: "Fixtures")!
        let model = try Model.load(from: url.path)
        #expect(model.layers.map(\.kerasClassName) == ["Dense", "Dropout", "Dense"])
        #expect(model.loss == .sparseCategoricalCrossentropy)
        #expect(model.optimizer is SGD && model.optimizer!.learningRate == .constant(0.05))
        let fixture = KerasFixtureTests.fixtures.keras_weights
        expectClose(try model.predict(fixture.x.tensor), fixture.classifier_predictions.tensor, tolerance: 1e-5)
        // Compiled from the file, it can go on training.
        try model.fit(fixture.x.tensor, Tensor([0, 1, 2, 0, 1, 2]), epochs: 1, verbose: .silent)
    }

    @Test func savesAModelThatOpensAgainWithTheSamePredictions() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try Sequential([Dense(units: 8, activation: .relu, inputShape: [3]), Dense(units: 2, activation: .softmax)], seed: 4)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        try model.fit(sample([10, 3], seed: 1), Tensor((0..<10).map { Float($0 % 2) }), epochs: 2, verbose: .silent)
        let path = directory + "/model.keras"
        try model.save(to: path)
        let reopened = try Model.load(from: path)
        let x = sample([4, 3], seed: 2)
        #expect(try reopened.predict(x).scalars == model.predict(x).scalars)
        #expect(reopened.optimizer is Adam && reopened.metricsList == [[.accuracy]])
        #expect(try reopened.summary() == model.summary())
    }

    @Test func kerasOpensAModelThatNeuralKitSaved() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try Sequential([Flatten(inputShape: [2, 2]), Dense(units: 5, activation: .relu), Dense(units: 3, activation: .softmax)], seed: 3)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.01), metrics: [.accuracy])
        let path = directory + "/for-keras.keras"
        try model.save(to: path)
        let x = sample([2, 2, 2], seed: 5)
        let script = """
            m = keras.models.load_model(sys.argv[1])
            x = np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(2, 2, 2)
            print(json.dumps({"p": m.predict(x, verbose=0).reshape(-1).tolist(), "loss": m.loss, "optimizer": type(m.optimizer).__name__}))
            """
        guard let line = try runKerasScript(script, [path, "\(x.scalars)"]) else { return }
        struct Result: Decodable {
            let p: [Float]
            let loss: String
            let optimizer: String
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        expectClose(result.p, try model.predict(x).scalars, tolerance: 1e-5)
        #expect(result.loss == "sparse_categorical_crossentropy" && result.optimizer == "SGD")
    }

    @Test func badFilesAreErrors() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notZip = directory + "/not.keras"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notZip))
        #expect(throws: SavingError.self) { try Model.load(from: notZip) }
        let url = Bundle.module.url(forResource: "keras_classifier", withExtension: "keras", subdirectory: "Fixtures")!
        let data = try Data(contentsOf: url)
        let truncated = directory + "/truncated.keras"
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: truncated))
        #expect(throws: (any Error).self) { try Model.load(from: truncated) }
        let unknown: JSONValue = ["class_name": "Sequential", "config": ["layers": [["class_name": "Conv2D", "config": [:]]]]]
        let error = #expect(throws: ConfigError.self) { try Model.fromKerasConfig(unknown) }
        #expect("\(error!)".contains("Conv2D"))
        #expect(throws: SavingError.self) { try Model.fromKerasConfig(["class_name": "Functional", "config": [:]]) }
        #expect(throws: SavingError.self) { try Model.fromKerasConfig(["class_name": "MyModel", "config": [:]]) }
        #expect(throws: SavingError.self) { try Sequential([Dense(units: 1, inputShape: [2])]).save(to: directory + "/x.h5") }
    }
}

@Suite struct ResumeTrainingTests {
    /// Saved mid-training and reopened, a model goes on exactly as if it had never stopped: same weights,
    /// same optimizer slots and step count (and Nadam's running momentum product), for every optimizer.
    static let optimizers: [@Sendable () -> Optimizer] = [
        { Adam(learningRate: 0.01) }, { Nadam(learningRate: 0.01) }, { SGD(learningRate: 0.05, momentum: 0.9, nesterov: true) },
        { RMSprop(learningRate: 0.01, momentum: 0.5) }, { Adagrad(learningRate: 0.05) }, { Adamax(learningRate: 0.01) },
        { AdamW(learningRate: 0.01) },
    ]

    @Test(arguments: 0..<optimizers.count)
    func trainingResumesWhereItStopped(_ which: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let x = sample([20, 3], seed: 1), y = Tensor((0..<20).map { Float($0 % 3) })
        func fresh() throws -> Sequential {
            let model = try Sequential([Dense(units: 6, activation: .relu, inputShape: [3]), Dense(units: 3, activation: .softmax)], seed: 5)
            model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Self.optimizers[which](), metrics: [.accuracy])
            return model
        }
        let straight = try fresh()
        try straight.fit(x, y, batchSize: 5, epochs: 3, verbose: .silent, shuffle: false)

        let first = try fresh()
        try first.fit(x, y, batchSize: 5, epochs: 2, verbose: .silent, shuffle: false)
        try first.save(to: path)
        let resumed = try Model.load(from: path)
        #expect(resumed.optimizer!.iterations == 8)
        try resumed.fit(x, y, batchSize: 5, epochs: 1, verbose: .silent, shuffle: false)
        for (a, b) in zip(resumed.getWeights(), straight.getWeights()) { expectClose(a, b, tolerance: 1e-6) }
    }
}
