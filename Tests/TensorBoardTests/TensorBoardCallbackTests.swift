import Foundation
import Layers
import Models
import Tensors
import Testing
import Training

@testable import TensorBoardModule

/// The callback on a tiny classifier: Keras 3's run folders, tags, steps and values, read back with
/// EventFileReader and compared with the History of the same fit.
@Suite struct TensorBoardCallbackTests {
    static func data() throws -> (x: Tensor, y: Tensor, xValid: Tensor, yValid: Tensor) {
        let x = try Tensor((0..<40).map { Float($0 % 7) / 7 - Float($0 % 3) / 5 }, shape: [20, 2])
        let y = try Tensor((0..<20).map { Float($0 % 2) }, shape: [20])
        return (x, y, try Tensor(Array(x.scalars.prefix(12)), shape: [6, 2]), try Tensor(Array(y.scalars.prefix(6)), shape: [6]))
    }

    static func model() throws -> Sequential {
        let model = try Sequential([Dense(units: 4, activation: .relu, inputShape: [2]), Dense(units: 2, activation: .softmax)], seed: 3)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
        return model
    }

    @Test func writesKerasTagsStepsAndValues() throws {
        let logDir = try EventFileTests.folder()
        let (x, y, xValid, yValid) = try Self.data()
        let model = try Self.model()
        let callback = TensorBoard(logDir: logDir, histogramFreq: 2, updateFreq: .batches(2))
        let history = try model.fit(x, y, batchSize: 8, epochs: 3, verbose: .silent, callbacks: [callback], validationData: (xValid, yValid))
        let runs = try EventFileReader.scalars(inLogDirectory: logDir)
        #expect(Set(runs.keys) == ["train", "validation"])
        let train = try #require(runs["train"]), validation = try #require(runs["validation"])

        #expect(Set(train.keys) == ["epoch_loss", "epoch_accuracy", "epoch_learning_rate", "batch_loss", "batch_accuracy"])
        for name in ["loss", "accuracy"] {
            #expect(train["epoch_" + name]?.map(\.step) == [0, 1, 2])
            #expect(train["epoch_" + name]?.map { Float($0.value) } == history.history[name])
            #expect(validation["epoch_" + name]?.map { Float($0.value) } == history.history["val_" + name])
        }
        #expect(train["epoch_learning_rate"]?.map(\.value) == [Double(Float(0.1)), Double(Float(0.1)), Double(Float(0.1))])
        // Three batches an epoch (20 samples by 8), counted from 1 across epochs; every second one is written.
        #expect(train["batch_loss"]?.map(\.step) == [2, 4, 6, 8])
        // After each validation: the optimizer's iteration count.
        #expect(validation["evaluation_loss_vs_iterations"]?.map(\.step) == [3, 6, 9])
        #expect(validation["evaluation_accuracy_vs_iterations"]?.map { Float($0.value) } == history.history["val_accuracy"])
        #expect(validation["epoch_learning_rate"] == nil)

        // Histograms every second epoch (0 and 2), one per weight, tagged by Keras's weight path.
        let trainFile = try #require(EventFileReader.eventFiles(inLogDirectory: logDir)["train"]?.first)
        let values = try EventFileReader.events(inFile: trainFile).flatMap { event in event.summary.value.map { (event.step, $0) } }
        let histograms = values.filter { $0.1.metadata.pluginData.pluginName == "histograms" }
        #expect(
            Set(histograms.map(\.1.tag)) == [
                "sequential/dense/kernel/histogram", "sequential/dense/bias/histogram", "sequential/dense_1/kernel/histogram",
                "sequential/dense_1/bias/histogram",
            ])
        #expect(histograms.map(\.0).sorted() == [0, 0, 0, 0, 2, 2, 2, 2])
        let kernel = try #require(histograms.first { $0.1.tag == "sequential/dense/kernel/histogram" }?.1.tensor.numbers)
        let counted: Double = stride(from: 2, to: kernel.count, by: 3).map { kernel[$0] }.reduce(0, +)
        #expect(kernel.count == 90 && counted == 8)

        // The graph: the model's Keras config, at step 0, for the graph_keras_model plugin.
        let graph = try #require(values.first { $0.1.tag == "keras" })
        #expect(graph.0 == 0 && graph.1.metadata.pluginData.pluginName == "graph_keras_model")
        #expect(graph.1.metadata.pluginData.content == Data("1".utf8))
        let json = try #require(graph.1.tensor.stringVal.first)
        let config = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        #expect(config?["class_name"] as? String == "Sequential")
    }

    @Test func epochFrequencyWritesNothingPerBatch() throws {
        let logDir = try EventFileTests.folder()
        let (x, y, _, _) = try Self.data()
        let model = try Self.model()
        let callback = TensorBoard(logDir: logDir, writeGraph: false)
        try model.fit(x, y, batchSize: 8, epochs: 2, verbose: .silent, callbacks: [callback])
        let runs = try EventFileReader.scalars(inLogDirectory: logDir)
        // No validation data: no validation run at all, as Keras creates its writers lazily.
        #expect(Set(runs.keys) == ["train"])
        #expect(Set(runs["train"]?.keys ?? [:].keys) == ["epoch_loss", "epoch_accuracy", "epoch_learning_rate"])
        #expect(callback.globalTrainBatch == 6)
        let trainFile = try #require(EventFileReader.eventFiles(inLogDirectory: logDir)["train"]?.first)
        #expect(try EventFileReader.events(inFile: trainFile).allSatisfy { $0.summary.value.first?.tag != "keras" })
    }

    @Test func unwritableLogDirectoryFailsBeforeTraining() throws {
        let blocker = try EventFileTests.folder() + "/file"
        try Data().write(to: URL(fileURLWithPath: blocker))
        let (x, y, _, _) = try Self.data()
        let model = try Self.model()
        var batches = 0
        let counter = LambdaCallback(onTrainBatchEnd: { _, _ in batches += 1 })
        #expect {
            try model.fit(x, y, epochs: 1, verbose: .silent, callbacks: [TensorBoard(logDir: blocker + "/logs"), counter])
        } throws: { error in
            "\(error)".contains(blocker + "/logs/train") && "\(error)".contains("choose a folder")
        }
        #expect(batches == 0)
        #expect(throws: TensorBoardError.self) {
            try model.fit(x, y, epochs: 1, verbose: .silent, callbacks: [TensorBoard(logDir: try EventFileTests.folder(), updateFreq: .batches(0))])
        }
    }

    struct Crash: Error {}

    @Test func resumedRunGoesOnWithTheBatchSteps() throws {
        let logDir = try EventFileTests.folder()
        let (x, y, _, _) = try Self.data()
        let crash = LambdaCallback(onEpochEnd: { epoch, _ in if epoch == 1 { throw Crash() } })
        #expect(throws: Crash.self) {
            try Self.model().fit(
                x, y, batchSize: 8, epochs: 3, verbose: .silent,
                callbacks: [TensorBoard(logDir: logDir, updateFreq: .batches(3)), crash, BackupAndRestore(backupDir: logDir + "/backup")])
        }
        // Epoch 0 is backed up; the crash at the end of epoch 1 (after TensorBoard wrote it) loses it.
        try Self.model().fit(
            x, y, batchSize: 8, epochs: 3, verbose: .silent,
            callbacks: [TensorBoard(logDir: logDir, updateFreq: .batches(3)), BackupAndRestore(backupDir: logDir + "/backup")])
        let train = try #require(try EventFileReader.scalars(inLogDirectory: logDir)["train"])
        #expect(train["batch_loss"]?.map(\.step) == [3, 6, 6, 9])
        #expect(train["epoch_loss"]?.map(\.step) == [0, 1, 1, 2])
    }

    @Test func functionalHistogramTagsHaveNoModelPrefix() throws {
        let input = Input(shape: [2])
        let output = try Dense(units: 1, name: "out")(input)
        let functional = try Functional(inputs: [input], outputs: [output])
        #expect(TensorBoard.histogramTag(model: functional, layer: "out", weight: "kernel") == "out/kernel/histogram")
        #expect(TensorBoard.histogramTag(model: try Self.model(), layer: "dense", weight: "bias") == "sequential/dense/bias/histogram")
    }
}
