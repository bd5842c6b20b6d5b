import Foundation
import Layers
import Models
import Serialization
import Tensors
import Testing
import Training

/// A loss of the user's own: the squared error scaled by a factor, saved by its registered name.
final class ScaledSquaredError: Loss, KerasSerializable {
    static let kerasPackage = "MyProject"
    let factor: Float
    init(factor: Float) {
        self.factor = factor
        super.init(name: "scaled_squared_error")
    }
    convenience init(kerasConfig config: [String: JSONValue]) throws { self.init(factor: try config.float("factor", in: "ScaledSquaredError")) }
    override func kerasConfig() throws -> [String: JSONValue] { try super.kerasConfig().merging(["factor": .float(factor)]) { $1 } }
    override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        try ((yPred - yTrue.reshaped(to: yPred.shape)).square() * factor).mean(alongAxes: [1])
    }
}

/// A metric of the user's own: the largest absolute error seen in the epoch.
final class MaxAbsoluteError: Metric, KerasSerializable {
    private var largest: Float = 0
    convenience init(kerasConfig config: [String: JSONValue]) throws { self.init(name: config["name"]?.stringValue ?? "max_abs_error") }
    override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        for (t, p) in zip(yTrue.scalars, yPred.scalars) { largest = Swift.max(largest, Swift.abs(t - p)) }
    }
    override func result() -> Float { largest }
    override func reset() { largest = 0 }
}

/// Every configurable object goes through one protocol and one registry; a user's own loss and metric
/// train like built-ins and save and load by their registered names.
@Suite struct CustomObjectsTests {
    static func data() throws -> (Tensor, Tensor) {
        let x = try Tensor((0..<40).map { Float($0 % 9) / 9 }, shape: [20, 2])
        return (x, try Tensor((0..<20).map { Float($0 % 5) / 5 }, shape: [20, 1]))
    }

    static func model() throws -> Sequential {
        let model = try Sequential([Dense(units: 3, activation: .tanh, inputShape: [2]), Dense(units: 1)], seed: 4)
        model.compile(
            loss: ScaledSquaredError(factor: 2), optimizer: Adam(learningRate: 0.01),
            metrics: [MetricKind(name: "max_abs_error") { MaxAbsoluteError(name: $0) }, .meanAbsoluteError])
        return model
    }

    @Test func aUsersLossAndMetricTrainAndRoundTripThroughAKerasFile() throws {
        let (x, y) = try Self.data()
        let model = try Self.model()
        let history = try model.fit(x, y, batchSize: 5, epochs: 3, verbose: .silent)
        #expect(history.history["max_abs_error"]?.count == 3)
        let loss = try model.evaluate(x, y)["loss"]
        let direct = try ScaledSquaredError(factor: 2)(y, try model.predict(x))
        #expect(Swift.abs((loss ?? .nan) - (direct.scalar ?? .infinity)) < 1e-6)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("custom-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Model.load(from: path, customObjects: [ScaledSquaredError.self, MaxAbsoluteError.self])
        #expect((loaded.loss as? ScaledSquaredError)?.factor == 2)
        #expect(loaded.metricsList.first?.map(\.rawValue) == ["max_abs_error", "mean_absolute_error"])
        #expect(try loaded.evaluate(x, y) == model.evaluate(x, y))
    }

    @Test func anUnregisteredClassIsAClearErrorThatSaysHowToRegisterIt() throws {
        let (x, y) = try Self.data()
        let model = try Self.model()
        try model.fit(x, y, epochs: 1, verbose: .silent)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("custom-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        #expect { try Model.load(from: path, customObjects: [MaxAbsoluteError.self]) } throws: { error in
            "\(error)".contains("MyProject>ScaledSquaredError") && "\(error)".contains("CustomObjects.register")
        }
        #expect { try Model.load(from: path, customObjects: [ScaledSquaredError.self]) } throws: { error in
            "\(error)".contains("Custom>MaxAbsoluteError") && "\(error)".contains("CustomObjects.register")
        }
    }

    @Test func builtInsOfEveryKindRoundTripThroughTheirConfigs() throws {
        for name in ["mse", "mae", "msle", "huber", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"] {
            let loss = try Loss.named(name)
            #expect(try Loss.fromKeras(try loss.kerasJSON()) == loss, "\(name)")
            #expect(try Loss.fromKeras(try loss.compileJSON()) == loss, "\(name)")
        }
        #expect(try Loss.fromKeras(try Loss.huber(delta: 2).compileJSON()) == .huber(delta: 2))
        for name in ["sgd", "adam", "adamw", "nadam", "adamax", "rmsprop", "adagrad"] {
            let optimizer = try Optimizer.fromKeras(.string(name))
            #expect(try Optimizer.fromKeras(try optimizer.kerasJSON()).kerasConfig() == optimizer.kerasConfig(), "\(name)")
        }
        let decayed = SGD(learningRate: .exponentialDecay(initial: 0.1, decaySteps: 10, decayRate: 0.5))
        #expect(try Optimizer.fromKeras(try decayed.kerasJSON()).kerasConfig() == decayed.kerasConfig())
        for initializer in [Initializer.heNormal, .constant(0.5), .varianceScaling(scale: 2, mode: .fanOut, distribution: .uniform)] {
            #expect(try Initializer(keras: try initializer.kerasJSON()) == initializer)
        }
        for regularizer in [Regularizer.l1(0.1), .l2(0.2), .l1l2(l1: 0.1, l2: 0.3)] {
            #expect(try Regularizer(keras: try regularizer.kerasJSON()) == regularizer)
        }
        #expect(throws: ConfigError.self) { try Loss.named("no_such_loss") }
    }
}
