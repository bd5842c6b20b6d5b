import Serialization
import Tensors
import Testing

@testable import Training

/// Ports of keras/src/metrics/confusion_metrics_test.py: FalsePositivesTest, FalseNegativesTest,
/// TrueNegativesTest and TruePositiveTest (every case: config, unweighted, weighted, with thresholds,
/// threshold limits), with Keras's inputs, expected values and tolerances.
///
/// Not ported: `thresholds=[None]` in test_threshold_limit (a Swift `[Float]` cannot hold None); the
/// `variables` count checks (NeuralKit's metrics keep plain arrays, not Keras variables).
@Suite struct ConfusionCountPortTests {
    static var yTrue: Tensor { Port.t([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]]) }
    static var yPred: Tensor { Port.t([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]]) }
    static var thresholdPred: Tensor { Port.t([[0.9, 0.2, 0.8, 0.1], [0.2, 0.9, 0.7, 0.6], [0.1, 0.2, 0.4, 0.3], [0, 1, 0.7, 0.3]]) }
    static var thresholdTrue: Tensor { Port.t([[0, 1, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]]) }
    static var sampleWeight: Tensor { Port.t([1.0, 1.5, 2.0, 2.5]) }
    static var elementWeight: Tensor { Port.t([[1.0, 2.0, 3.0, 5.0], [7.0, 11.0, 13.0, 17.0], [19.0, 23.0, 29.0, 31.0], [5.0, 15.0, 10.0, 0]]) }

    /// Each class's expectations: unweighted, weighted, unweighted per threshold, weighted per threshold
    /// (with the weights each Keras test gives).
    struct Expected: Sendable, CustomTestStringConvertible {
        let name: String
        let make: @Sendable ([Float]?, String) throws -> ConfusionConditionCount
        let unweighted: Float, weighted: Float
        let unweightedThresholds: [Float], weightedThresholds: [Float]
        /// The weights Keras's test_weighted_with_thresholds gives.
        let thresholdWeight: @Sendable () -> Tensor
        var testDescription: String { name }
    }

    static let classes: [Expected] = [
        Expected(
            name: "FalsePositives", make: { try FalsePositives(thresholds: $0, name: $1) }, unweighted: 7, weighted: 14,
            unweightedThresholds: [7, 4, 2], weightedThresholds: [125, 42, 12], thresholdWeight: { elementWeight }),
        Expected(
            name: "FalseNegatives", make: { try FalseNegatives(thresholds: $0, name: $1) }, unweighted: 3, weighted: 5,
            unweightedThresholds: [1, 4, 6], weightedThresholds: [4, 16, 23], thresholdWeight: { Port.t([[3.0], [5.0], [7.0], [4.0]]) }),
        Expected(
            name: "TrueNegatives", make: { try TrueNegatives(thresholds: $0, name: $1) }, unweighted: 3, weighted: 4,
            unweightedThresholds: [2, 5, 7], weightedThresholds: [5, 15, 23], thresholdWeight: { Port.t([[0.0, 2.0, 3.0, 5.0]]) }),
        Expected(
            name: "TruePositives", make: { try TruePositives(thresholds: $0, name: $1) }, unweighted: 7, weighted: 12,
            unweightedThresholds: [6, 3, 1], weightedThresholds: [222, 111, 37], thresholdWeight: { Port.scalar(37) }),
    ]

    @Test(arguments: classes) func config(_ expected: Expected) throws {
        let metric = try expected.make([0.4, 0.9], "my_metric")
        #expect(metric.name == "my_metric")
        #expect(metric.thresholds == [0.4, 0.9])
        let again = try #require(try MetricKind(keras: metric.kerasJSON()).makeMetric(loss: nil, outputWidth: 1) as? ConfusionConditionCount)
        #expect(again.name == "my_metric")
        #expect(again.thresholds == [0.4, 0.9])
        #expect(type(of: again) == type(of: metric))
    }

    @Test(arguments: classes) func unweighted(_ expected: Expected) throws {
        let metric = try expected.make(nil, "m")
        try metric.update(Self.yTrue, Self.yPred, sampleWeight: nil)
        expectAllClose(metric.resultValues(), [expected.unweighted])
    }

    @Test(arguments: classes) func weighted(_ expected: Expected) throws {
        expectAllClose(try Port.call(try expected.make(nil, "m"), Self.yTrue, Self.yPred, Self.sampleWeight), [expected.weighted])
    }

    @Test(arguments: classes) func unweightedWithThresholds(_ expected: Expected) throws {
        let metric = try expected.make([0.15, 0.5, 0.85], "m")
        expectAllClose(try Port.call(metric, Self.thresholdTrue, Self.thresholdPred), expected.unweightedThresholds)
    }

    @Test(arguments: classes) func weightedWithThresholds(_ expected: Expected) throws {
        let metric = try expected.make([0.15, 0.5, 0.85], "m")
        expectAllClose(try Port.call(metric, Self.thresholdTrue, Self.thresholdPred, expected.thresholdWeight()), expected.weightedThresholds)
    }

    @Test(arguments: classes) func thresholdLimit(_ expected: Expected) throws {
        #expect {
            _ = try expected.make([-1, 0.5, 2], "m")
        } throws: { error in
            "\(error)".contains("thresholds must each be in [0, 1], got [-1.0, 2.0]")
        }
    }
}
