import Foundation
import Layers
import Models
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// A weight penalty of the user's own: `factor · Σw²` (Keras's example of a Regularizer subclass).
struct HalfL2: CustomRegularizer {
    static let kerasPackage = "my_package"
    let factor: Float
    init(factor: Float = 0.5) { self.factor = factor }
    init(kerasConfig config: [String: JSONValue]) throws { factor = try config.float("factor", in: "HalfL2") }
    var kerasClassName: String { "HalfL2" }
    func kerasConfig() -> [String: JSONValue] { ["factor": .float(factor)] }
    func penalty(_ weights: Tensor) throws -> Tensor { try factor * weights.square().sum() }
}

/// A constraint of the user's own: every weight clipped to ±limit.
struct Clip: CustomConstraint {
    static let kerasPackage = "my_package"
    let limit: Float
    init(limit: Float) { self.limit = limit }
    init(kerasConfig config: [String: JSONValue]) throws { limit = try config.float("limit", in: "Clip") }
    var kerasClassName: String { "Clip" }
    func kerasConfig() -> [String: JSONValue] { ["limit": .float(limit)] }
    func project(_ weights: Tensor) throws -> Tensor { weights.clipped(to: -limit...limit) }
}

/// A schedule of the user's own: halve the rate every `every` steps.
struct Halving: CustomLearningRateSchedule {
    static let kerasPackage = "my_package"
    let initial: Float, every: Int
    init(initial: Float, every: Int) {
        self.initial = initial
        self.every = every
    }
    init(kerasConfig config: [String: JSONValue]) throws {
        self.init(initial: try config.float("initial", in: "Halving"), every: try config.int("every", in: "Halving"))
    }
    var kerasClassName: String { "Halving" }
    func kerasConfig() -> [String: JSONValue] { ["initial": .float(initial), "every": .int(every)] }
    func value(at step: Int) -> Float { initial * Foundation.pow(0.5, Float(step / every)) }
}

/// The same four objects in Python, registered under the same names.
private let pythonDefinitions = """
    from keras import ops
    @keras.saving.register_keras_serializable(package="my_package")
    def scaled_tanh(x):
        return 2 * ops.tanh(x)
    @keras.saving.register_keras_serializable(package="my_package")
    class HalfL2(keras.regularizers.Regularizer):
        def __init__(self, factor=0.5): self.factor = factor
        def __call__(self, w): return self.factor * ops.sum(w * w)
        def get_config(self): return {"factor": self.factor}
    @keras.saving.register_keras_serializable(package="my_package")
    class Clip(keras.constraints.Constraint):
        def __init__(self, limit=1.0): self.limit = limit
        def __call__(self, w): return ops.clip(w, -self.limit, self.limit)
        def get_config(self): return {"limit": self.limit}
    @keras.saving.register_keras_serializable(package="my_package")
    class Halving(keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self, initial=0.1, every=10): self.initial, self.every = initial, every
        def __call__(self, step): return self.initial * 0.5 ** ops.floor(step / self.every)
        def get_config(self): return {"initial": self.initial, "every": self.every}

    """

/// A user's own activation, regularizer, constraint and schedule train like built-ins, save by their
/// registered names, and load in Keras 3 (where the same names are registered) with the same numbers.
@Suite(.serialized) struct CustomRulesKerasTests {
    static let scaledTanh = Activation.register("scaled_tanh", package: "my_package") { x in try 2 * x.tanh() }

    static func register() {
        _ = scaledTanh
        CustomObjects.register(HalfL2.self)
        CustomObjects.register(Clip.self)
        CustomObjects.register(Halving.self)
    }

    static func model() throws -> Sequential {
        let model = try Sequential(
            [
                Dense(
                    units: 4, activation: scaledTanh, kernelRegularizer: try .custom(HalfL2(factor: 0.05)),
                    kernelConstraint: try .custom(Clip(limit: 0.6)), inputShape: [3]),
                Dense(units: 1),
            ], seed: 7)
        model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: try .custom(Halving(initial: 0.2, every: 2))))
        return model
    }

    @Test func theyTrainSaveAndLoadInNeuralKitAndInKeras() throws {
        Self.register()
        let x = try Tensor((0..<24).map { Float($0 % 7) / 7 - 0.4 }, shape: [8, 3])
        let y = try Tensor((0..<8).map { Float($0 % 3) / 3 }, shape: [8, 1])
        let model = try Self.model()
        for _ in 0..<3 { try model.trainOnBatch(x, y) }
        #expect(model.layers[0].weights[0].value.scalars.allSatisfy { Swift.abs($0) <= 0.6 }, "the constraint held")
        #expect(model.optimizer?.currentLearningRate == 0.1, "halved after 2 steps")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(try loaded.predict(x).scalars == model.predict(x).scalars)
        #expect(try loaded.evaluate(x, y) == model.evaluate(x, y), "the penalty is part of the loss")
        for _ in 0..<2 { try model.trainOnBatch(x, y) }
        let script =
            pythonDefinitions + """
                m = keras.models.load_model(sys.argv[1])
                x = np.asarray(json.loads(sys.argv[2]), dtype="float32").reshape(8, 3)
                y = np.asarray(json.loads(sys.argv[3]), dtype="float32").reshape(8, 1)
                before = m.predict(x, verbose=0).reshape(-1).tolist()
                for _ in range(2):
                    m.train_on_batch(x, y)
                print(json.dumps({"before": before, "weights": [np.asarray(w).reshape(-1).tolist() for w in m.get_weights()],
                                  "losses": len(m.losses)}))
                """
        guard let line = try runKerasScript(script, [path, "\(x.scalars)", "\(y.scalars)"]) else { return }
        struct Result: Decodable {
            let before: [Float]
            let weights: [[Float]]
            let losses: Int
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        expectClose(result.before, try loaded.predict(x).scalars, tolerance: 1e-6)
        #expect(result.losses == 1, "Keras found the regularizer")
        for (mine, theirs) in zip(model.getWeights(), result.weights) { expectClose(mine.scalars, theirs, tolerance: 1e-5) }
    }

    @Test func aKerasFileNamingThemLoadsInNeuralKit() throws {
        Self.register()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keras-rules-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script =
            pythonDefinitions + """
                m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation=scaled_tanh, kernel_regularizer=HalfL2(0.1),
                                                                              kernel_constraint=Clip(0.3))])
                m.compile(optimizer=keras.optimizers.SGD(learning_rate=Halving(0.1, 3)), loss="mse")
                x = np.linspace(-1, 1, 12, dtype="float32").reshape(4, 3)
                m.train_on_batch(x, np.ones((4, 2), dtype="float32"))
                m.save(sys.argv[1])
                print(json.dumps({"prediction": m.predict(x, verbose=0).reshape(-1).tolist()}))
                """
        guard let line = try runKerasScript(script, [path]) else { return }
        struct Result: Decodable { let prediction: [Float] }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        let model = try Model.load(from: path)
        let x = try Tensor((0..<12).map { -1 + 2 * Float($0) / 11 }, shape: [4, 3])
        expectClose(try model.predict(x).scalars, result.prediction, tolerance: 1e-6)
        let dense = try #require(model.layers.first as? Dense)
        #expect(dense.activation == Self.scaledTanh)
        let regularizer = try Regularizer.custom(HalfL2(factor: 0.1)), constraint = try Constraint.custom(Clip(limit: 0.3))
        let rate = try LearningRate.custom(Halving(initial: 0.1, every: 3))
        #expect(dense.kernelRegularizer == regularizer && dense.kernelConstraint == constraint)
        #expect(model.optimizer?.learningRate == rate)
    }

    @Test func anUnregisteredFunctionIsAClearErrorThatSaysHowToRegisterIt() throws {
        #expect { try Activation(kerasName: "other_package>swishy") } throws: { error in
            "\(error)".contains("other_package>swishy") && "\(error)".contains("Activation.register(\"swishy\", package: \"other_package\")")
        }
    }

    @Test func aClosureLearningRateTrainsButCannotBeSaved() throws {
        let model = try Sequential([Dense(units: 1, inputShape: [2])], seed: 1)
        let optimizer = SGD(learningRate: .closure { step in 0.1 / Float(step + 1) })
        model.compile(loss: .meanSquaredError, optimizer: optimizer)
        try model.trainOnBatch(try Tensor([1, 2, 3, 4], shape: [2, 2]), try Tensor([1, 0], shape: [2, 1]))
        #expect(optimizer.currentLearningRate == 0.05)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("closure-\(UUID().uuidString).keras").path
        #expect { try model.save(to: path) } throws: { "\($0)".contains("CustomLearningRateSchedule") }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func theOneCycleScheduleFollowsTheBooksPolicy() throws {
        let schedule = LearningRateSchedule.oneCycle(totalSteps: 100, maxRate: 0.1)
        let expected: [(Int, Float)] = [(0, 0.01), (22, 0.055), (44, 0.1), (66, 0.055), (88, 0.01), (94, 0.005005), (100, 1e-5), (500, 1e-5)]
        for (step, rate) in expected { expectClose([schedule.value(at: step)], [rate], tolerance: 1e-7, "step \(step)") }
        let json = try LearningRate.schedule(schedule).kerasJSON()
        #expect(json["registered_name"] == "NeuralKit>OneCycleSchedule")
        #expect(try LearningRate(keras: json, default: 0) == .schedule(schedule))
    }
}
