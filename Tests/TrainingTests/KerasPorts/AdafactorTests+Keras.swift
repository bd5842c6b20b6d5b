import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/adafactor_test.py`, ported with its inputs, expected values and
/// tolerances. Every test is ported (`test_clip_norm` and `test_clip_value` through a step, as the other
/// optimizers' ports: `KerasOptimizerPort.expectClipping`).
@Suite("Keras port: adafactor_test.py") struct KerasPortAdafactorTest {
    typealias Port = KerasOptimizerPort

    /// Keras's `test_config` and `test_correctness_with_golden` optimizer.
    static func configured() -> Adafactor {
        Adafactor(learningRate: 0.5, beta2Decay: -0.65, epsilon1: 1e-15, epsilon2: 1e-4, clipThreshold: 0.9, relativeStep: false)
    }

    @Test func config() throws { try Port.expectConfigRoundTrip(Self.configured()) }

    @Test func singleStep1d() throws {
        expectAllClose(try Port.singleStep(Adafactor(learningRate: 0.5)), [-0.3693, 0.6307, 1.6307, 2.6307], atol: 1e-4, rtol: 1e-4)
    }

    @Test func singleStep2d() throws {
        let v = try Port.variable([1, 2, 3, 4], shape: [2, 2])
        try Port.applyGradients(Adafactor(learningRate: 0.5), [([1, 6, 7, 2], v)])
        expectAllClose(v.value.scalars, [0.7007, -0.0081, 1.2492, 3.4407], atol: 1e-4, rtol: 1e-4)
    }

    @Test func weightDecay() throws { try Port.expectWeightDecay { Adafactor(learningRate: 1.0, weightDecay: 0.004) } }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(
            Self.configured(),
            [
                [0.55],
                [0.3031, 0.3026, 0.3025, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024],
                [0.1671, 0.1665, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663],
                [0.0923, 0.0916, 0.0915, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914],
                [0.0554, 0.0548, 0.0546, 0.0546, 0.0546, 0.0546, 0.0546, 0.0545, 0.0545, 0.0545],
            ])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { Adafactor(clipNorm: $0, clipValue: $1) } }
}
