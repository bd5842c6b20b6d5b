import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/rmsprop_test.py`, ported with its inputs, expected values and tolerances.
///
/// (`test_weight_decay` is ported whole; `RMSprop.init` takes no `weightDecay`, so it is set after.)
@Suite("Keras port: rmsprop_test.py") struct KerasPortRMSpropTest {
    typealias Port = KerasOptimizerPort

    @Test func config() throws {
        try Port.expectConfigRoundTrip(RMSprop(learningRate: 0.5, rho: 0.8, momentum: 0.05, epsilon: 1e-6, centered: true))
    }

    @Test func singleStep() throws {
        expectAllClose(try Port.singleStep(RMSprop(learningRate: 0.5)), [-0.5811, 0.4189, 1.4189, 2.4189], atol: 1e-4, rtol: 1e-4)
    }

    @Test func weightDecay() throws {
        try Port.expectWeightDecay {
            let optimizer = RMSprop(learningRate: 1.0)
            optimizer.weightDecay = 0.004
            return optimizer
        }
    }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(RMSprop(centered: true), [[0.9967], [0.9933], [0.9908], [0.9885], [0.9864]])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { RMSprop(clipNorm: $0, clipValue: $1) } }
}
