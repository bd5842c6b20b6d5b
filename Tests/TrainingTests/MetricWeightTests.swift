import Foundation
import Tensors
import TestSupport
import Testing

@testable import Training

/// Sample weights in metrics as Keras 3 applies them, for every shape Keras accepts (none, one per sample,
/// a column, one per element) and negative ones: Fixtures/keras_metric_weights.json, written by
/// tools/make_metric_fixtures.py with Keras itself. Where Keras refuses the weights, so does NeuralKit.
@Suite struct MetricWeightTests {
    struct Fixture: Decodable {
        typealias Array = KerasFixtures.Encoded
        struct Case: Decodable {
            let metric: String, weights: String
            let y_true: Array, y_pred: Array
            let sample_weight: Array?
            let value: Float?
        }
        struct Reduction: Decodable {
            let name: String
            let values: Array
            let sample_weight: Array?
            let mean: Float, sum: Float
        }
        let metrics: [Case]
        let reductions: [Reduction]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "keras_metric_weights", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func metric(_ name: String) -> Metric {
        switch name {
        case "binary_accuracy": BinaryAccuracy()
        case "precision": MetricKind.precision.makeMetric(loss: nil, outputWidth: 3)
        case "recall": MetricKind.recall.makeMetric(loss: nil, outputWidth: 3)
        case "mean_squared_error": MeanSquaredErrorMetric()
        case "mean_absolute_error": MeanAbsoluteErrorMetric()
        case "root_mean_squared_error": RootMeanSquaredErrorMetric()
        case "categorical_accuracy": CategoricalAccuracy()
        case "accuracy": MeanMetricWrapper.accuracy()
        case "top_k_categorical_accuracy": MeanMetricWrapper.topKCategoricalAccuracy(k: 2)
        case "sparse_top_k_categorical_accuracy": MeanMetricWrapper.sparseTopKCategoricalAccuracy(k: 2)
        case "logcosh": MetricKind.logCoshError.makeMetric(loss: nil, outputWidth: 3)
        case "mean_absolute_percentage_error": MetricKind.meanAbsolutePercentageError.makeMetric(loss: nil, outputWidth: 3)
        case "cosine_similarity": MetricKind.cosineSimilarity.makeMetric(loss: nil, outputWidth: 3)
        case "r2_score": R2Score()
        case "r2_score variance weighted": R2Score(aggregation: .varianceWeightedAverage)
        case "r2_score adjusted": R2Score(numRegressors: 3)
        default: SparseCategoricalAccuracy()
        }
    }

    @Test func metricsWeighAsKerasDoes() throws {
        let fixture = try Self.fixture()
        #expect(fixture.metrics.count == 67)
        for test in fixture.metrics {
            let metric = Self.metric(test.metric)
            let halves = [0..<3, 3..<6]
            func run() throws {
                for half in halves {
                    try metric.update(
                        try test.y_true.tensor.slice(half), try test.y_pred.tensor.slice(half), sampleWeight: try test.sample_weight?.tensor.slice(half))
                }
            }
            guard let expected = test.value else {
                #expect(throws: TrainingError.self, "\(test.metric) with \(test.weights) weights: Keras refuses them") { try run() }
                continue
            }
            try run()
            #expect(
                Swift.abs(metric.result() - expected) < 2e-6 * Swift.max(1, Swift.abs(expected)),
                "\(test.metric) with \(test.weights) weights: \(metric.result()) vs Keras \(expected)")
        }
    }

    @Test func meanAndSumWithNegativeAndElementWeights() throws {
        for test in try Self.fixture().reductions {
            let mean = Mean(), sum = Sum()
            try mean.update(test.values.tensor, sampleWeight: test.sample_weight?.tensor)
            try sum.update(test.values.tensor, sampleWeight: test.sample_weight?.tensor)
            #expect(Swift.abs(mean.result() - test.mean) < 1e-6, "Mean, \(test.name): \(mean.result()) vs Keras \(test.mean)")
            #expect(Swift.abs(sum.result() - test.sum) < 1e-6, "Sum, \(test.name): \(sum.result()) vs Keras \(test.sum)")
        }
    }
}
