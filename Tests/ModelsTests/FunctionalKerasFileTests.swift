import Foundation
import Layers
import Models
import Tensors
import Testing
import TestSupport
import Training

@Suite struct FunctionalKerasFileTests {
    @Test func wideAndDeepRoundTripsAndKerasOpensIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wd-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try FunctionalTests.wideAndDeep()
        try model.compile(losses: [.meanSquaredError, .meanSquaredError], lossWeights: [0.9, 0.1], optimizer: SGD(learningRate: 0.01),
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
        struct Result: Decodable { let main: [Float]; let aux: [Float] }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        let ours = try model.predict(x)
        expectClose(result.main, ours[0].scalars, tolerance: 1e-5)
        expectClose(result.aux, ours[1].scalars, tolerance: 1e-5)
    }
}
