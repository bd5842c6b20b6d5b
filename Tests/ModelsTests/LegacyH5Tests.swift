import Foundation
import Models
import Tensors
import TestSupport
import Testing
import Training

/// Keras 2 whole-model `.h5` files, and the legacy `.h5` Keras 3 still writes
/// (`tools/make_legacy_h5.py`): the model, its weights and its compile config.
@Suite struct LegacyH5Tests {
    struct Expected: Decodable {
        let x: [[Float]]
        let keras3_sequential: [[Float]], keras2_sequential: [[Float]], keras2_functional: [[Float]]
    }

    static func fixture(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Fixtures/legacy/\(name)", withExtension: nil) else { throw SavingError.io("no fixture \(name)") }
        return url.path
    }

    @Test(arguments: ["keras3_sequential", "keras2_sequential", "keras2_functional"])
    func legacyFilesLoadAndPredictAsKeras(_ name: String) throws {
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: try Self.fixture("expected.json"))))
        let model = try Model.load(from: try Self.fixture("\(name).h5"))
        let x = try Tensor(expected.x.flatMap { $0 }, shape: [expected.x.count, 4])
        let want =
            switch name {
            case "keras3_sequential": expected.keras3_sequential
            case "keras2_sequential": expected.keras2_sequential
            default: expected.keras2_functional
            }
        expectClose(try model.predict(x).scalars, want.flatMap { $0 }, tolerance: 1e-5, "\(name)")
        #expect(model.loss is SparseCategoricalCrossentropy, "\(name)")
        #expect(model.optimizer is Adam && Swift.abs((model.optimizer?.currentLearningRate ?? 0) - 0.01) < 1e-6, "\(name)")
        #expect(model.metricsList.first?.map(\.rawValue) == ["accuracy"], "\(name)")
        // It trains on, and saves as a Keras 3 file.
        try model.fit(x, Tensor([0, 1, 2, 0, 1, 2]), epochs: 1, verbose: .silent)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        #expect(try Model.load(from: path).predict(x).scalars == model.predict(x).scalars)
    }

    @Test func aWeightsOnlyHDF5FileIsNotAModel() throws {
        #expect { try Model.load(from: try Self.fixture("../hostile/plain.weights.h5")) } throws: { "\($0)".contains("model_config") }
    }
}
