import Serialization
import Tensors
import Testing

@testable import Training

/// Ports of keras/src/metrics/confusion_metrics_test.py: SensitivityAtSpecificityTest,
/// SpecificityAtSensitivityTest, PrecisionAtRecallTest and RecallAtPrecisionTest, with Keras's inputs,
/// expected values and tolerances (`assertAlmostEqual`: 3 decimals).
///
/// Ported differently: test_weighted runs once, not for label dtypes bool/int32/float32 (NeuralKit's
/// targets are float32); the random inputs of test_unweighted_all_correct come from a fixed generator.
/// test_handles_sas_metrics and test_end_to_end (a model compiled with the metric and fitted) are covered
/// by MetricCatalogueFitTests in ModelsTests.
@Suite struct SensitivitySpecificityPortTests {
    static let lowPred: [Float] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.01, 0.02, 0.25, 0.26, 0.26]
    static let halfLabels: [Float] = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    static let recallPred: [Float] = [0.0, 0.1, 0.2, 0.5, 0.6, 0.2, 0.5, 0.6, 0.8, 0.9]
    static let precisionPred: [Float] = [0.05, 0.1, 0.2, 0.3, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.9, 0.95]
    static let precisionLabels: [Int] = [0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1]

    /// `ops.transpose(np.array([pred_values] * 3))` and the one-hot labels of Keras's class-id tests.
    static func classIdInputs(_ predictions: [Float], _ labels: [Int]) -> (Tensor, Tensor) {
        (Port.t(Port.oneHot(labels, 3)), Port.t(Port.transposed([predictions, predictions, predictions])))
    }

    @Test func configs() throws {
        let sas = try SensitivityAtSpecificity(specificity: 0.4, numThresholds: 100, classId: 12, name: "sensitivity_at_specificity_1")
        let sas2 = try SensitivityAtSpecificity(kerasConfig: sas.kerasConfig())
        #expect(sas2.specificity == 0.4 && sas2.numThresholds == 100 && sas2.classId == 12 && sas2.name == "sensitivity_at_specificity_1")
        let sas3 = try SpecificityAtSensitivity(sensitivity: 0.4, numThresholds: 100, classId: 12)
        let sas4 = try SpecificityAtSensitivity(kerasConfig: sas3.kerasConfig())
        #expect(sas4.sensitivity == 0.4 && sas4.numThresholds == 100 && sas4.classId == 12)
        let par = try PrecisionAtRecall(recall: 0.4, numThresholds: 100, classId: 12, name: "precision_at_recall_1")
        let par2 = try PrecisionAtRecall(kerasConfig: par.kerasConfig())
        #expect(par2.recall == 0.4 && par2.numThresholds == 100 && par2.classId == 12 && par2.name == "precision_at_recall_1")
        let rap = try RecallAtPrecision(precision: 0.4, numThresholds: 100, classId: 12, name: "recall_at_precision_1")
        let rap2 = try RecallAtPrecision(kerasConfig: rap.kerasConfig())
        #expect(rap2.precision == 0.4 && rap2.numThresholds == 100 && rap2.classId == 12 && rap2.name == "recall_at_precision_1")
    }

    @Test func unweightedAllCorrect() throws {
        let inputs = Port.coinFlips()
        let y = try Tensor(inputs, shape: [100, 1])
        for metric in [
            try SensitivityAtSpecificity(specificity: 0.7) as Metric, try SpecificityAtSensitivity(sensitivity: 0.7),
            try PrecisionAtRecall(recall: 0.7), try RecallAtPrecision(precision: 0.7),
        ] {
            expectAlmostEqual(try Port.call(metric, y, y), [1])
        }
    }

    @Test func sensitivityAtSpecificity() throws {
        let high: [Float] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.1, 0.45, 0.5, 0.8, 0.9]
        expectAlmostEqual(try Port.call(try SensitivityAtSpecificity(specificity: 0.8), Port.t(Self.halfLabels), Port.t(high)), [0.8])
        expectAlmostEqual(try Port.call(try SensitivityAtSpecificity(specificity: 0.4), Port.t(Self.halfLabels), Port.t(Self.lowPred)), [0.6])
        // Keras's SensitivityAtSpecificityTest.test_unweighted_class_id builds a SpecificityAtSensitivity.
        let (yTrue, yPred) = Self.classIdInputs(Self.lowPred, [0, 0, 0, 0, 0, 2, 2, 2, 2, 2])
        expectAlmostEqual(try Port.call(try SpecificityAtSensitivity(sensitivity: 0.4, classId: 2), yTrue, yPred), [0.6])
        let weights = Port.t([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        expectAlmostEqual(try Port.call(try SensitivityAtSpecificity(specificity: 0.4), Port.t(Self.halfLabels), Port.t(Self.lowPred), weights), [0.675])
    }

    @Test func specificityAtSensitivity() throws {
        expectAlmostEqual(try Port.call(try SpecificityAtSensitivity(sensitivity: 1.0), Port.t(Self.halfLabels), Port.t(Self.lowPred)), [0.2])
        expectAlmostEqual(try Port.call(try SpecificityAtSensitivity(sensitivity: 0.4), Port.t(Self.halfLabels), Port.t(Self.lowPred)), [0.6])
        let (yTrue, yPred) = Self.classIdInputs(Self.lowPred, [0, 0, 0, 0, 0, 2, 2, 2, 2, 2])
        expectAlmostEqual(try Port.call(try SpecificityAtSensitivity(sensitivity: 0.4, classId: 2), yTrue, yPred), [0.6])
        let weights = Port.t([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        expectAlmostEqual(try Port.call(try SpecificityAtSensitivity(sensitivity: 0.4), Port.t(Self.halfLabels), Port.t(Self.lowPred), weights), [0.4])
    }

    @Test func precisionAtRecall() throws {
        expectAlmostEqual(try Port.call(try PrecisionAtRecall(recall: 0.8), Port.t(Self.halfLabels), Port.t(Self.recallPred)), [2.0 / 3])
        expectAlmostEqual(try Port.call(try PrecisionAtRecall(recall: 0.6), Port.t(Self.halfLabels), Port.t(Self.recallPred)), [0.75])
        let (yTrue, yPred) = Self.classIdInputs(Self.recallPred, [0, 0, 0, 0, 0, 2, 2, 2, 2, 2])
        expectAlmostEqual(try Port.call(try PrecisionAtRecall(recall: 0.6, classId: 2), yTrue, yPred), [0.75])
        let weights = Port.t([2, 1, 2, 1, 2, 1, 2, 2, 1, 2])
        expectAlmostEqual(try Port.call(try PrecisionAtRecall(recall: 7.0 / 8), Port.t(Self.halfLabels), Port.t(Self.recallPred), weights), [0.7])
    }

    @Test func recallAtPrecision() throws {
        let labels = Port.t(Self.precisionLabels.map(Float.init)), predictions = Port.t(Self.precisionPred)
        expectAlmostEqual(try Port.call(try RecallAtPrecision(precision: 0.75), labels, predictions), [0.5])
        expectAlmostEqual(try Port.call(try RecallAtPrecision(precision: 2.0 / 3), labels, predictions), [5.0 / 6])
        let (yTrue, yPred) = Self.classIdInputs(Self.precisionPred, Self.precisionLabels.map { $0 * 2 })
        expectAlmostEqual(try Port.call(try RecallAtPrecision(precision: 2.0 / 3, classId: 2), yTrue, yPred), [5.0 / 6])
        let weighted = try Port.call(
            try RecallAtPrecision(precision: 0.75), Port.t([0, 1, 0, 0, 0, 1, 1]), Port.t([0.1, 0.2, 0.3, 0.5, 0.6, 0.9, 0.9]),
            Port.t([1, 2, 1, 2, 1, 2, 1]))
        expectAlmostEqual(weighted, [0.6])
        expectAlmostEqual(try Port.call(try RecallAtPrecision(precision: 2.0 / 3), Port.t([1, 1, 0, 0]), Port.t([0.1, 0.2, 0.3, 0.9])), [0])
    }

    @Test func invalidValuesAndThresholds() throws {
        #expect { _ = try SensitivityAtSpecificity(specificity: -1) } throws: { "\($0)".contains("specificity must be in [0, 1]") }
        #expect { _ = try SpecificityAtSensitivity(sensitivity: -1) } throws: { "\($0)".contains("sensitivity must be in [0, 1]") }
        #expect { _ = try PrecisionAtRecall(recall: -1) } throws: { "\($0)".contains("recall must be in [0, 1]") }
        #expect { _ = try RecallAtPrecision(precision: -1) } throws: { "\($0)".contains("precision must be in [0, 1]") }
        #expect { _ = try SensitivityAtSpecificity(specificity: 0.4, numThresholds: -1) } throws: { "\($0)".contains("numThresholds must be") }
        #expect { _ = try SpecificityAtSensitivity(sensitivity: 0.4, numThresholds: -1) } throws: { "\($0)".contains("numThresholds must be") }
        #expect { _ = try PrecisionAtRecall(recall: 0.4, numThresholds: -1) } throws: { "\($0)".contains("numThresholds must be") }
        #expect { _ = try RecallAtPrecision(precision: 0.4, numThresholds: -1) } throws: { "\($0)".contains("numThresholds must be") }
    }
}
