import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/adagrad_test.py`, ported with its inputs, expected values and tolerances.
///
/// (`test_weight_decay` is ported whole; `Adagrad.init` takes no `weightDecay`, so it is set after.)
@Suite("Keras port: adagrad_test.py") struct KerasPortAdagradTest {
    typealias Port = KerasOptimizerPort

    @Test func config() throws {
        try Port.expectConfigRoundTrip(Adagrad(learningRate: 0.5, initialAccumulatorValue: 0.2, epsilon: 1e-5))
    }

    @Test func singleStep() throws {
        expectAllClose(try Port.singleStep(Adagrad(learningRate: 0.5)), [0.5233, 1.5007, 2.5005, 3.5061], atol: 1e-4, rtol: 1e-4)
    }

    @Test func weightDecay() throws {
        try Port.expectWeightDecay {
            let optimizer = Adagrad(learningRate: 1.0)
            optimizer.weightDecay = 0.004
            return optimizer
        }
    }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(
            Adagrad(learningRate: 0.2, initialAccumulatorValue: 0.3, epsilon: 1e-6),
            [
                [0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
                [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
                [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
                [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
                [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
            ])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { Adagrad(clipNorm: $0, clipValue: $1) } }
}
