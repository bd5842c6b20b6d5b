import Serialization
import Tensors
import Testing

@testable import Training

/// Bad input to the new metrics (issue 14, item 9): each is an error that names the argument and what was
/// given, never a trap and never a silent number.
@Suite struct MetricArgumentErrorTests {
    static func expectError(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        #expect(sourceLocation: sourceLocation) { try body() } throws: { "\($0)".contains(fragment) }
    }

    @Test func thresholdsOutsideZeroToOne() {
        Self.expectError("true_positives: thresholds must each be in [0, 1], got [1.5]") { _ = try TruePositives(thresholds: [0.5, 1.5]) }
        Self.expectError("precision: thresholds must each be in [0, 1], got [-0.1]") { _ = try Precision(thresholds: [-0.1]) }
        Self.expectError("recall: thresholds must each be in [0, 1], got [2.0]") { _ = try Recall(thresholds: [2]) }
        Self.expectError("auc: thresholds must each be in [0, 1], got [1.2]") { _ = try AUC(thresholds: [0.3, 1.2]) }
        Self.expectError("f1_score: threshold must satisfy 0 < threshold <= 1, got 1.5") { _ = try F1Score(threshold: 1.5) }
        Self.expectError("recall_at_precision: precision must be in [0, 1], got 1.1") { _ = try RecallAtPrecision(precision: 1.1) }
        Self.expectError("Precision config: \"thresholds\" must be a number or a list of numbers") {
            _ = try Precision(kerasConfig: ["thresholds": "half"])
        }
    }

    @Test func badCountsAndOptions() {
        Self.expectError("auc: numThresholds must be a whole number above 1, got 0") { _ = try AUC(numThresholds: 0) }
        Self.expectError("sensitivity_at_specificity: numThresholds must be a whole number above 0, got 0") {
            _ = try SensitivityAtSpecificity(specificity: 0.5, numThresholds: 0)
        }
        Self.expectError("auc: numLabels is needed only when multiLabel is true") { _ = try AUC(numLabels: 3) }
        Self.expectError("auc: labelWeights must not be negative") { _ = try AUC(multiLabel: true, labelWeights: [1, -1]) }
        Self.expectError("precision: topK must be a positive whole number, got 0") { _ = try Precision(topK: 0) }
        Self.expectError("recall: classId must be 0 or more, got -1") { _ = try Recall(classId: -1) }
        Self.expectError("binary_crossentropy: labelSmoothing must be in [0, 1], got -0.1") { _ = try BinaryCrossentropyMetric(labelSmoothing: -0.1) }
        Self.expectError("io_u: targetClassIds [3] must be in [0, 3)") { _ = try IoU(numClasses: 3, targetClassIds: [3]) }
        Self.expectError("fbeta_score: beta must be above 0, got 0.0") { _ = try FBetaScore(beta: 0) }
    }

    @Test func weightsThatDoNotBroadcast() throws {
        let yTrue = try Tensor([Float](repeating: 1, count: 6), shape: [2, 3]), yPred = try Tensor([Float](repeating: 0.6, count: 6), shape: [2, 3])
        let weights = try Tensor([1, 2, 3, 4], shape: [2, 2])
        let metrics: [Metric] = [
            try AUC(), try Precision(thresholds: [0.2, 0.4]), try TruePositives(), try F1Score(), try SensitivityAtSpecificity(specificity: 0.5),
            try BinaryIoU(), try BinaryCrossentropyMetric(),
        ]
        for metric in metrics {
            Self.expectError("\(metric.name): sample weights of shape") { try metric.update(yTrue, yPred, sampleWeight: weights) }
        }
        Self.expectError("precision: classId 5 is outside the predictions' 3 classes") {
            try Precision(classId: 5).update(yTrue, yPred, sampleWeight: nil)
        }
        Self.expectError("auc: multiLabel needs predictions of rank 2") {
            try AUC(multiLabel: true).update(Tensor([1, 0, 1]), Tensor([0.2, 0.4, 0.9]), sampleWeight: nil)
        }
        Self.expectError("auc: 2 labelWeights for predictions of 3 labels") {
            try AUC(multiLabel: true, labelWeights: [1, 2]).update(yTrue, yPred, sampleWeight: nil)
        }
        Self.expectError("precision: targets of shape (2, 2) do not match predictions of shape (2, 3)") {
            try Precision().update(weights, yPred, sampleWeight: nil)
        }
    }

    @Test func unknownNamesListWhatIsKnown() {
        Self.expectError("unknown metric 'aucc'") { _ = try MetricKind(keras: "aucc") }
        #expect { _ = try MetricKind(keras: "aucc") } throws: { "\($0)".contains("auc") && "\($0)".contains("f1_score") }
        Self.expectError("AUC config: \"curve\" must be ROC, PR or PRGAIN, got 'ROCK'") {
            _ = try MetricKind(keras: .object(["class_name": "AUC", "config": .object(["curve": "ROCK"])]))
        }
    }

    @Test func stringNamesGiveKerasDefaults() throws {
        for (name, type) in [
            ("auc", "AUC"), ("AUC", "AUC"), ("true_negatives", "TrueNegatives"), ("f1_score", "F1Score"), ("fbeta_score", "FBetaScore"),
            ("bce", "BinaryCrossentropy"), ("kl_divergence", "KLDivergence"), ("msle", "MeanSquaredLogarithmicError"),
            ("categorical_hinge", "CategoricalHinge"), ("poisson", "Poisson"),
        ] {
            let metric = try MetricKind(keras: .string(name)).makeMetric(loss: nil, outputWidth: 3)
            #expect(metric.kerasClassName == type, "\(name)")
        }
    }
}
