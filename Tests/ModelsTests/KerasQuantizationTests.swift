import Foundation
import Layers
import Tensors
import TestSupport
import Testing
import Training

@testable import Models

/// int8 quantization as Keras 3's `model.quantize("int8")` (Fixtures/int8/, tools/make_quantized_fixtures.py):
/// NeuralKit quantizes Keras's float model to Keras's own int8 weights, predicts as Keras's int8 model does (a
/// few rows through the int8 kernel, many through the exact float product), opens Keras's int8 file, and
/// Keras opens NeuralKit's.
@Suite struct KerasQuantizationTests {
    struct Values: Decodable { let x: [Float], float: [Float], int8: [Float] }

    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/int8"))
    }

    static func values() throws -> Values { try JSONDecoder().decode(Values.self, from: Data(contentsOf: try url("values.json"))) }

    @Test func quantizingKerassFloatModelGivesKerassInt8Weights() throws {
        let model = try Model.load(from: try Self.url("float.keras").path)
        let keras = try Model.load(from: try Self.url("int8.keras").path)
        let values = try Self.values(), x = try Tensor(values.x, shape: [20, 40])
        expectClose(try model.predict(x).scalars, values.float, tolerance: 1e-6, "the float model")
        try model.quantize(.int8)
        for (mine, theirs) in zip(model.getWeights(), keras.getWeights()) {
            #expect(mine.shape == theirs.shape)
            expectClose(mine.scalars, theirs.scalars, tolerance: 0, "the int8 kernels and scales are Keras's exactly")
        }
        let layer = try #require(model.layers.first as? Dense)
        #expect(layer.kernel?.isTrainable == false && layer.bias?.isTrainable == true && layer.kernel?.storage == .int8)
        #expect { try model.quantize(.int8) } throws: { "\($0)".contains("no Dense layer left to quantize") }
    }

    @Test func int8PredictionsMatchKerasOneRowAndManyRows() throws {
        let model = try Model.load(from: try Self.url("int8.keras").path)
        let values = try Self.values(), x = try Tensor(values.x, shape: [20, 40])
        #expect((model.layers.first as? Dense)?.quantizationMode == .int8)
        expectClose(try model.predict(x).scalars, values.int8, tolerance: 2e-6, "20 rows: the float product")
        for row in [0, 3, 4] {
            let one = try model.predict(x.slice(row..<row + 1))
            expectClose(one.scalars, Array(values.int8[row * 5..<(row + 1) * 5]), tolerance: 2e-6, "row \(row): the int8 kernel")
        }
    }

    @Test func kerasOpensNeuralKitsInt8File() throws {
        let model = try Model.load(from: try Self.url("float.keras").path)
        try model.quantize(.int8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("int8-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let reloaded = try Model.load(from: path)
        let values = try Self.values(), x = try Tensor(values.x, shape: [20, 40])
        #expect(try reloaded.predict(x).scalars == model.predict(x).scalars)
        let script = """
            m = keras.models.load_model(sys.argv[1])
            x = np.asarray(json.loads(sys.argv[2]), dtype="float32").reshape(20, 40)
            print(json.dumps({"dtype": str(m.layers[0].kernel.dtype), "prediction": m.predict(x, verbose=0).reshape(-1).tolist()}))
            """
        guard let line = try runKerasScript(script, [path, "\(values.x)"]) else { return }
        struct Result: Decodable { let dtype: String, prediction: [Float] }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        #expect(result.dtype == "int8")
        expectClose(result.prediction, try model.predict(x).scalars, tolerance: 2e-6)
    }

    @Test func aQuantizedModelStillTrainsItsBiasesWithGradientsThroughTheKernel() throws {
        let model = try Model.load(from: try Self.url("int8.keras").path)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.1))
        let values = try Self.values(), x = try Tensor(values.x, shape: [20, 40])
        let kernel = try #require((model.layers.first as? Dense)?.kernel?.value.scalars)
        let bias = try #require((model.layers.first as? Dense)?.bias?.value.scalars)
        try model.trainOnBatch(x, Tensor((0..<20).map { Float($0 % 5) }))
        #expect((model.layers.first as? Dense)?.kernel?.value.scalars == kernel, "the int8 kernel does not train")
        #expect((model.layers.first as? Dense)?.bias?.value.scalars != bias, "the first layer's bias got a gradient through the second")
    }
}
