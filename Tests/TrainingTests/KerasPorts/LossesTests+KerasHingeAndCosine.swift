import Foundation
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Keras 3's `losses_test.py`, continued: `HingeTest`, `SquaredHingeTest`, `CategoricalHingeTest` and
/// `CosineSimilarityTest`, with Keras's inputs, expected values and tolerances. Every case is ported but
/// the `test_dtype_arg`s (float32 only). A deliberate difference: Keras's `CosineSimilarity.get_config()`
/// leaves `axis` out; NeuralKit writes it too (Keras's constructor takes it), so that a non-default axis
/// survives saving: `test_config` checks Keras's keys and values, not the absence of `axis`.
@Suite("Keras port: losses_test.py (hinges, cosine similarity)") struct KerasPortHingeAndCosineLossesTest {
    typealias Port = KerasLossPort

    static var hingeTrue: Tensor { get throws { try Tensor([[0.0, 1.0], [0.0, 0.0]]) } }
    static var hingePred: Tensor { get throws { try Tensor([[0.6, 0.4], [0.4, 0.6]]) } }

    /// `test_unweighted`, `test_weighted`, `test_zero_weighted` of the three hinge classes.
    @Test(arguments: [
        ("Hinge", 1.3, 2.6, [1.1, 1.5], 0.55, 1.1, [1.1, 0.0]),
        ("SquaredHinge", 1.86, 3.72, [1.46, 2.26], 0.73, 1.46, [1.46, 0.0]),
        ("CategoricalHinge", 1.4, 2.8, [1.2, 1.6], 0.6, 1.2, [1.2, 0.0]),
    ])
    func hinges(className: String, mean: Double, sum: Double, none: [Double], weightedMean: Double, weightedSum: Double, weightedNone: [Double]) throws {
        let make = { try Loss.fromKeras(.string(className)) }
        let (y, p) = (try Self.hingeTrue, try Self.hingePred)
        try Port.expectLoss(try make(), y, p, [mean], "\(className) sum_over_batch_size")
        try Port.expectLoss(Port.with(try make(), .sum), y, p, [sum], "\(className) sum")
        try Port.expectLossClose(Port.with(try make(), .none), y, p, none, "\(className) None")
        Port.expectBadReductionRefused(className)
        let weights = try Tensor([1, 0])
        try Port.expectLoss(try make(), y, p, sampleWeight: weights, [weightedMean], "\(className) weighted sum_over_batch_size")
        try Port.expectLoss(Port.with(try make(), .sum), y, p, sampleWeight: weights, [weightedSum], "\(className) weighted sum")
        try Port.expectLoss(Port.with(try make(), .none), y, p, sampleWeight: weights, weightedNone, decimal: 3, "\(className) weighted None")
        #expect(try make()(y, p, sampleWeight: Tensor(0)).scalars == [0], "\(className) test_zero_weighted")
    }

    // MARK: CosineSimilarityTest

    static let a: [[Double]] = [[1, 9, 2], [-5, -2, 6]], b: [[Double]] = [[4, 8, 12], [8, 1, 3]]

    /// Keras's `l2_norm` then `sum(y_true · y_pred)` along the rows (axis 1): one similarity per row.
    static func similarities() -> [Double] {
        func normalized(_ row: [Double]) -> [Double] {
            let norm = max(row.reduce(0) { $0 + $1 * $1 }, 1e-12).squareRoot()
            return row.map { $0 / norm }
        }
        return zip(a, b).map { zip(normalized($0), normalized($1)).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    @Test func cosineConfig() throws {
        let loss = try Loss.fromKeras(["class_name": "CosineSimilarity", "config": ["axis": 2, "reduction": "sum", "name": "cosine_loss"]])
        #expect(loss.name == "cosine_loss" && loss.reduction == .sum)
        let config = try loss.kerasConfig()
        #expect(config["name"] == "cosine_loss" && config["reduction"] == "sum")
    }

    @Test func cosineSimilarity() throws {
        let (y, p) = (try Port.yTrue, try Port.yPred), s = Self.similarities()
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        try Port.expectLoss(CosineSimilarity(), y, p, [-mean(s)], "test_unweighted")
        try Port.expectLoss(CosineSimilarity(), y, p, sampleWeight: Tensor(2.3), [-mean(s.map { $0 * 2.3 })], "test_scalar_weighted")
        try Port.expectLoss(CosineSimilarity(), y, p, sampleWeight: try Tensor([1.2, 3.4]), [-mean([s[0] * 1.2, s[1] * 3.4])], "test_sample_weighted")
        try Port.expectLoss(CosineSimilarity(), y, p, sampleWeight: Tensor(0), [0], "test_zero_weighted")
        try Port.expectLoss(CosineSimilarity(axis: 1), y, p, [-mean(s)], "test_axis")
        // test_timestep_weighted: along a last axis of size 1 each value is its own sign.
        let weights: [Double] = [3, 6, 5, 0, 4, 2]
        let signs = zip(Self.a.joined(), Self.b.joined()).map { ($0 / max(abs($0), 1e-6)) * ($1 / max(abs($1), 1e-6)) }
        try Port.expectLoss(
            CosineSimilarity(), try Port.reshaped(y, [2, 3, 1]), try Port.reshaped(p, [2, 3, 1]), sampleWeight: try Port.timestepWeight,
            [-mean(zip(signs, weights).map { $0 * $1 })], "test_timestep_weighted")
    }
}
