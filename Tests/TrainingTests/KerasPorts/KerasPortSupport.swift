import Tensors
import Testing

@testable import Training

/// Shorthands for the ports of Keras's metric tests: arrays as NumPy writes them, `metric(y_true, y_pred)`
/// (update then result) and Keras's `assertAllClose` (atol and rtol 1e-6 unless the test gives atol) and
/// `assertAlmostEqual` (3 decimals).
enum Port {
    static func t(_ values: [Float]) -> Tensor { (try? Tensor(values, shape: [values.count])) ?? Tensor(Float.nan) }
    static func t(_ rows: [[Float]]) -> Tensor {
        (try? Tensor(rows.flatMap { $0 }, shape: [rows.count, rows.first?.count ?? 0])) ?? Tensor(Float.nan)
    }
    static func t(_ blocks: [[[Float]]]) -> Tensor {
        let width = blocks.first?.first?.count ?? 0
        return (try? Tensor(blocks.flatMap { $0.flatMap { $0 } }, shape: [blocks.count, blocks.first?.count ?? 0, width])) ?? Tensor(Float.nan)
    }
    static func scalar(_ value: Float) -> Tensor { Tensor(value) }

    /// The transpose of rows (NumPy's `.T`).
    static func transposed(_ rows: [[Float]]) -> [[Float]] {
        guard let width = rows.first?.count else { return [] }
        return (0..<width).map { c in rows.map { $0[c] } }
    }

    /// `ops.one_hot(labels, num_classes)`.
    static func oneHot(_ labels: [Int], _ classes: Int) -> [[Float]] {
        labels.map { label in (0..<classes).map { $0 == label ? 1 : 0 } }
    }

    /// Keras's `metric(y_true, y_pred, sample_weight)`: one update, then every value of the result.
    @discardableResult
    static func call(_ metric: Metric, _ yTrue: Tensor, _ yPred: Tensor, _ sampleWeight: Tensor? = nil) throws -> [Float] {
        try metric.update(yTrue, yPred, sampleWeight: sampleWeight)
        return metric.resultValues()
    }

    /// 100 zeros and ones from a fixed generator (for Keras's `np.random.randint(0, 2, size=(100, 1))`).
    static func coinFlips() -> [Float] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<100).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float((state >> 33) & 1)
        }
    }
}

/// Keras's `assertAllClose`: `|a − e| ≤ atol + rtol · |e|` for every value.
func expectAllClose(
    _ actual: [Float], _ expected: [Float], atol: Float = 1e-6, rtol: Float = 1e-6, _ comment: Comment? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, comment, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        #expect(Swift.abs(a - e) <= atol + rtol * Swift.abs(e), "\(actual) is not close to \(expected)", sourceLocation: sourceLocation)
    }
}

/// Keras's `assertAlmostEqual`: `np.testing.assert_almost_equal` with 3 decimals.
func expectAlmostEqual(_ actual: [Float], _ expected: [Float], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        #expect(Swift.abs(a - e) < 1.5e-3, "\(actual) is not almost \(expected)", sourceLocation: sourceLocation)
    }
}
