import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/lion_test.py`, ported with its inputs, expected values and tolerances.
///
/// Not ported:
/// - `test_ema`: `model.fit` with `Lion(use_ema=True)` and no assertion (Keras's own TODO); needs a Model,
///   which the Training target does not know.
@Suite("Keras port: lion_test.py") struct KerasPortLionTest {
    typealias Port = KerasOptimizerPort

    @Test(arguments: [Float(-0.1), 0.0, 1.1]) func invalidBeta1(beta1: Float) {
        // Keras: "Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer degenerates to SignSGD."
        #expect { _ = try Optimizer.fromKeras(["class_name": "Lion", "config": ["beta_1": .float(beta1)]]) } throws: {
            "\($0)".contains("beta_1") && "\($0)".contains("\(beta1)")
        }
        // Swift's initializers here do not throw, so Lion(beta1:) is checked when it is first applied.
        let w = Parameter(name: "w", value: Tensor(1))
        try? (w.value * 2).backward()
        #expect { try Lion(beta1: beta1).apply(to: [w]) } throws: { "\($0)".contains("beta_1") }
    }

    @Test func config() throws { try Port.expectConfigRoundTrip(Lion(learningRate: 0.5, beta1: 0.5, beta2: 0.67)) }

    @Test func singleStep() throws {
        expectAllClose(try Port.singleStep(Lion(learningRate: 0.5)), [0.5, 1.5, 2.5, 3.5], atol: 1e-4, rtol: 1e-4)
    }

    @Test func weightDecay() throws { try Port.expectWeightDecay { Lion(learningRate: 1.0, weightDecay: 0.004) } }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(Lion(), [[0.999], [0.998], [0.997], [0.996], [0.995]])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { Lion(clipNorm: $0, clipValue: $1) } }
}
