import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/adadelta_test.py`, ported with its inputs, expected values and tolerances.
@Suite("Keras port: adadelta_test.py") struct KerasPortAdadeltaTest {
    typealias Port = KerasOptimizerPort

    @Test func config() throws { try Port.expectConfigRoundTrip(Adadelta(learningRate: 0.5, rho: 0.9, epsilon: 1e-5)) }

    @Test func singleStep() throws {
        expectAllClose(try Port.singleStep(Adadelta(learningRate: 0.5)), [0.9993, 1.9993, 2.9993, 3.9993], atol: 1e-4, rtol: 1e-4)
    }

    @Test func weightDecay() throws { try Port.expectWeightDecay { Adadelta(learningRate: 1.0, weightDecay: 0.004) } }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(Adadelta(learningRate: 1.0, rho: 0.8, epsilon: 1e-6), [[0.9978], [0.9947], [0.9915], [0.9882], [0.9849]])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { Adadelta(clipNorm: $0, clipValue: $1) } }
}
