import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/sgd_test.py`, ported with its inputs, expected values and tolerances.
@Suite("Keras port: sgd_test.py") struct KerasPortSGDTest {
    typealias Port = KerasOptimizerPort

    @Test func config() throws {
        try Port.expectConfigRoundTrip(SGD(learningRate: 0.5, momentum: 0.06, nesterov: true, weightDecay: 0.004))
    }

    @Test func singleStep() throws {
        let optimizer = SGD(learningRate: 0.5)
        expectAllClose(try Port.singleStep(optimizer), [0.5, -1.0, -0.5, 3.0], atol: 1e-4, rtol: 1e-4)
        // Keras's two optimizer variables after the step: the iteration count and the learning rate.
        #expect(optimizer.iterations == 1)
        #expect(optimizer.currentLearningRate == 0.5)
    }

    @Test func invalidMomentum() {
        // Keras: "`momentum` must be a float between [0, 1]." for -1 and 2.
        for momentum: Float in [-1, 2] {
            #expect { _ = try Optimizer.fromKeras(["class_name": "SGD", "config": ["momentum": .float(momentum)]]) } throws: {
                "\($0)".contains("momentum")
            }
        }

    }

    @Test func weightDecay() throws { try Port.expectWeightDecay { SGD(learningRate: 1.0, weightDecay: 0.004) } }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(
            SGD(nesterov: true),
            [
                [0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999],
                [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
                [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
                [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
                [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
            ])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { SGD(clipNorm: $0, clipValue: $1) } }
}
