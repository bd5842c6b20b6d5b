import Datasets
import Foundation
import Layers
import Models
import Tensors
import Testing
import Training

/// The training loop's three seams: the epoch iterator, the train step and the callback list.
@Suite struct TrainerSeamTests {
    /// A callback that writes down every event it hears.
    final class Recorder: Callback {
        var events: [String] = []
        override func onTrainBegin(logs: Logs) throws { events.append("trainBegin") }
        override func onTrainEnd(logs: Logs) throws { events.append("trainEnd") }
        override func onEpochBegin(_ epoch: Int, logs: Logs) throws { events.append("epochBegin \(epoch)") }
        override func onEpochEnd(_ epoch: Int, logs: Logs) throws { events.append("epochEnd \(epoch)") }
        override func onTrainBatchBegin(_ batch: Int, logs: Logs) throws { events.append("trainBatchBegin \(batch)") }
        override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { events.append("trainBatchEnd \(batch)") }
        override func onTestBegin(logs: Logs) throws { events.append("testBegin") }
        override func onTestEnd(logs: Logs) throws { events.append("testEnd \(logs["loss"].map { $0.isFinite } ?? false)") }
        override func onTestBatchBegin(_ batch: Int, logs: Logs) throws { events.append("testBatchBegin \(batch)") }
        override func onTestBatchEnd(_ batch: Int, logs: Logs) throws { events.append("testBatchEnd \(batch)") }
        override func onPredictBegin(logs: Logs) throws { events.append("predictBegin") }
        override func onPredictEnd(logs: Logs) throws { events.append("predictEnd") }
        override func onPredictBatchBegin(_ batch: Int, logs: Logs) throws { events.append("predictBatchBegin \(batch)") }
        override func onPredictBatchEnd(_ batch: Int, logs: Logs) throws { events.append("predictBatchEnd \(batch)") }
    }

    static func data(_ count: Int) throws -> (Tensor, Tensor) {
        let x = try Tensor((0..<count * 2).map { Float($0 % 7) / 7 }, shape: [count, 2])
        return (x, Tensor((0..<count).map { Float($0 % 2) }))
    }

    static func model() throws -> Sequential {
        let model = try Sequential([Dense(units: 4, activation: .relu, inputShape: [2]), Dense(units: 2, activation: .softmax)], seed: 3)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
        return model
    }

    @Test func theRolesAreClassesOfTheirOwn() throws {
        let sequential = try Self.model()
        #expect((sequential as Model) is Functional)
        let input = Input(shape: [2])
        let functional = try Functional(inputs: input, outputs: try Dense(units: 1)(input))
        #expect(functional.kerasClassName == "Functional")
        #expect(sequential.kerasClassName == "Sequential")
        #expect(!(Model(name: "plain") is Functional))
    }

    /// A train step that counts its calls and otherwise does what the eager step does.
    struct CountingStep: TrainStep {
        final class Counter { var calls = 0 }
        let counter = Counter()
        func train(_ model: Model, on batch: Batch, optimizer: Optimizer) throws -> StepResult {
            counter.calls += 1
            return try EagerTrainStep().train(model, on: batch, optimizer: optimizer)
        }
    }

    @Test func aTrainStepPlugsInWithoutChangingTheLoop() throws {
        let (x, y) = try Self.data(50)
        let eager = try Self.model(), counted = try Self.model()
        eager.runEagerly = true  // the default step would be the planned one, which rounds plain SGD once
        let step = CountingStep()
        counted.trainStep = step
        let a = try eager.fit(x, y, batchSize: 16, epochs: 3, verbose: .silent)
        let b = try counted.fit(x, y, batchSize: 16, epochs: 3, verbose: .silent)
        #expect(step.counter.calls == 12)
        #expect(a.history == b.history)
        #expect(eager.getWeights().map(\.scalars) == counted.getWeights().map(\.scalars))
    }

    @Test func everyEventOfTheLoopReachesTheCallbacks() throws {
        let (x, y) = try Self.data(10)
        let model = try Self.model()
        let recorder = Recorder()
        try model.fit(x, y, batchSize: 8, epochs: 1, verbose: .silent, callbacks: [recorder], validationSplit: 0.2)
        #expect(
            recorder.events == [
                "trainBegin", "epochBegin 0", "trainBatchBegin 0", "trainBatchEnd 0", "testBegin", "testBatchBegin 0",
                "testBatchEnd 0", "testEnd true", "epochEnd 0", "trainEnd",
            ])
        recorder.events = []
        _ = try model.evaluate(x, y, batchSize: 6, callbacks: [recorder])
        #expect(recorder.events == ["testBegin", "testBatchBegin 0", "testBatchEnd 0", "testBatchBegin 1", "testBatchEnd 1", "testEnd true"])
        recorder.events = []
        _ = try model.predict([x], batchSize: 6, callbacks: [recorder])
        #expect(recorder.events == ["predictBegin", "predictBatchBegin 0", "predictBatchEnd 0", "predictBatchBegin 1", "predictBatchEnd 1", "predictEnd"])
    }

    /// A source that makes its samples on demand, as a file read from disk would.
    struct GeneratedSource: DataSource {
        let sampleCount: Int
        func batch(at indices: [Int]) throws -> Batch {
            let x = try Tensor(indices.flatMap { [Float($0 % 7) / 7, Float(($0 * 2 + 1) % 7) / 7] }, shape: [indices.count, 2])
            return Batch(inputs: [x], targets: [Tensor(indices.map { Float($0 % 2) })])
        }
    }

    @Test func fitEvaluateAndPredictReadAnySource() throws {
        let source = GeneratedSource(sampleCount: 40)
        let model = try Self.model()
        let history = try model.fit(source: source, validation: GeneratedSource(sampleCount: 8), batchSize: 8, epochs: 2, verbose: .silent)
        #expect(history.history["loss"]?.count == 2)
        #expect(history.history["val_accuracy"]?.count == 2)
        let fromSource = try model.evaluate(source: source, batchSize: 8)
        let all = try source.batch(in: 0..<40)
        let fromArrays = try model.evaluate(all.inputs, all.targets, batchSize: 8)
        #expect(fromSource == fromArrays)
        #expect(try model.predict(source: source, batchSize: 16)[0].scalars == model.predict(all.inputs[0]).scalars)
    }

    @Test func trainingFromACSVOnDiskEqualsTrainingFromTheSameArraysInMemory() throws {
        let (x, y) = try Self.data(60)
        var text = "f1,f2,label\n"
        for row in 0..<60 { text += "\(x.scalars[row * 2]),\(x.scalars[row * 2 + 1]),\(Int(y.scalars[row]))\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seam-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let onDisk = try Self.model(), inMemory = try Self.model()
        let a = try onDisk.fit(source: CSVFileSource(path: path, target: "label", classification: false), batchSize: 16, epochs: 3, verbose: .silent)
        let b = try inMemory.fit(x, y, batchSize: 16, epochs: 3, verbose: .silent)
        #expect(a.history == b.history)
        #expect(onDisk.getWeights().map(\.scalars) == inMemory.getWeights().map(\.scalars))
    }
}
