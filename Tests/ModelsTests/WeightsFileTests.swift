import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

/// `.weights.h5` files in Keras's layout: written and read by NeuralKit, read from Keras, read by Keras.
@Suite struct WeightsFileTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("neuralkit-weights-\(UUID().uuidString)").path

    init() throws { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }

    static func mlp(seed: UInt64 = 42, hidden: Int = 5) throws -> Sequential {
        let model = try Sequential([Dense(units: hidden, activation: .relu, inputShape: [4]), Dense(units: 3, activation: .softmax)], seed: seed)
        try model.build(inputShape: [4])
        return model
    }

    @Test func readsWeightsThatKerasSaved() throws {
        let url = Bundle.module.url(forResource: "keras_mlp.weights", withExtension: "h5", subdirectory: "Fixtures")!
        let model = try Self.mlp()
        try model.loadWeights(from: url.path)
        let fixture = KerasFixtureTests.fixtures.keras_weights
        expectClose(try model.predict(fixture.x.tensor), fixture.predictions.tensor, tolerance: 1e-5)
    }

    @Test func roundTripsSequentialAndFunctionalModels() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let x = sample([6, 4], seed: 1)
        let original = try Self.mlp(seed: 1), copy = try Self.mlp(seed: 2)
        let path = directory + "/mlp.weights.h5"
        try original.saveWeights(to: path)
        try copy.loadWeights(from: path)
        #expect(try copy.predict(x).scalars == original.predict(x).scalars)

        let wideDeep = try FunctionalTests.wideAndDeep(), other = try FunctionalTests.wideAndDeep()
        try other.setWeights(other.getWeights().map { $0 * 0.5 })
        try wideDeep.saveWeights(to: directory + "/wd.weights.h5")
        try other.loadWeights(from: directory + "/wd.weights.h5")
        let inputs = [sample([3, 5], seed: 2), sample([3, 6], seed: 3)]
        #expect(try other.predict(inputs).map(\.scalars) == wideDeep.predict(inputs).map(\.scalars))
    }

    @Test func badFilesAreErrorsAndAFailedSaveKeepsTheOldFile() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try Self.mlp()
        let path = directory + "/model.weights.h5"
        try model.saveWeights(to: path)
        let saved = try Data(contentsOf: URL(fileURLWithPath: path))

        let wrong = try Self.mlp(hidden: 6)
        let mismatch = #expect(throws: SavingError.self) { try wrong.loadWeights(from: path) }
        #expect("\(mismatch!)".contains("dense") && "\(mismatch!)".contains("(4, 6)"))
        #expect(throws: SavingError.self) { try model.saveWeights(to: directory + "/model.h5") }
        #expect(throws: SavingError.self) { try model.loadWeights(from: directory + "/missing.weights.h5") }

        let truncated = directory + "/truncated.weights.h5"
        try saved.prefix(saved.count / 2).write(to: URL(fileURLWithPath: truncated))
        #expect(throws: SavingError.self) { try model.loadWeights(from: truncated) }
        try Data("not an HDF5 file at all".utf8).write(to: URL(fileURLWithPath: truncated))
        #expect(throws: SavingError.self) { try model.loadWeights(from: truncated) }

        let unbuilt = try Sequential([Dense(units: 2)])
        #expect(throws: SavingError.self) { try unbuilt.saveWeights(to: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == saved)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    /// Keras itself opens NeuralKit's file (when Python with keras and h5py is installed).
    @Test func kerasReadsWeightsThatNeuralKitSaved() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try Self.mlp(seed: 7)
        let path = directory + "/for-keras.weights.h5"
        try model.saveWeights(to: path)
        let x = sample([2, 4], seed: 4)
        let script = """
            m = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(5, activation="relu"), keras.layers.Dense(3, activation="softmax")])
            m.load_weights(sys.argv[1])
            x = np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(2, 4)
            print(json.dumps(m.predict(x, verbose=0).reshape(-1).tolist()))
            """
        guard let line = try runKerasScript(script, [path, "\(x.scalars)"]) else { return }
        let values = try JSONDecoder().decode([Float].self, from: Data(line.utf8))
        expectClose(values, try model.predict(x).scalars, tolerance: 1e-5)
    }
}
