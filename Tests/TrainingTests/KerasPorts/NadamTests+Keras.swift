import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/nadam_test.py`, ported with its inputs, expected values and tolerances.
///
/// Not ported:
/// - `test_build_with_empty_var_list`: checks the dtype of `_u_product` against `floatx()`; NeuralKit has
///   one dtype (float32) and its product is a Swift `Float`.
/// (`test_weight_decay` is ported whole; `Nadam.init` takes no `weightDecay`, so it is set after.)
@Suite("Keras port: nadam_test.py") struct KerasPortNadamTest {
    typealias Port = KerasOptimizerPort

    @Test func config() throws { try Port.expectConfigRoundTrip(Nadam(learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5)) }

    @Test func singleStep() throws {
        expectAllClose(try Port.singleStep(Nadam(learningRate: 0.5)), [0.4686, 1.4686, 2.4686, 3.4686], atol: 1e-4, rtol: 1e-4)
    }

    @Test func weightDecay() throws {
        try Port.expectWeightDecay {
            let optimizer = Nadam(learningRate: 1.0)
            optimizer.weightDecay = 0.004
            return optimizer
        }
    }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(
            Nadam(learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5),
            [
                [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
                [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
                [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
                [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
                [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
            ])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { Nadam(clipNorm: $0, clipValue: $1) } }
}
