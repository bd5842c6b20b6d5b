import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

@Suite struct FunctionalKerasFileTests {
    @Test func wideAndDeepRoundTripsAndKerasOpensIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wd-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try FunctionalTests.wideAndDeep()
        try model.compile(
            losses: [.meanSquaredError, .meanSquaredError], lossWeights: [0.9, 0.1], optimizer: SGD(learningRate: 0.01),
            metrics: [[.meanAbsoluteError], []])
        let x = [sample([8, 5], seed: 1), sample([8, 6], seed: 2)], y = [sample([8, 1], seed: 3), sample([8, 1], seed: 4)]
        try model.fit(x, y, epochs: 1, verbose: .silent)
        try model.save(to: path)

        let reopened = try Model.load(from: path)
        #expect(reopened.inputNames == ["wide_input", "deep_input"] && reopened.outputNames == ["main_output", "aux_output"])
        #expect(reopened.lossWeights == [0.9, 0.1] && reopened.metricsList == [[.meanAbsoluteError], []])
        for (a, b) in zip(try reopened.predict(x), try model.predict(x)) { #expect(a.scalars == b.scalars) }

        let script = """
            m = keras.models.load_model(sys.argv[1])
            wide = np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(8, 5)
            deep = np.array(json.loads(sys.argv[3]), dtype=np.float32).reshape(8, 6)
            main, aux = m.predict((wide, deep), verbose=0)
            print(json.dumps({"main": main.reshape(-1).tolist(), "aux": aux.reshape(-1).tolist()}))
            """
        guard let line = try runKerasScript(script, [path, "\(x[0].scalars)", "\(x[1].scalars)"]) else { return }
        struct Result: Decodable {
            let main: [Float]
            let aux: [Float]
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        let ours = try model.predict(x)
        expectClose(result.main, ours[0].scalars, tolerance: 1e-5)
        expectClose(result.aux, ours[1].scalars, tolerance: 1e-5)
    }

    /// A layer called on two inputs (shared weights) keeps both calls through a .keras file, in
    /// NeuralKit and in Keras.
    @Test func sharedLayersSurviveTheTrip() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let left = Input(shape: [3], name: "left"), right = Input(shape: [3], name: "right")
        let shared = Dense(units: 4, activation: .tanh, name: "shared")
        let sum = try Add()([try shared(left), try shared(right)])
        let model = try Functional(inputs: [left, right], outputs: [try Dense(units: 1, name: "out")(sum)], name: "siamese", seed: 3)
        #expect(model.weights.count == 4)
        try model.save(to: path)
        let reopened = try Model.load(from: path)
        #expect(reopened.weights.count == 4 && reopened.layers.filter { $0.name == "shared" }.count == 1)
        let x = [sample([5, 3], seed: 1), sample([5, 3], seed: 2)]
        #expect(try reopened.predict(x)[0].scalars == model.predict(x)[0].scalars)

        let script = """
            m = keras.models.load_model(sys.argv[1])
            a = np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(5, 3)
            b = np.array(json.loads(sys.argv[3]), dtype=np.float32).reshape(5, 3)
            print(json.dumps({"p": m.predict((a, b), verbose=0).reshape(-1).tolist(), "weights": len(m.weights)}))
            """
        guard let line = try runKerasScript(script, [path, "\(x[0].scalars)", "\(x[1].scalars)"]) else { return }
        struct Result: Decodable {
            let p: [Float]
            let weights: Int
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        #expect(result.weights == 4)
        expectClose(result.p, try model.predict(x)[0].scalars, tolerance: 1e-5)
    }
}
