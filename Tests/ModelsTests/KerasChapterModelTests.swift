import ChapterModels
import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

/// The chapter's models made and trained in Keras 3 (tools/make_keras_models.py): NeuralKit opens each
/// `.keras` file, predicts and evaluates as Keras did, and one more training step from the saved
/// optimizer state lands where Keras's did.
@Suite struct KerasChapterModelTests {
    struct Record: Decodable {
        let note: String
        let inputs: [[Float]]
        let input_shapes: [[Int]]
        let targets: [Float]
        let predictions: [[Float]]
        let evaluate: [String: Float]
        let optimizer: String
        let iterations: Int
        let predictions_after_step: [[Float]]
    }

    static let records: [String: Record] = {
        let url = Bundle.module.url(forResource: "chapter_models", withExtension: "json", subdirectory: "Fixtures/chapter")!
        struct File: Decodable { let models: [String: Record] }
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).models
    }()

    @Test(arguments: ["fashion_classifier", "housing_regressor", "wide_deep_functional", "wide_deep_subclassed"])
    func kerasMadeChapterModelBehavesTheSame(_ name: String) throws {
        let record = try #require(Self.records[name])
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "keras", subdirectory: "Fixtures/chapter"))
        let model = try Model.load(from: url.path, customObjects: [WideAndDeepModel.self])
        let x = try zip(record.inputs, record.input_shapes).map { try Tensor($0, shape: Shape($1)) }
        let y = Array(repeating: Tensor(record.targets), count: record.predictions.count)

        // Predictions within 1e-5 of Keras's.
        let predictions = try model.predict(x)
        #expect(predictions.count == record.predictions.count)
        for (ours, theirs) in zip(predictions, record.predictions) { expectClose(ours.scalars, theirs, tolerance: 1e-5) }

        // The compile config came along: evaluate gives Keras's loss and metrics.
        #expect(model.optimizer.map { String(describing: type(of: $0)) } == record.optimizer)
        #expect(model.optimizer?.iterations == record.iterations)
        let metrics = try model.evaluate(x, y, batchSize: 32)
        expectClose([metrics["loss"]!], [record.evaluate["loss"]!], tolerance: 1e-5)
        func values(_ logs: [String: Float], _ fragment: String) -> [Float] {
            logs.filter { $0.key.lowercased().replacingOccurrences(of: "_", with: "").contains(fragment) }.map(\.value).sorted()
        }
        for fragment in ["rootmeansquarederror", "accuracy"] {
            expectClose(values(metrics, fragment), values(record.evaluate, fragment), tolerance: 1e-5, "\(fragment) of \(name)")
        }

        // One more step on the same batch from Keras's optimizer state (SGD, Adam, Nadam).
        try model.fit(x, y, batchSize: x[0].shape[0], epochs: 1, verbose: .silent, shuffle: false)
        for (ours, theirs) in zip(try model.predict(x), record.predictions_after_step) { expectClose(ours.scalars, theirs, tolerance: 2e-5) }
    }
}
