import Foundation
import Serialization
import Tensors
import Testing

@testable import Training

/// Ports of keras/src/metrics/probabilistic_metrics_test.py (KLDivergence, Poisson, BinaryCrossentropy,
/// CategoricalCrossentropy, SparseCategoricalCrossentropy), hinge_metrics_test.py (Hinge, SquaredHinge,
/// CategoricalHinge) and the MeanSquaredLogarithmicErrorTest of regression_metrics_test.py, with Keras's
/// inputs, expected values and tolerances.
///
/// Not ported: the `dtype="int32"` of the config tests (NeuralKit's metrics are float32; the name and
/// options round-trip instead).
@Suite struct LossMetricPortTests {
    @Test func configs() throws {
        let metrics: [any Metric & KerasSerializable] = [
            KLDivergenceMetric(name: "kld"), PoissonMetric(name: "poisson"), try BinaryCrossentropyMetric(name: "bce", labelSmoothing: 0.2),
            try CategoricalCrossentropyMetric(name: "cce", labelSmoothing: 0.2), try SparseCategoricalCrossentropyMetric(name: "scce"),
            HingeMetric(name: "hinge"), SquaredHingeMetric(name: "squared_hinge"), CategoricalHingeMetric(name: "cat_hinge"),
            MeanSquaredLogarithmicErrorMetric(name: "my_msle"),
        ]
        for metric in metrics {
            let again = try type(of: metric).init(kerasConfig: metric.kerasConfig())
            #expect(try again.kerasConfig() == metric.kerasConfig())
            #expect((again as? Metric)?.name == metric.name)
        }
    }

    @Test func klDivergence() throws {
        let yPred: [Float] = [0.4, 0.9, 0.12, 0.36, 0.3, 0.4], yTrue: [Float] = [0.5, 0.8, 0.12, 0.7, 0.43, 0.8]
        let terms = zip(yTrue, yPred).map { $0 * Foundation.log($0 / $1) }
        let predictions = try Tensor(yPred, shape: [2, 3]), targets = try Tensor(yTrue, shape: [2, 3])
        expectAllClose(try Port.call(KLDivergenceMetric(), targets, predictions), [terms.reduce(0, +) / 2], atol: 1e-3)
        let weights: [Float] = [1.2, 1.2, 1.2, 3.4, 3.4, 3.4]
        let weighted = try Port.call(KLDivergenceMetric(), targets, predictions, Port.t([[1.2], [3.4]]))
        expectAllClose(weighted, [zip(terms, weights).map(*).reduce(0, +) / (1.2 + 3.4)], atol: 1e-3)
    }

    @Test func poisson() throws {
        let yPred: [Float] = [1, 9, 2, 5, 2, 6], yTrue: [Float] = [4, 8, 12, 8, 1, 3]
        let terms = zip(yTrue, yPred).map { $1 - $0 * Foundation.log($1) }
        let predictions = try Tensor(yPred, shape: [2, 3]), targets = try Tensor(yTrue, shape: [2, 3])
        expectAllClose(try Port.call(PoissonMetric(), targets, predictions), [terms.reduce(0, +) / 6], atol: 1e-3)
        let weights: [Float] = [1.2, 1.2, 1.2, 3.4, 3.4, 3.4]
        let weighted = try Port.call(PoissonMetric(), targets, predictions, Port.t([[1.2], [3.4]]))
        expectAllClose(weighted, [zip(terms, weights).map(*).reduce(0, +) / weights.reduce(0, +)], atol: 1e-3)
    }

    @Test func binaryCrossentropy() throws {
        let yTrue = Port.t([[1, 0], [1, 0]]), yPred = Port.t([[1, 1], [1, 0]])
        expectAllClose(try Port.call(try BinaryCrossentropyMetric(), yTrue, yPred), [3.9855], atol: 1e-3)
        expectAllClose(try Port.call(try BinaryCrossentropyMetric(), yTrue, yPred, Port.t([1.5, 2.0])), [3.4162], atol: 1e-3)
        let logitsTrue = Port.t([[1, 0, 1], [0, 1, 1]]), logits = Port.t([[10.0, -10.0, 10.0], [10.0, 10.0, -10.0]])
        expectAllClose(try Port.call(try BinaryCrossentropyMetric(fromLogits: true), logitsTrue, logits), [3.333], atol: 1e-3)
        expectAllClose(try Port.call(try BinaryCrossentropyMetric(fromLogits: true), logitsTrue, logits, Port.t([2.0, 2.5])), [3.7037], atol: 1e-3)
        let smoothed = try Port.call(try BinaryCrossentropyMetric(fromLogits: true, labelSmoothing: 0.1), Port.t([[1, 0, 1]]), Port.t([[10.0, -10.0, -10.0]]))
        expectAllClose(smoothed, [(10.0 + 5.0 * 0.1) / 3.0], atol: 1e-3)
    }

    @Test func categoricalCrossentropy() throws {
        let yTrue = Port.t([[0, 1, 0], [0, 0, 1]]), yPred = Port.t([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), logits = Port.t([[1, 9, 0], [1, 8, 1]])
        expectAllClose(try Port.call(try CategoricalCrossentropyMetric(), yTrue, yPred), [1.176], atol: 1e-3)
        expectAllClose(try Port.call(try CategoricalCrossentropyMetric(fromLogits: true), yTrue, logits), [3.5011], atol: 1e-3)
        expectAllClose(try Port.call(try CategoricalCrossentropyMetric(), yTrue, yPred, Port.t([1.5, 2.0])), [1.338], atol: 1e-3)
        expectAllClose(try Port.call(try CategoricalCrossentropyMetric(fromLogits: true), yTrue, logits, Port.t([1.5, 2.0])), [4.0012], atol: 1e-3)
        expectAllClose(try Port.call(try CategoricalCrossentropyMetric(fromLogits: true, labelSmoothing: 0.1), yTrue, logits), [3.667], atol: 1e-3)
    }

    @Test func sparseCategoricalCrossentropy() throws {
        let yTrue = Port.t([1, 2]), yPred = Port.t([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), logits = Port.t([[1, 9, 0], [1, 8, 1]])
        expectAllClose(try Port.call(try SparseCategoricalCrossentropyMetric(), yTrue, yPred), [1.176], atol: 1e-3)
        expectAllClose(try Port.call(try SparseCategoricalCrossentropyMetric(fromLogits: true), yTrue, logits), [3.5011], atol: 1e-3)
        expectAllClose(try Port.call(try SparseCategoricalCrossentropyMetric(), yTrue, yPred, Port.t([1.5, 2.0])), [1.338], atol: 1e-3)
        expectAllClose(try Port.call(try SparseCategoricalCrossentropyMetric(fromLogits: true), yTrue, logits, Port.t([1.5, 2.0])), [4.0012], atol: 1e-3)
        let ignoredTrue = Port.t([0, 1, 2]), ignoredPred = Port.t([[0.8, 0.1, 0.1], [0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        expectAllClose(try Port.call(try SparseCategoricalCrossentropyMetric(ignoreClass: 0), ignoredTrue, ignoredPred), [0.78462], atol: 1e-3)
        let ignoredWeighted = try Port.call(try SparseCategoricalCrossentropyMetric(ignoreClass: 0), ignoredTrue, ignoredPred, Port.t([0.5, 1.5, 2.0]))
        expectAllClose(ignoredWeighted, [1.33774646], atol: 1e-3)
        let ignoredLogits = try Port.call(
            try SparseCategoricalCrossentropyMetric(fromLogits: true, ignoreClass: 0), ignoredTrue, Port.t([[10, 1, 1], [1, 9, 0], [1, 8, 1]]))
        expectAllClose(ignoredLogits, [2.33409], atol: 1e-3)
    }

    @Test func hinges() throws {
        let yPred = Port.t([[-0.3, 0.2, -0.1, 1.6], [-0.25, -1.0, 0.5, 0.6]])
        let zeroOne = Port.t([[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]]), signs = Port.t([[-1, 1, -1, 1], [-1, -1, 1, 1]])
        expectAllClose(try Port.call(HingeMetric(), zeroOne, yPred), [0.506], atol: 1e-3)
        expectAllClose(try Port.call(HingeMetric(), signs, yPred, Port.t([1.5, 2.0])), [0.493], atol: 1e-3)
        expectAllClose(try Port.call(SquaredHingeMetric(), zeroOne, yPred), [0.364], atol: 1e-3)
        expectAllClose(try Port.call(SquaredHingeMetric(), signs, yPred, Port.t([1.5, 2.0])), [0.347], atol: 1e-3)
        let yTrue = Port.t([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]])
        let predictions = Port.t([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]])
        expectAllClose(try Port.call(CategoricalHingeMetric(), yTrue, predictions), [0.5], atol: 1e-5)
        expectAllClose(try Port.call(CategoricalHingeMetric(), yTrue, predictions, Port.t([1.0, 1.5, 2.0, 2.5])), [0.5], atol: 1e-5)
    }

    @Test func meanSquaredLogarithmicError() throws {
        let yTrue = Port.t([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]])
        let yPred = Port.t([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]])
        expectAllClose(try Port.call(MeanSquaredLogarithmicErrorMetric(), yTrue, yPred), [0.24022], atol: 1e-5)
        expectAllClose(try Port.call(MeanSquaredLogarithmicErrorMetric(), yTrue, yPred, Port.t([1.0, 1.5, 2.0, 2.5])), [0.26082], atol: 1e-5)
    }
}
