import Foundation
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/losses/losses_test.py`, the regression losses (MeanSquaredError to
/// MeanSquaredLogarithmicError), ported with Keras's inputs, expected values and tolerances. The rest of
/// the module is in `LossesTests+Keras*.swift`.
///
/// Not ported: every class's `test_dtype_arg` (a `dtype="bfloat16"` loss): NeuralKit computes in float32 only.
@Suite("Keras port: losses_test.py (MSE, MAE, MAPE, MSLE)") struct KerasPortRegressionLossesTest {
    typealias Port = KerasLossPort

    /// The cases the four classes share, each with its expected values from Keras's test.
    struct Expected {
        var allCorrect: Bool = true
        var unweighted: Double, scalar: Double, sample: Double, timestep: Double
        var noReduction: [Double]?, sum: Double?, meanWithSampleWeight: Double
        var decimal = 3
    }

    static func expectCases(_ make: () -> Loss, _ className: String, _ name: String, _ e: Expected, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (yTrue, yPred) = (try Port.yTrue, try Port.yPred)
        try Port.expectConfig(className, name: name, sourceLocation: sourceLocation)
        if e.allCorrect {
            let target = try Tensor([[4, 8, 12], [8, 1, 3]])
            try Port.expectLoss(make(), target, target, [0], "test_all_correct_unweighted", sourceLocation: sourceLocation)
        }
        try Port.expectLoss(make(), yTrue, yPred, [e.unweighted], decimal: e.decimal, "test_unweighted", sourceLocation: sourceLocation)
        try Port.expectLoss(
            make(), yTrue, yPred, sampleWeight: Tensor(2.3), [e.scalar], decimal: e.decimal, "test_scalar_weighted", sourceLocation: sourceLocation)
        try Port.expectLoss(
            make(), yTrue, yPred, sampleWeight: try Port.sampleWeight, [e.sample], decimal: e.decimal, "test_sample_weighted", sourceLocation: sourceLocation)
        try Port.expectLoss(
            make(), try Port.reshaped(yTrue, [2, 3, 1]), try Port.reshaped(yPred, [2, 3, 1]), sampleWeight: try Port.timestepWeight, [e.timestep],
            "test_timestep_weighted", sourceLocation: sourceLocation)
        try Port.expectLoss(make(), yTrue, yPred, sampleWeight: Tensor(0), [0], decimal: e.decimal, "test_zero_weighted", sourceLocation: sourceLocation)
        if let expected = e.noReduction {
            try Port.expectLoss(
                Port.with(make(), .none), yTrue, yPred, sampleWeight: Tensor(2.3), expected, "test_no_reduction", sourceLocation: sourceLocation)
        }
        if let expected = e.sum {
            try Port.expectLoss(
                Port.with(make(), .sum), yTrue, yPred, sampleWeight: Tensor(2.3), [expected], "test_sum_reduction", sourceLocation: sourceLocation)
        }
        try Port.expectLoss(
            Port.with(make(), .meanWithSampleWeight), yTrue, yPred, sampleWeight: try Port.sampleWeight, [e.meanWithSampleWeight],
            "test_mean_with_sample_weight_reduction", sourceLocation: sourceLocation)
    }

    @Test func meanSquaredError() throws {
        try Self.expectCases(
            { MeanSquaredError() }, "MeanSquaredError", "mymse",
            Expected(
                unweighted: 49.5, scalar: 113.85, sample: 767.8 / 6, timestep: 97.833336, noReduction: [84.3333, 143.3666], sum: 227.69998,
                meanWithSampleWeight: (110.0 / 3 * 1.2 + 187.0 / 3 * 3.4) / (1.2 + 3.4)))
        // test_base_function_reduction: targets (3,) against predictions (3, 1) give one loss per sample.
        let perSample = try MeanSquaredError().perSampleLosses(try Tensor([4, 8, 12]), try Tensor([[3], [0], [1]]))
        #expect(perSample.shape == [3])
    }

    @Test func meanAbsoluteError() throws {
        try Self.expectCases(
            { MeanAbsoluteError() }, "MeanAbsoluteError", "myname",
            Expected(
                unweighted: 5.5, scalar: 12.65, sample: 81.4 / 6, timestep: 13.833333, noReduction: [10.7333, 14.5666], sum: 25.29999,
                meanWithSampleWeight: (14.0 / 3 * 1.2 + 19.0 / 3 * 3.4) / (1.2 + 3.4)))
    }

    @Test func meanAbsolutePercentageError() throws {
        try Self.expectCases(
            { MeanAbsolutePercentageError() }, "MeanAbsolutePercentageError", "mymape",
            Expected(
                unweighted: 211.8518, scalar: 487.259, sample: 422.8888, timestep: 694.4444, noReduction: [621.8518, 352.6666], sum: nil,
                meanWithSampleWeight: 183.865))
    }

    @Test func meanSquaredLogarithmicError() throws {
        try Self.expectCases(
            { MeanSquaredLogarithmicError() }, "MeanSquaredLogarithmicError", "mysloge",
            Expected(
                allCorrect: false, unweighted: 1.4370, scalar: 3.3051, sample: 3.7856, timestep: 2.647374, noReduction: nil, sum: nil,
                meanWithSampleWeight: 1.646))
    }
}
