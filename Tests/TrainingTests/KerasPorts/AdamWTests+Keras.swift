import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/adamw_test.py`, ported with its inputs, expected values and tolerances.
@Suite("Keras port: adamw_test.py") struct KerasPortAdamWTest {
    typealias Port = KerasOptimizerPort

    @Test func config() throws {
        try Port.expectConfigRoundTrip(AdamW(learningRate: 0.5, weightDecay: 0.008, beta1: 0.5, beta2: 0.67, epsilon: 1e-5, amsgrad: true))
    }

    @Test func singleStep() throws {
        expectAllClose(try Port.singleStep(AdamW(learningRate: 0.5)), [0.4980, 1.4960, 2.494, 3.492], atol: 1e-4, rtol: 1e-4)
    }

    @Test func weightDecay() throws { try Port.expectWeightDecay { AdamW(learningRate: 1.0, weightDecay: 0.004) } }

    @Test func weightDecayIsNone() {
        // Swift's `weightDecay: Float` cannot be nil; a Keras config can say null, which Keras refuses with
        // "Argument `weight_decay` must be a float. Received: weight_decay=None".
        #expect { _ = try Optimizer.fromKeras(["class_name": "AdamW", "config": ["weight_decay": nil]]) } throws: {
            "\($0)".contains("weight_decay")
        }

    }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(
            AdamW(learningRate: 1.0, weightDecay: 0.5, epsilon: 2),
            [
                [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
                [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
                [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
                [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
                [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
            ])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { AdamW(clipNorm: $0, clipValue: $1) } }
}
