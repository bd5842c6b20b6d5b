import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/adamax_test.py`, ported with its inputs, expected values and tolerances.
///
/// (`test_weight_decay` is ported whole; `Adamax.init` takes no `weightDecay`, so it is set after.)
@Suite("Keras port: adamax_test.py") struct KerasPortAdamaxTest {
    typealias Port = KerasOptimizerPort

    @Test func config() throws { try Port.expectConfigRoundTrip(Adamax(learningRate: 0.5, beta1: 0.8, beta2: 0.95, epsilon: 1e-5)) }

    @Test func singleStep() throws {
        expectAllClose(try Port.singleStep(Adamax(learningRate: 0.5)), [0.5, 1.5, 2.5, 3.5], atol: 1e-4, rtol: 1e-4)
    }

    @Test func weightDecay() throws {
        try Port.expectWeightDecay {
            let optimizer = Adamax(learningRate: 1.0)
            optimizer.weightDecay = 0.004
            return optimizer
        }
    }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(
            Adamax(learningRate: 0.2, beta1: 0.85, beta2: 0.95, epsilon: 1e-6),
            [
                [0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8],
                [0.6827, 0.6873, 0.6888, 0.6896, 0.6901, 0.6904, 0.6906, 0.6908, 0.6909, 0.691],
                [0.5333, 0.5407, 0.5431, 0.5444, 0.5451, 0.5456, 0.546, 0.5462, 0.5464, 0.5466],
                [0.368, 0.3773, 0.3804, 0.382, 0.3829, 0.3835, 0.384, 0.3843, 0.3846, 0.3848],
                [0.1933, 0.204, 0.2076, 0.2094, 0.2105, 0.2112, 0.2117, 0.2121, 0.2124, 0.2126],
            ])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { Adamax(clipNorm: $0, clipValue: $1) } }
}
