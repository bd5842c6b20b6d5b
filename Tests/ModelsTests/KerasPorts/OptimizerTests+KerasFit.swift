import Layers
import Tensors
import TestSupport
import Testing
import Training

@testable import Models

/// The cases of Keras 3's optimizer and schedule tests that need a model and `fit`, which the Training
/// target's ports (`Tests/TrainingTests/KerasPorts/`) cannot build: `optimizer_test.py`'s
/// `test_ema_with_model_fit`, `adam_test.py`'s `test_ema` (its `fit` half) and
/// `learning_rate_schedule_test.py`'s `TestFitLRSchedulesFlow.test_fit_lr_correctness`, with Keras's inputs,
/// expected values and tolerances.
@Suite("Keras port: optimizer and schedule tests with fit") struct KerasPortOptimizerFitTest {
    /// `optimizer_test.py`'s `test_ema_with_model_fit`: SGD(0.1) with EMA 0.9 on `Dense(2)` of ones, two
    /// epochs. Keras's targets are `zeros((1, 1))`, which Keras broadcasts against the `(1, 2)` output;
    /// NeuralKit refuses targets whose shape differs from the output's (a guard against labels of the wrong
    /// shape), a known issue below. The same numbers are checked with the broadcast targets, `zeros((1, 2))`.
    @Test func emaWithModelFit() throws {
        func run(targets: Shape) throws -> (average: [Float], weights: [Float]) {
            let optimizer = SGD(learningRate: 0.1)
            optimizer.useEMA = true
            optimizer.emaMomentum = 0.9
            let dense = Dense(units: 2, useBias: false, kernelInitializer: .ones)
            let model = try Sequential([dense])
            model.compile(loss: .meanSquaredError, optimizer: optimizer)
            try model.fit(try Tensor.ones([1, 1]), try Tensor.zeros(targets), batchSize: 1, epochs: 2, verbose: .silent)
            let kernel = try #require(dense.kernel)
            return (try #require(optimizer.average(of: kernel)), kernel.value.scalars)
        }
        let (average, weights) = try run(targets: [1, 2])
        expectAllClose(average, [0.891, 0.891], atol: 1e-5)
        expectAllClose(weights, [0.891, 0.891], atol: 1e-5)
        withKnownIssue("targets (1, 1) against predictions (1, 2) are refused, where Keras broadcasts them") {
            _ = try run(targets: [1, 1])
        }
    }

    /// `adam_test.py`'s `test_ema`, its `fit` half: the weights are the averages when `fit` ends.
    @Test func adamEMAWithModelFit() throws {
        let optimizer = Adam()
        optimizer.useEMA = true
        optimizer.emaMomentum = 0.9
        let dense = Dense(units: 10, useBias: false, kernelInitializer: .ones)
        let model = try Sequential([dense])
        model.compile(loss: .meanSquaredError, optimizer: optimizer)
        try model.fit(try Tensor.ones([1, 5]), try Tensor.zeros([1, 10]), verbose: .silent)
        let kernel = try #require(dense.kernel)
        expectAllClose(kernel.value.scalars, try #require(optimizer.average(of: kernel)))
    }

    /// `learning_rate_schedule_test.py`'s `test_fit_lr_correctness`: Adam with ExponentialDecay(0.05, 1, 0.9)
    /// on `Dense(2)` of ones, 3 epochs of 4 batches of 4, unshuffled; Keras's epoch losses, rtol 5e-5.
    @Test func fitLearningRateCorrectness() throws {
        let optimizer = Adam(learningRate: .exponentialDecay(initial: 0.05, decaySteps: 1, decayRate: 0.9))
        #expect(optimizer.iterations == 0)
        let model = try Sequential([Dense(units: 2, kernelInitializer: .ones, biasInitializer: .ones)])
        model.compile(loss: .meanSquaredError, optimizer: optimizer)
        let data = try Tensor((0..<32).map(Float.init), shape: [16, 2])
        let history = try model.fit(data, data, batchSize: 4, epochs: 3, verbose: .silent, shuffle: false)
        #expect(optimizer.iterations == 4 * 3)
        expectAllClose(try #require(history.history["loss"]), [230.79457092285156, 128.30319213867188, 79.33648681640625], rtol: 5e-5)
    }
}
