import Foundation
import Serialization
import Tensors
import Testing

@testable import Training

/// Ports of keras/src/metrics/confusion_metrics_test.py: AUCTest and MultiAUCTest, with Keras's inputs,
/// expected values and tolerances (`assertAllClose(…, 1e-3)` is atol 1e-3).
///
/// Ported differently: the curve and summation method are Swift enums, so an invalid one is a config
/// (`AUC(kerasConfig:)`) that names it; test_config's `dtype="float64"` is not ported (NeuralKit's metrics
/// compute in float32 and double); test_extra_dims uses `1 / (1 + exp(x))` for SciPy's `expit(-x)`.
/// test_keras_model_compiles is covered by MetricCatalogueFitTests in ModelsTests.
@Suite struct AUCPortTests {
    static var yPred: Tensor { Port.t([0, 0.5, 0.3, 0.9]) }
    static var yTrue: Tensor { Port.t([0, 0, 1, 1]) }
    static var sampleWeight: Tensor { Port.t([1, 2, 3, 4]) }
    static var yTrueMultiLabel: Tensor { Port.t([[0, 0], [1, 1], [1, 1], [1, 0]]) }
    static var yPredMultiLabel: Tensor { Port.t([[0.0, 0.4], [0.5, 0.7], [0.3, 0.2], [0.9, 0.3]]) }
    static func logits(_ p: [Float]) -> [Float] { p.map { -Foundation.log(1 / ($0 + 1e-12) - 1) } }

    @Test func config() throws {
        let auc = try AUC(numThresholds: 100, curve: .pr, summationMethod: .majoring, name: "auc_1", multiLabel: true, numLabels: 2, fromLogits: true)
        try auc.update(Self.yTrueMultiLabel, Self.yPredMultiLabel, sampleWeight: nil)
        let old = try auc.kerasConfig()
        #expect(old["thresholds"] == nil)
        let again = try AUC(kerasConfig: old)
        try again.update(Self.yTrueMultiLabel, Self.yPredMultiLabel, sampleWeight: nil)
        #expect(again.numThresholds == 100 && again.curve == .pr && again.summationMethod == .majoring)
        #expect(again.multiLabel && again.numLabels == 2 && again.fromLogits)
        #expect(try again.kerasConfig() == old)
        expectAllClose(auc.thresholds, again.thresholds)
    }

    @Test func configManualThresholds() throws {
        let auc = try AUC(curve: .pr, summationMethod: .majoring, name: "auc_1", thresholds: [0.3, 0.5])
        try auc.update(Self.yTrue, Self.yPred, sampleWeight: nil)
        #expect(auc.numThresholds == 4)
        expectAllClose(auc.thresholds, [0.0, 0.3, 0.5, 1.0])
        let again = try AUC(kerasConfig: try auc.kerasConfig())
        #expect(again.numThresholds == 4 && again.curve == .pr && again.summationMethod == .majoring)
        #expect(try again.kerasConfig() == (try auc.kerasConfig()))
    }

    @Test func unweightedAllCorrect() throws {
        #expect(try Port.call(try AUC(), Self.yTrue, Self.yTrue) == [1])
    }

    @Test func unweighted() throws {
        expectAllClose(try Port.call(try AUC(numThresholds: 3), Self.yTrue, Self.yPred), [0.75], atol: 1e-3)
        expectAllClose(try Port.call(try AUC(numThresholds: 3, fromLogits: true), Self.yTrue, Port.t(Self.logits([0, 0.5, 0.3, 0.9]))), [0.75], atol: 1e-3)
    }

    @Test func manualThresholds() throws {
        let auc = try AUC(numThresholds: 2, thresholds: [0.5])
        #expect(auc.numThresholds == 3)
        expectAllClose(auc.thresholds, [0.0, 0.5, 1.0])
        expectAllClose(try Port.call(auc, Self.yTrue, Self.yPred), [0.75], atol: 1e-3)
    }

    /// test_weighted_{roc,pr,prgain}_{interpolation,majoring,minoring}.
    static let weightedCases: [(AUC.Curve, AUC.SummationMethod, Float)] = [
        (.roc, .interpolation, 0.7855), (.roc, .majoring, 1), (.roc, .minoring, 0.571), (.pr, .majoring, 1 * 0.429 + 1 * 0.571),
        (.pr, .minoring, 0.7 * 0.429), (.pr, .interpolation, 2.416 / 7 + 4 / 7), (.prGain, .majoring, 1), (.prGain, .minoring, 0),
        (.prGain, .interpolation, 0.5),
    ]

    @Test(arguments: weightedCases)
    func weighted(_ curve: AUC.Curve, _ method: AUC.SummationMethod, _ expected: Float) throws {
        let auc = try AUC(numThresholds: 3, curve: curve, summationMethod: method)
        expectAllClose(try Port.call(auc, Self.yTrue, Self.yPred, Self.sampleWeight), [expected], atol: 1e-3)
    }

    @Test func weightedPRInterpolationNegativeWeights() throws {
        expectAllClose(try Port.call(try AUC(numThresholds: 3, curve: .pr), Self.yTrue, Self.yPred, Port.t([-1, -2, -3, -4])), [0], atol: 1e-3)
    }

    @Test func prGainInterpolation() throws {
        let result = try Port.call(
            try AUC(numThresholds: 3, curve: .prGain), Port.t([0, 0, 0, 1, 0, 1, 0, 1, 1, 1]), Port.t([0.1, 0.2, 0.3, 0.3, 0.4, 0.4, 0.6, 0.6, 0.8, 0.9]))
        expectAllClose(result, [0.666666 * 0.333333 + 0.333333 * 0.833333], atol: 1e-3)
    }

    @Test func invalidArguments() throws {
        #expect { _ = try AUC(numThresholds: -1) } throws: { "\($0)".contains("numThresholds must be a whole number above 1") }
        #expect { _ = try AUC(numThresholds: 1) } throws: { "\($0)".contains("numThresholds must be a whole number above 1") }
        #expect { _ = try AUC(kerasConfig: ["curve": "Invalid"]) } throws: { "\($0)".contains("\"curve\" must be ROC, PR or PRGAIN, got 'Invalid'") }
        #expect { _ = try AUC(kerasConfig: ["summation_method": "Invalid"]) } throws: {
            "\($0)".contains("\"summation_method\" must be interpolation, minoring or majoring, got 'Invalid'")
        }
    }

    @Test func extraDims() throws {
        let x: [[[Float]]] = [[[-10, 10, -10], [10, -10, 10]], [[-12, 12, -12], [12, -12, 12]]]
        let predictions = Port.t(x.map { $0.map { $0.map { 1 / (1 + Foundation.exp($0)) } } })
        let labels = Port.t([[[1, 0, 0], [1, 0, 0]], [[0, 1, 1], [0, 1, 1]]] as [[[Float]]])
        #expect(try Port.call(try AUC(), labels, predictions) == [0.5])
    }

    // MultiAUCTest: thresholds [−ε, 0.25, 0.5, 0.75, 1 + ε].
    static var multiPred: [[Float]] { Port.transposed([[0, 0.5, 0.3, 0.9], [0.1, 0.2, 0.3, 0.4]]) }
    static var good: Tensor { Port.t(Port.transposed([[0, 0, 1, 1], [0, 0, 1, 1]])) }
    static var bad: Tensor { Port.t(Port.transposed([[0, 0, 1, 1], [1, 1, 0, 0]])) }

    @Test func multiAllCorrect() throws {
        #expect(try Port.call(try AUC(multiLabel: true), Self.good, Self.good) == [1])
        #expect(try Port.call(try AUC(multiLabel: false), Self.good, Self.good) == [1])
    }

    @Test func multiUnweighted() throws {
        let expected: Float = (0.875 + 1.0) / 2
        expectAllClose(try Port.call(try AUC(numThresholds: 5, multiLabel: true), Self.good, Port.t(Self.multiPred)), [expected], atol: 1e-3)
        let logits = Port.t(Self.multiPred.map(Self.logits))
        expectAllClose(try Port.call(try AUC(numThresholds: 5, multiLabel: true, fromLogits: true), Self.good, logits), [expected], atol: 1e-3)
    }

    @Test func multiFlat() throws {
        let predictions = Port.t(Self.multiPred)
        let flatWeighted = try Port.call(try AUC(numThresholds: 5), Self.good, predictions, Port.t([1, 2, 3, 4]))
        expectAllClose(flatWeighted, [1.0 - (0.3333 * (1.0 - 0.2857) / 2.0)], atol: 1e-3)
        let full = try Port.call(try AUC(numThresholds: 5), Self.good, predictions, Port.t([[0, 1], [2, 3], [4, 5], [6, 7]]))
        expectAllClose(full, [1.0 - (0.3333 * (1.0 - 0.2727) / 2.0)], atol: 1e-3)
        let labelWeighted = try Port.call(try AUC(numThresholds: 5, multiLabel: true, labelWeights: [0.75, 0.25]), Self.good, predictions)
        expectAllClose(labelWeighted, [(0.875 * 0.75 + 1.0 * 0.25) / (0.75 + 0.25)], atol: 1e-3)
        let labelWeightedFlat = try Port.call(try AUC(numThresholds: 5, labelWeights: [0.75, 0.25]), Self.good, predictions)
        expectAllClose(labelWeightedFlat, [1.0 - ((1.0 - 0.375) * 0.375 / 2.0)], atol: 1e-2)
        expectAllClose(try Port.call(try AUC(numThresholds: 5), Self.good, predictions), [1.0 - (3.0 / 32.0)], atol: 1e-3)
        let logits = Port.t(Self.multiPred.map(Self.logits))
        expectAllClose(try Port.call(try AUC(numThresholds: 5, fromLogits: true), Self.good, logits), [1.0 - (3.0 / 32.0)], atol: 1e-3)
    }

    @Test func multiManualThresholds() throws {
        let auc = try AUC(numThresholds: 2, thresholds: [0.5], multiLabel: true)
        #expect(auc.numThresholds == 3)
        expectAllClose(auc.thresholds, [0.0, 0.5, 1.0])
        expectAllClose(try Port.call(auc, Self.good, Port.t(Self.multiPred)), [(0.75 + 0.5) / 2], atol: 1e-3)
    }

    @Test func multiWeightedAndPR() throws {
        let predictions = Port.t(Self.multiPred)
        let roc = try Port.call(try AUC(numThresholds: 5, multiLabel: true), Self.good, predictions, Port.t([1, 2, 3, 4]))
        expectAllClose(roc, [1.0 - 0.5 * 0.43 * 0.67], atol: 1e-1)
        let pr = try AUC(numThresholds: 5, curve: .pr, multiLabel: true)
        expectAllClose(try Port.call(pr, Self.good, predictions), [(0.91667 + 1.0) / 2.0], atol: 1e-1)
        expectAllClose(try Port.call(pr, Self.bad, predictions), [(0.91667 + 0.5) / 2.0], atol: 1e-1)
        let weightedPR = try Port.call(try AUC(numThresholds: 5, curve: .pr, multiLabel: true), Self.good, predictions, Port.t([1, 2, 3, 4]))
        expectAllClose(weightedPR, [(0.939 + 1.0) / 2.0], atol: 1e-1)
    }

    @Test func multiResetState() throws {
        let auc = try AUC(numThresholds: 5, multiLabel: true)
        try Port.call(auc, Self.good, Port.t(Self.multiPred))
        auc.reset()
        #expect(auc.counts.tp == [Double](repeating: 0, count: 10))
    }
}
