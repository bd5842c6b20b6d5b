import ChapterModels
import Foundation
import Layers
import Models
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// A subclass that did not adopt KerasSerializable.
final class PlainSubclass: Model {
    let dense = Dense(units: 2)
    init() { super.init(inputShape: [3]) }
    override func call(_ input: Tensor, training: Bool) throws -> Tensor { try dense(input) }
}

@Suite struct SubclassKerasFileTests {
    static let pythonModels = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../tools/chapter_models.py").standardized.path

    static func trainedModel() throws -> (WideAndDeepModel, [Tensor]) {
        let model = WideAndDeepModel(units: 8, name: "my_cool_model", seed: 3)
        let x = [sample([16, 5], -2...3, seed: 1), sample([16, 6], -1...4, seed: 2)]
        try model.build(inputShape: [5])
        try model.normLayerWide.adapt(x[0])
        try model.normLayerDeep.adapt(x[1])
        try model.compile(losses: [.meanSquaredError, .meanSquaredError], lossWeights: [0.9, 0.1], optimizer: Adam(learningRate: 0.01))
        try model.fit(x, [sample([16, 1], seed: 3), sample([16, 1], seed: 4)], batchSize: 8, epochs: 2, verbose: .silent)
        return (model, x)
    }

    @Test func aSerializableSubclassRoundTripsWithItsState() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sub-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (model, x) = try Self.trainedModel()
        try model.save(to: path)

        let reopened = try Model.load(from: path, customObjects: [WideAndDeepModel.self])
        let twin = try #require(reopened as? WideAndDeepModel)
        #expect(twin.units == 8 && twin.name == "my_cool_model")
        #expect(twin.lossWeights == [0.9, 0.1] && twin.optimizer?.iterations == 4)
        for (a, b) in zip(try twin.predict(x), try model.predict(x)) { #expect(a.scalars == b.scalars) }
        #expect(twin.normLayerDeep.mean?.value.scalars == model.normLayerDeep.mean?.value.scalars)

        // Without the Swift class, the error says what to do.
        #expect { try Model.load(from: path) } throws: { error in
            "\(error)".contains("NeuralKit>WideAndDeepModel") && "\(error)".contains("KerasSerializable")
        }
    }

    @Test func aPlainSubclassSaysHowToBecomeSaveable() throws {
        let model = PlainSubclass()
        try model.build(inputShape: [3])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString).keras").path
        #expect { try model.save(to: path) } throws: { "\($0)".contains("KerasSerializable") && "\($0)".contains("saveWeights") }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func kerasOpensOurSubclassedModelWithItsPythonTwin() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sub-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (model, x) = try Self.trainedModel()
        try model.save(to: path)
        let script = """
            exec(open(sys.argv[4]).read())
            m = keras.models.load_model(sys.argv[1])
            wide = np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(16, 5)
            deep = np.array(json.loads(sys.argv[3]), dtype=np.float32).reshape(16, 6)
            main, aux = m.predict((wide, deep), verbose=0)
            print(json.dumps({"main": main.reshape(-1).tolist(), "aux": aux.reshape(-1).tolist(),
                              "name": m.name, "units": m.units, "iterations": int(m.optimizer.iterations)}))
            """
        guard let line = try runKerasScript(script, [path, "\(x[0].scalars)", "\(x[1].scalars)", Self.pythonModels]) else { return }
        struct Result: Decodable {
            let main: [Float]
            let aux: [Float]
            let name: String
            let units: Int
            let iterations: Int
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        let ours = try model.predict(x)
        expectClose(result.main, ours[0].scalars, tolerance: 1e-5)
        expectClose(result.aux, ours[1].scalars, tolerance: 1e-5)
        #expect(result.name == "my_cool_model" && result.units == 8 && result.iterations == 4)
    }
}

/// A subclass holding a whole Sequential model: Keras files nest its weights under the attribute
/// (`body/layers/dense/vars/0`).
final class StackedModel: Model, KerasSerializable {
    static let kerasPackage = "Test"
    let body: Sequential
    let head = Dense(units: 1)

    init(seed: UInt64 = 42) {
        body = try! Sequential([Dense(units: 4, activation: .relu), Dense(units: 3)], name: "body")
        super.init(name: "stacked", seed: seed, inputShape: [2])
    }

    convenience init(kerasConfig config: [String: JSONValue]) throws { self.init() }

    override func call(_ input: Tensor, training: Bool) throws -> Tensor { try head(try body(input, training: training), training: training) }
}

@Suite struct NestedModelFileTests {
    @Test func aSequentialInsideASubclassRoundTripsAndKerasReadsIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nested-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = StackedModel(seed: 7)
        try model.build(inputShape: [2])
        #expect(model.weights.count == 6)
        try model.save(to: path)
        let x = sample([5, 2], seed: 1)
        let reopened = try Model.load(from: path, customObjects: [StackedModel.self])
        #expect(try reopened.predict(x).scalars == model.predict(x).scalars)

        let script = """
            @keras.saving.register_keras_serializable(package="Test")
            class StackedModel(keras.Model):
                def __init__(self, **kwargs):
                    super().__init__(**kwargs)
                    self.body = keras.Sequential([keras.layers.Dense(4, activation="relu"), keras.layers.Dense(3)], name="body")
                    self.head = keras.layers.Dense(1)
                def call(self, x):
                    return self.head(self.body(x))
            m = keras.models.load_model(sys.argv[1])
            x = np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(5, 2)
            print(json.dumps(m.predict(x, verbose=0).reshape(-1).tolist()))
            """
        guard let line = try runKerasScript(script, [path, "\(x.scalars)"]) else { return }
        expectClose(try JSONDecoder().decode([Float].self, from: Data(line.utf8)), try model.predict(x).scalars, tolerance: 1e-5)
    }
}
