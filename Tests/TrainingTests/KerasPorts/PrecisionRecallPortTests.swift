import Serialization
import Tensors
import Testing

@testable import Training

/// Ports of keras/src/metrics/confusion_metrics_test.py: PrecisionTest and RecallTest, every case, with
/// Keras's inputs, expected values and tolerances (`assertAlmostEqual`: 3 decimals).
///
/// Not ported as written: the `variables` names in test_config (NeuralKit keeps plain counts); the random
/// inputs of test_unweighted_all_incorrect come from a fixed generator instead of NumPy's.
@Suite struct PrecisionRecallPortTests {
    @Test func precisionConfig() throws {
        let metric = try Precision(thresholds: [0.4, 0.9], topK: 15, classId: 12, name: "my_precision")
        let again = try Precision(kerasConfig: metric.kerasConfig())
        for m in [metric, again] {
            #expect(m.name == "my_precision")
            #expect(m.thresholds == [0.4, 0.9])
            #expect(m.topK == 15)
            #expect(m.classId == 12)
        }
    }

    @Test func recallConfig() throws {
        let metric = try Recall(thresholds: [0.4, 0.9], topK: 15, classId: 12, name: "my_recall")
        let again = try Recall(kerasConfig: metric.kerasConfig())
        for m in [metric, again] {
            #expect(m.name == "my_recall")
            #expect(m.thresholds == [0.4, 0.9])
            #expect(m.topK == 15)
            #expect(m.classId == 12)
        }
    }

    @Test func unweighted() throws {
        expectAlmostEqual(try Port.call(try Precision(), Port.t([0, 1, 1, 0]), Port.t([1, 0, 1, 0])), [0.5])
        expectAlmostEqual(try Port.call(try Recall(), Port.t([0, 1, 1, 0]), Port.t([1, 0, 1, 0])), [0.5])
    }

    @Test func unweightedAllIncorrect() throws {
        let inputs = Port.coinFlips()
        let yPred = try Tensor(inputs, shape: [100, 1]), yTrue = try Tensor(inputs.map { 1 - $0 }, shape: [100, 1])
        expectAlmostEqual(try Port.call(try Precision(thresholds: [0.5]), yTrue, yPred), [0])
        expectAlmostEqual(try Port.call(try Recall(thresholds: [0.5]), yTrue, yPred), [0])
    }

    @Test func weighted() throws {
        let weights = Port.t([[1, 2, 3, 4], [4, 3, 2, 1]])
        let precision = try Port.call(try Precision(), Port.t([[0, 1, 1, 0], [1, 0, 0, 1]]), Port.t([[1, 0, 1, 0], [1, 0, 1, 0]]), weights)
        expectAlmostEqual(precision, [(3.0 + 4.0) / ((1.0 + 3.0) + (4.0 + 2.0))])
        let recall = try Port.call(try Recall(), Port.t([[0, 1, 1, 0], [1, 0, 0, 1]]), Port.t([[1, 0, 1, 0], [0, 1, 0, 1]]), weights)
        expectAlmostEqual(recall, [(3.0 + 1.0) / ((2.0 + 3.0) + (4.0 + 1.0))])
    }

    @Test func divByZero() throws {
        #expect(try Port.call(try Precision(), Port.t([0, 0, 0, 0]), Port.t([0, 0, 0, 0])) == [0])
        #expect(try Port.call(try Recall(), Port.t([0, 0, 0, 0]), Port.t([0, 0, 0, 0])) == [0])
    }

    @Test func unweightedWithThreshold() throws {
        // Keras's assertAlmostEqual(result, [0.5, 0.0], 0): zero decimals.
        let precision = try Port.call(try Precision(thresholds: [0.5, 0.7]), Port.t([0, 1, 1, 0]), Port.t([1, 0, 0.6, 0]))
        #expect(zip(precision, [0.5, 0.0]).allSatisfy { Swift.abs($0 - $1) < 1.5 })
        let recall = try Port.call(try Recall(thresholds: [0.5, 0.7]), Port.t([0, 1, 1, 0]), Port.t([1, 0, 0.6, 0]))
        expectAllClose(recall, [0.5, 0.0], atol: 0)
    }

    @Test func weightedWithThreshold() throws {
        let yTrue = Port.t([[0, 1], [1, 0]]), yPred = Port.t([[1, 0], [0.6, 0]])
        let precision = try Port.call(try Precision(thresholds: [0.5, 1.0]), yTrue, yPred, Port.t([[4, 0], [3, 1]]))
        expectAlmostEqual(precision, [3.0 / 7.0, 0])
        let recall = try Port.call(try Recall(thresholds: [0.5, 1.0]), yTrue, yPred, Port.t([[1, 4], [3, 2]]))
        expectAllClose(recall, [3.0 / 7.0, 0], atol: 1e-3)
    }

    @Test func multipleUpdates() throws {
        let yTrue = Port.t([[0, 1], [1, 0]]), yPred = Port.t([[1, 0], [0.6, 0]])
        let precision = try Precision(thresholds: [0.5, 1.0]), recall = try Recall(thresholds: [0.5, 1.0])
        for _ in 0..<2 {
            try precision.update(yTrue, yPred, sampleWeight: Port.t([[4, 0], [3, 1]]))
            try recall.update(yTrue, yPred, sampleWeight: Port.t([[1, 4], [3, 2]]))
        }
        expectAlmostEqual(precision.resultValues(), [6.0 / 14.0, 0])
        expectAllClose(recall.resultValues(), [6.0 / 14.0, 0], atol: 1e-3)
    }

    @Test func unweightedTopK() throws {
        let yPred = Port.t([0.2, 0.1, 0.5, 0, 0.2]), yTrue = Port.t([0, 1, 1, 0, 0])
        expectAlmostEqual(try Port.call(try Precision(topK: 3), yTrue, yPred), [1.0 / 3])
        expectAlmostEqual(try Port.call(try Recall(topK: 3), yTrue, yPred), [0.5])
    }

    @Test func weightedTopK() throws {
        for (metric, expected) in [
            (try Precision(topK: 3) as Metric, Float(2 + 5 + 3 + 3) / Float(1 + 2 + 5 + 3 + 3 + 3)),
            (try Recall(topK: 3), Float(2 + 5 + 3 + 3) / Float(4 + 2 + 5 + 3 + 3 + 3 + 3)),
        ] {
            try Port.call(metric, Port.t([[0, 1, 1, 0, 1]]), Port.t([[0.2, 0.1, 0.4, 0, 0.2]]), Port.t([[1, 4, 2, 3, 5]]))
            let result = try Port.call(metric, Port.t([1, 0, 1, 1, 1]), Port.t([0.2, 0.6, 0.4, 0.2, 0.2]), Port.scalar(3))
            expectAlmostEqual(result, [expected])
        }
    }

    @Test func classIdShouldThrowError1D() throws {
        for metric in [try Precision(classId: 2) as Metric, try Recall(classId: 2)] {
            #expect {
                try Port.call(metric, Port.t([0, 1, 1, 0, 0]), Port.t([0.2, 0.1, 0.6, 0, 0.2]))
            } throws: { "\($0)".contains("classId needs predictions of shape (samples, classes)") }
        }
    }

    @Test func unweightedClassIdMulticlass() throws {
        let yPred = Port.t([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.2, 0.6, 0.2], [0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
        let yTrue = Port.t([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
        let precision = try Precision(classId: 1), recall = try Recall(classId: 1)
        expectAlmostEqual(try Port.call(precision, yTrue, yPred), [1.0])
        expectAlmostEqual(try Port.call(recall, yTrue, yPred), [1.0])
        // The counts behind them, as Keras's test reads its variables.
        let counts = try TruePositives(), falsePositives = try FalsePositives(), falseNegatives = try FalseNegatives()
        for metric in [counts, falsePositives, falseNegatives] as [Metric] {
            try metric.update(Port.t([[0], [0], [1], [0], [0]]), Port.t([[0.2], [0.3], [0.6], [0.2], [0.1]]), sampleWeight: nil)
        }
        #expect(counts.result() == 1 && falsePositives.result() == 0 && falseNegatives.result() == 0)
    }

    @Test func unweightedTopKAndThreshold() throws {
        let yPred = Port.t([0.2, 0.8, 0.6, 0, 0.2])
        expectAlmostEqual(try Port.call(try Precision(thresholds: [0.7], topK: 2), Port.t([0, 1, 1, 0, 1]), yPred), [1])
        expectAlmostEqual(try Port.call(try Recall(thresholds: [0.7], topK: 2), Port.t([1, 1, 1, 0, 1]), yPred), [0.25])
    }
}
