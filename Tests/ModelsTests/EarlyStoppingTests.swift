import Layers
import Models
import Tensors
import Testing
import Training

/// EarlyStopping and TerminateOnNaN with Keras 3's semantics (keras/src/callbacks/early_stopping.py):
/// the same wait counts, stopping epochs, baseline and best-weight restoring.
@Suite struct EarlyStoppingTests {
    static func model() throws -> Sequential {
        let model = try Sequential([Dense(units: 2, inputShape: [3])], seed: 1)
        try model.build(inputShape: [3])
        model.compile(loss: .meanSquaredError, optimizer: SGD())
        return model
    }

    /// Drives the callback through epochs as `fit` would; returns the epoch it stopped at, if any.
    static func run(_ stopper: EarlyStopping, _ model: Model, _ values: [Float], key: String = "loss") throws -> Int? {
        try model.fit(try Tensor([[0, 0, 0]]), try Tensor([[0, 0]]), epochs: 0, verbose: .silent, callbacks: [stopper])  // attaches it
        model.stopTraining = false
        try stopper.onTrainBegin(logs: [:])
        for (epoch, value) in values.enumerated() {
            try stopper.onEpochEnd(epoch, logs: [key: value])
            if model.stopTraining { return epoch }
        }
        return nil
    }

    @Test func patienceCountsEpochsWithoutImprovement() throws {
        let losses: [Float] = [10, 9, 8, 9, 8.9, 8.8, 8.7, 8.6, 8.5]
        for patience in 0...3 {
            let stopper = EarlyStopping(monitor: "loss", patience: patience)
            let stopped = try Self.run(stopper, try Self.model(), losses)
            #expect(stopped == 2 + Swift.max(patience, 1), "patience \(patience)")
            #expect(stopper.wait == Swift.max(patience, 1) && stopper.stoppedEpoch == stopped)
        }
    }

    @Test func minDeltaBaselineAndDirection() throws {
        // Improvements smaller than minDelta do not count.
        let small = EarlyStopping(monitor: "loss", minDelta: 0.5, patience: 1)
        #expect(try Self.run(small, try Self.model(), [10, 9.8, 9.7]) == 1)
        // Accuracy goes up: found from the name. Each improvement returns before the stopping rule (as in
        // Keras), but one that misses the baseline does not reset the wait.
        let rising = EarlyStopping(monitor: "val_accuracy", patience: 2, baseline: 0.9)
        #expect(try Self.run(rising, try Self.model(), [0.5, 0.6, 0.7, 0.8], key: "val_accuracy") == nil)
        #expect(rising.best == 0.8 && rising.wait == 4)
        let falling = EarlyStopping(monitor: "val_accuracy", patience: 2, baseline: 0.9)
        #expect(try Self.run(falling, try Self.model(), [0.5, 0.4, 0.45], key: "val_accuracy") == 1)
        #expect(falling.best == 0.5)
        // A name with no known direction asks for a mode.
        #expect { try Self.run(EarlyStopping(monitor: "my_score"), try Self.model(), [1], key: "my_score") } throws: { "\($0)".contains("mode") }
        #expect(try Self.run(EarlyStopping(monitor: "my_score", patience: 1, mode: .max), try Self.model(), [1, 2, 1], key: "my_score") == 2)
        // A missing key is a warning, never a stop.
        #expect(try Self.run(EarlyStopping(monitor: "val_loss"), try Self.model(), [1, 2, 3]) == nil)
        // startFromEpoch: the first epochs are not watched.
        #expect(try Self.run(EarlyStopping(monitor: "loss", patience: 1, startFromEpoch: 3), try Self.model(), [5, 6, 7, 8, 9]) == 4)
    }

    @Test func fitStopsAndRestoresTheBestWeights() throws {
        let model = try Self.model()
        let x = try Tensor([[1, 2, 3], [0, 1, 0], [2, 0, 1], [1, 1, 1]]), y = try Tensor([[1, 0], [0, 1], [1, 1], [0, 0]])
        // A learning rate far too high makes the loss grow after the first epoch.
        model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.5))
        let stopper = EarlyStopping(monitor: "loss", patience: 2, restoreBestWeights: true)
        var weightsByEpoch: [[Float]] = []
        let recorder = LambdaCallback(onEpochEnd: { _, _ in weightsByEpoch.append(model.getWeights().flatMap(\.scalars)) })
        let history = try model.fit(x, y, batchSize: 4, epochs: 30, verbose: .silent, callbacks: [recorder, stopper], shuffle: false)
        let losses = history.history["loss"] ?? []
        #expect(losses.count < 30)
        let bestEpoch = losses.indices.min { losses[$0] < losses[$1] } ?? -1
        #expect(stopper.bestEpoch == bestEpoch)
        #expect(model.getWeights().flatMap(\.scalars) == weightsByEpoch[bestEpoch])
    }

    @Test func terminateOnNaNStopsWithinTheEpoch() throws {
        let model = try Self.model()
        model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 1e30))
        let x = try Tensor(Array(repeating: 1e18, count: 60), shape: [20, 3]), y = try Tensor.zeros([20, 2])
        var batches = 0
        let counter = LambdaCallback(onTrainBatchEnd: { _, _ in batches += 1 })
        var text = ""
        let history = try model.fit(
            x, y, batchSize: 2, epochs: 5, verbose: .silent,
            callbacks: [counter, TerminateOnNaN(output: OutputSink(isTerminal: false) { text += $0 })])
        #expect(history.epoch.count == 1 && batches < 10)
        #expect(text.contains("Invalid loss, terminating training"))
    }
}
