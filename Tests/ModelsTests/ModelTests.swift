import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

@Suite struct ModelTests {
    static var xorX: Tensor { try! Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]) }
    static var xorY: Tensor { Tensor([0, 1, 1, 0]) }

    @Test func anMLPLearnsXOR() throws {
        let model = try Sequential([Dense(units: 8, activation: .tanh, inputShape: [2]), Dense(units: 1, activation: .sigmoid)], seed: 1)
        model.compile(loss: .binaryCrossentropy, optimizer: Adam(learningRate: 0.05), metrics: [.accuracy])
        try model.fit(Self.xorX, Self.xorY, batchSize: 4, epochs: 300, verbose: .silent)
        #expect(try model.evaluate(Self.xorX, Self.xorY)["accuracy"] == 1)
        let predictions = try model.predict(Self.xorX).scalars.map { $0 > 0.5 ? 1 : 0 }
        #expect(predictions == [0, 1, 1, 0])
    }

    /// Two interleaved half-moons with noise (scikit-learn's `make_moons`, noise 0.1), from a seed.
    static func moons(_ count: Int, seed: UInt64) throws -> (Tensor, Tensor) {
        var generator = RandomGenerator(seed: seed)
        var x: [Float] = [], y: [Float] = []
        for i in 0..<count {
            let upper = i % 2 == 0
            let t = Float.pi * generator.nextUnitFloat()
            let (px, py) = upper ? (cos(t), sin(t)) : (1 - cos(t), 0.5 - sin(t))
            x += [px + 0.1 * generator.nextNormal(), py + 0.1 * generator.nextNormal()]
            y.append(upper ? 0 : 1)
        }
        return (try Tensor(x, shape: [count, 2]), Tensor(y))
    }

    @Test func anMLPLearnsTwoMoons() throws {
        let (x, y) = try Self.moons(1000, seed: 3)
        let (xTest, yTest) = try Self.moons(500, seed: 4)
        let model = try Sequential([
            Dense(units: 16, activation: .relu, inputShape: [2]), Dense(units: 16, activation: .relu), Dense(units: 2, activation: .softmax),
        ])
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        try model.fit(x, y, epochs: 30, verbose: .silent)
        #expect(try model.evaluate(xTest, yTest)["accuracy"]! >= 0.95)
    }

    static func classifier(seed: UInt64 = 7) throws -> Sequential {
        let model = try Sequential(
            [Dense(units: 5, activation: .relu, inputShape: [2]), Dropout(rate: 0.2), Dense(units: 2, activation: .softmax)], seed: seed)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.1, momentum: 0.9), metrics: [.accuracy])
        return model
    }

    @Test func theSameSeedGivesTheSameHistoryBitForBit() throws {
        let (x, y) = try Self.moons(200, seed: 5)
        func run() throws -> ([String: [Float]], [Tensor]) {
            let model = try Self.classifier()
            let history = try model.fit(x, y, batchSize: 16, epochs: 4, verbose: .silent, validationSplit: 0.2)
            return (history.history, model.getWeights())
        }
        let (first, firstWeights) = try run(), (second, secondWeights) = try run()
        #expect(first.mapValues { $0.map(\.bitPattern) } == second.mapValues { $0.map(\.bitPattern) })
        #expect(firstWeights.map { $0.scalars.map(\.bitPattern) } == secondWeights.map { $0.scalars.map(\.bitPattern) })
        let other = try Self.classifier(seed: 8)
        try other.build(inputShape: [2])
        #expect(other.getWeights()[0].scalars != firstWeights[0].scalars)
    }

    /// Keras's rule: the validation set is the last `validationSplit` of the rows, taken before shuffling.
    @Test func validationSplitTakesTheLastRows() throws {
        // The first 80 rows are class 0, the last 20 class 1: a model that always says 0 is right on
        // all training rows and wrong on every validation row.
        let x = try Tensor(Array(repeating: [Float(0), 0], count: 100).flatMap { $0 }, shape: [100, 2])
        let y = Tensor((0..<100).map { $0 < 80 ? Float(0) : 1 })
        let model = try Sequential([Dense(units: 2, activation: .softmax, inputShape: [2])])
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.5), metrics: [.accuracy])
        let history = try model.fit(x, y, batchSize: 10, epochs: 5, verbose: .silent, validationSplit: 0.2)
        #expect(history.history["accuracy"]!.last! == 1)
        #expect(history.history["val_accuracy"]!.last! == 0)
        let steps = Recorder()
        try model.fit(x, y, batchSize: 10, epochs: 1, verbose: .silent, callbacks: [steps], validationSplit: 0.2)
        #expect(steps.params["steps"] == 8)
    }

    final class Recorder: Callback {
        var events: [String] = []
        override func onTrainBegin(logs: Logs) throws { events.append("train_begin") }
        override func onEpochBegin(_ epoch: Int, logs: Logs) throws { events.append("epoch_begin \(epoch)") }
        override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { events.append("batch_end \(batch)") }
        override func onEpochEnd(_ epoch: Int, logs: Logs) throws { events.append("epoch_end \(epoch) \(logs.keys.sorted())") }
        override func onTrainEnd(logs: Logs) throws { events.append("train_end") }
    }

    @Test func callbacksAreCalledInOrderAndCanStopTraining() throws {
        let (x, y) = try Self.moons(40, seed: 6)
        let model = try Self.classifier()
        let recorder = Recorder()
        try model.fit(x, y, batchSize: 20, epochs: 2, verbose: .silent, callbacks: [recorder], validationData: (x, y))
        #expect(
            recorder.events == [
                "train_begin", "epoch_begin 0", "batch_end 0", "batch_end 1",
                "epoch_end 0 [\"accuracy\", \"loss\", \"val_accuracy\", \"val_loss\"]", "epoch_begin 1", "batch_end 0", "batch_end 1",
                "epoch_end 1 [\"accuracy\", \"loss\", \"val_accuracy\", \"val_loss\"]", "train_end",
            ])
        let stopper = LambdaCallback(onEpochEnd: { [weak model] epoch, _ in if epoch == 1 { model?.stopTraining = true } })
        let history = try model.fit(x, y, epochs: 10, verbose: .silent, callbacks: [stopper])
        #expect(history.epoch == [0, 1])
        let resumed = try model.fit(x, y, epochs: 5, verbose: .silent, initialEpoch: 3)
        #expect(resumed.epoch == [3, 4])
    }

    @Test func progressInAPipeIsOneCleanLinePerEpoch() throws {
        let (x, y) = try Self.moons(64, seed: 7)
        let model = try Self.classifier()
        var text = ""
        try model.fit(x, y, batchSize: 8, epochs: 3, output: OutputSink(isTerminal: false) { text += $0 })
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 7)  // 3 × (Epoch i/3, bar), and the empty string after the final newline
        #expect(lines[0] == "Epoch 1/3")
        #expect(lines[1].hasPrefix("8/8 ━━━━━━━━━━━━━━━━━━━━ "))
        #expect(lines[1].contains("ms/step - accuracy: ") || lines[1].contains("us/step - accuracy: "))
        #expect(lines[1].contains(" - loss: "))
        #expect(!text.contains("\r") && !text.contains("\u{1B}") && !text.contains("\u{8}"))
    }

    @Test func progressOnATerminalRedrawsInPlaceWithKerasColors() throws {
        let (x, y) = try Self.moons(64, seed: 7)
        let model = try Self.classifier()
        var text = ""
        try model.fit(x, y, batchSize: 8, epochs: 1, output: OutputSink(isTerminal: true, usesColor: true) { text += $0 })
        #expect(!text.contains("Epoch 1/1"))  // Keras prints the epoch line only for several epochs
        #expect(text.contains("\r") && text.contains("\u{1B}[32m━"))
        #expect(text.hasSuffix("\n"))
        var plain = ""  // NO_COLOR: redrawn in place, no colour codes
        try model.fit(x, y, batchSize: 8, epochs: 1, output: OutputSink(isTerminal: true, usesColor: false) { plain += $0 })
        #expect(plain.contains("\r") && !plain.contains("\u{1B}"))
        var silent = ""
        try model.fit(x, y, epochs: 2, verbose: .silent, output: OutputSink(isTerminal: true) { silent += $0 })
        #expect(silent.isEmpty)
        var perEpoch = ""
        try model.fit(x, y, batchSize: 8, epochs: 2, verbose: .oneLinePerEpoch, output: OutputSink(isTerminal: true) { perEpoch += $0 })
        #expect(perEpoch.split(separator: "\n").count == 4 && perEpoch.contains("8/8 - "))
    }

    @Test func summaryIsKerasTable() throws {
        let model = try Sequential([
            Flatten(inputShape: [28, 28]), Dense(units: 300, activation: .relu), Dense(units: 100, activation: .relu),
            Dense(units: 10, activation: .softmax),
        ])
        try model.build(inputShape: [28, 28])
        let summary = try model.summary()
        #expect(summary.contains("│ dense_2 (Dense)                 │ (None, 10)             │         1,010 │"))
        #expect(summary.contains("│ flatten (Flatten)               │ (None, 784)            │             0 │"))
        #expect(summary.contains(" Total params: 266,610 (1.02 MB)"))
        #expect(summary.contains(" Non-trainable params: 0 (0.00 B)"))
    }

    @Test func sequentialEditing() throws {
        let model = try Sequential([Dense(units: 3, inputShape: [2])])
        try model.add(Dense(units: 1, name: "out"))
        #expect(model.layers.map(\.name) == ["dense", "out"])
        #expect(try model.layer(named: "out") === model.layers[1])
        #expect(try model.layer(at: 0) === model.layers[0])
        #expect(throws: ModelError.self) { try model.layer(named: "nope") }
        #expect(throws: ModelError.self) { try model.add(Dense(units: 1, name: "out")) }
        try model.pop()
        #expect(model.layers.count == 1)
        try model.build(inputShape: [2])
        #expect(model.getWeights().map(\.shape) == [[2, 3], [3]])
        #expect(throws: ModelError.self) { try model.setWeights([try Tensor.zeros([2, 3])]) }
    }

    @Test func badDataGivesClearErrors() throws {
        let model = try Self.classifier()
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return "no error"
        }
        let x = try Tensor([[0, 1], [1, 0]]), y = Tensor([0, 1])
        #expect(message { try Sequential([Dense(units: 1)]).fit(x, y) }.contains("not compiled"))
        #expect(message { try model.fit(x, Tensor([0, 1, 1]), verbose: .silent) }.contains("2 samples in its first input but 3 in the targets"))
        #expect(message { try model.fit(try Tensor([[0, .nan], [1, 0]]), y, verbose: .silent) }.contains("nan at sample 0"))
        #expect(message { try model.fit(x, Tensor([0, 5]), verbose: .silent) }.contains("hold 5.0 at sample 1"))
        #expect(message { try model.fit(try Tensor([[0, 1, 2]]), Tensor([0]), verbose: .silent) }.contains("expects samples of shape (2,)"))
        #expect(message { try model.fit(x, y, batchSize: 0, verbose: .silent) }.contains("batchSize"))
        #expect(message { try model.fit(x, y, verbose: .silent, validationSplit: 1) }.contains("validationSplit"))
        #expect(message { _ = try model.predict(try Tensor([[1, 2, 3]])) }.contains("expects samples"))
    }

    @Test func sampleAndClassWeightsScaleTheLoss() throws {
        let x = try Tensor([[0, 1], [1, 0]]), y = Tensor([0, 1])
        let model = try Self.classifier()
        try model.build(inputShape: [2])
        let plain = try model.evaluate(x, y)["loss"]!
        let doubled = try model.evaluate(x, y, sampleWeight: Tensor([2, 2]))["loss"]!
        expectClose([doubled], [2 * plain], tolerance: 1e-6)
        let tested = try model.testOnBatch(x, y)
        expectClose([tested["loss"]!], [plain], tolerance: 1e-6)
        let batch = try model.trainOnBatch(x, y)
        #expect(batch["loss"]! > 0 && batch["accuracy"] != nil)
        #expect(try model.testOnBatch(x, y)["loss"]! != plain)
        let history = try model.fit(x, y, epochs: 1, verbose: .silent, classWeight: [0: 0, 1: 0])
        #expect(history.history["loss"]![0] == 0)
    }

    @Test func predictMatchesTheModelCalledDirectlyAndRecordsNothing() throws {
        let (x, _) = try Self.moons(100, seed: 8)
        let model = try Self.classifier()
        try model.build(inputShape: [2])
        let batched = try model.predict(x, batchSize: 7)
        let direct = try model(x)
        expectClose(batched, direct)
        #expect(!batched.requiresGradient)
        #expect(direct.requiresGradient)
    }
}
