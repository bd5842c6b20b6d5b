import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/lamb_test.py`, ported with its inputs, expected values and tolerances.
@Suite("Keras port: lamb_test.py") struct KerasPortLambTest {
    typealias Port = KerasOptimizerPort

    @Test func config() throws { try Port.expectConfigRoundTrip(Lamb(learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5)) }

    @Test func singleStep() throws {
        expectAllClose(try Port.singleStep(Lamb(learningRate: 0.5)), [-0.3693, 0.6306, 1.6306, 2.6306], atol: 1e-4, rtol: 1e-4)
    }

    @Test func weightDecay() throws { try Port.expectWeightDecay { Lamb(learningRate: 1.0, weightDecay: 0.004) } }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(Lamb(), [[0.999], [0.9982], [0.9974], [0.9965], [0.9955]])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { Lamb(clipNorm: $0, clipValue: $1) } }
}
