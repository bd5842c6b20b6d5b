import Foundation
import NeuralKit
import Testing

/// `import NeuralKit` alone is enough for the chapter's first model: data, layers, training, saving.
@Suite struct UmbrellaTests {
    @Test func oneImportGivesEverything() throws {
        let iris = try Iris.load()
        let x = try Tensor(iris.features.flatMap { $0.map(Float.init) }, shape: [150, 4])
        let y = Tensor(iris.target.map(Float.init))
        let model = try Sequential([Normalization(), Dense(units: 8, activation: .relu), Dense(units: 3, activation: .softmax)], seed: 3)
        try (model.layers[0] as? Normalization)?.adapt(x)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.05), metrics: [.accuracy])
        let history = try model.fit(x, y, batchSize: 16, epochs: 20, verbose: .silent)
        #expect((history.history["accuracy"]?.last ?? 0) > 0.9, "\(history.history)")
        let json: JSONValue = try model.kerasModelConfig()
        #expect(json["class_name"] == "Sequential")
    }

    @Test func tensorBoardComesWithIt() throws {
        let logDir = FileManager.default.temporaryDirectory.appendingPathComponent("umbrella-\(UUID().uuidString)").path
        let writer = try SummaryWriter(logDir: logDir)
        try writer.scalar("x", 1, step: 0)
        #expect(try EventFileReader.scalars(inLogDirectory: logDir)["."]?["x"]?.first?.value == 1)
        #expect(TensorBoard(logDir: logDir).trainDirectory == logDir + "/train")
    }
}
