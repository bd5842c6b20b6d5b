import Tensors
import Testing
import Training

/// A metric's additive state: updated on two parts of the data, the two states summed and set into a
/// third metric give the result over all the data (what sharded validation does over ranks).
@Suite struct MetricAdditiveStateTests {
    /// Six rows of three classes: one-hot targets, softmax-like predictions, per-row weights.
    static let targets: [Float] = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1]
    static let predictions: [Float] = [0.7, 0.2, 0.1, 0.3, 0.4, 0.3, 0.2, 0.5, 0.3, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.05, 0.05, 0.9]
    static let weights: [Float] = [1, 0.5, 2, 1, 0.25, 3]

    static func expectCombines(_ make: () throws -> Metric, sparse: Bool = false) throws {
        let oneHot = try Tensor(targets, shape: [6, 3]), predictions = try Tensor(predictions, shape: [6, 3]), weights = Tensor(weights)
        let y = sparse ? try oneHot.argmax(alongAxis: 1) : oneHot
        func part(_ rows: Range<Int>) throws -> (Tensor, Tensor, Tensor) {
            (try y.slice(rows), try predictions.slice(rows), try weights.slice(rows))
        }
        let whole = try make(), first = try make(), second = try make()
        try whole.update(y, predictions, sampleWeight: weights)
        let (y1, p1, w1) = try part(0..<2), (y2, p2, w2) = try part(2..<6)
        try first.update(y1, p1, sampleWeight: w1)
        try second.update(y2, p2, sampleWeight: w2)
        let a = try #require(first.additiveState), b = try #require(second.additiveState)
        #expect(a.count == b.count && !a.isEmpty, "\(whole.name)")
        let expected = whole.resultValues(), separate = [first.resultValues(), second.resultValues()]
        try first.setAdditiveState(zip(a, b).map(+))  // as a rank does with the ranks' sum
        let got = first.resultValues()
        #expect(expected.count == got.count)
        for (x, z) in zip(expected, got) { #expect(abs(x - z) <= 1e-6 * max(1, abs(x)), "\(whole.name): \(x) vs \(z)") }
        // Not just equal to either part's own value (a test that could not fail otherwise).
        #expect(separate[0] != expected || separate[1] != expected, "\(whole.name)")
    }

    @Test func meanMetricsConfusionCountsScoresAndMatricesCombine() throws {
        try Self.expectCombines { CategoricalAccuracy() }
        try Self.expectCombines({ SparseCategoricalAccuracy() }, sparse: true)
        try Self.expectCombines { MeanSquaredErrorMetric() }
        try Self.expectCombines { try AUC(numThresholds: 20) }
        try Self.expectCombines { try AUC(numThresholds: 20, multiLabel: true) }
        try Self.expectCombines { try Precision(thresholds: [0.3, 0.5]) }
        try Self.expectCombines { try Recall(topK: 1) }
        try Self.expectCombines { try TruePositives() }
        try Self.expectCombines { try SensitivityAtSpecificity(specificity: 0.8, numThresholds: 50) }
        try Self.expectCombines { try F1Score(average: .macro) }
        try Self.expectCombines { try F1Score(average: .micro, threshold: 0.35) }
        try Self.expectCombines { R2Score() }
        try Self.expectCombines({ try MeanIoU(numClasses: 3, sparseYPred: false) }, sparse: true)
    }

    @Test func aStateOfTheWrongSizeIsAnError() throws {
        #expect(throws: TrainingError.self) { try CategoricalAccuracy().setAdditiveState([1, 2, 3]) }
        #expect(throws: TrainingError.self) { try MeanIoU(numClasses: 3).setAdditiveState([1]) }
        let f1 = try F1Score(average: .macro)
        #expect(throws: TrainingError.self) { try f1.setAdditiveState([1, 2, 3, 4]) }  // before any update: classes unknown
    }
}
