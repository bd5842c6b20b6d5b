import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/ftrl_test.py`, ported with its inputs, expected values and tolerances.
/// Every case is ported; Keras's messages name `initial_accumulator_value`, NeuralKit's the Swift argument.
@Suite("Keras port: ftrl_test.py") struct KerasPortFtrlTest {
    typealias Port = KerasOptimizerPort

    static func configured() throws -> Ftrl {
        try Ftrl(
            learningRate: 0.05, learningRatePower: -0.2, initialAccumulatorValue: 0.4, l1RegularizationStrength: 0.05,
            l2RegularizationStrength: 0.15, l2ShrinkageRegularizationStrength: 0.01, beta: 0.3)
    }

    @Test func config() throws { try Port.expectConfigRoundTrip(try Self.configured()) }

    @Test func singleStep() throws {
        expectAllClose(try Port.singleStep(try Ftrl(learningRate: 0.5)), [0.2218, 1.3954, 2.3651, 2.8814], atol: 1e-4, rtol: 1e-4)
    }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(
            try Self.configured(),
            [
                [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                [-0.0034, -0.0077, -0.0118, -0.0157, -0.0194, -0.023, -0.0263, -0.0294, -0.0325, -0.0354],
                [-0.0078, -0.0162, -0.0242, -0.0317, -0.0387, -0.0454, -0.0516, -0.0575, -0.0631, -0.0685],
                [-0.0121, -0.0246, -0.0363, -0.0472, -0.0573, -0.0668, -0.0757, -0.0842, -0.0922, -0.0999],
                [-0.0164, -0.0328, -0.0481, -0.0623, -0.0753, -0.0875, -0.099, -0.1098, -0.1201, -0.1299],
            ])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { try Ftrl(clipNorm: $0, clipValue: $1) } }

    @Test(arguments: [
        ("initialAccumulatorValue", "initial_accumulator_value"), ("l1RegularizationStrength", "l1_regularization_strength"),
        ("l2RegularizationStrength", "l2_regularization_strength"),
        ("l2ShrinkageRegularizationStrength", "l2_shrinkage_regularization_strength"),
    ])
    func invalidStrengthsAndAccumulator(argument: String, kerasKey: String) throws {
        let invalid: Float = -0.1
        #expect {
            switch argument {
            case "initialAccumulatorValue": _ = try Ftrl(initialAccumulatorValue: invalid)
            case "l1RegularizationStrength": _ = try Ftrl(l1RegularizationStrength: invalid)
            case "l2RegularizationStrength": _ = try Ftrl(l2RegularizationStrength: invalid)
            default: _ = try Ftrl(l2ShrinkageRegularizationStrength: invalid)
            }
        } throws: { "\($0)".contains(argument) && "\($0)".contains("-0.1") }
        #expect { _ = try Optimizer.fromKeras(["class_name": "Ftrl", "config": [kerasKey: .float(invalid)]]) } throws: { "\($0)".contains(argument) }
    }

    @Test func invalidLearningRatePower() {
        #expect { _ = try Ftrl(learningRatePower: 0.1) } throws: { "\($0)".contains("learningRatePower") && "\($0)".contains("0.1") }
    }
}
