import Tensors
import Testing

/// Keras's `assertAllClose`: every `|actual − expected| ≤ atol + rtol·|expected|` (NumPy's rule), with
/// Keras's defaults of 1e-6 for both; for the ported Keras test cases, which keep Keras's tolerances.
public func expectAllClose(
    _ actual: [Float], _ expected: [Float], atol: Float = 1e-6, rtol: Float = 1e-6,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    let prefix = comment.map { "\($0): " } ?? ""
    guard actual.count == expected.count else {
        Issue.record("\(prefix)\(actual.count) values, Keras expects \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    for (i, (a, e)) in zip(actual, expected).enumerated() where !(a == e || Swift.abs(a - e) <= atol + rtol * Swift.abs(e)) {
        Issue.record("\(prefix)index \(i): \(a) is not within atol \(atol) + rtol \(rtol) of Keras's \(e)", sourceLocation: sourceLocation)
        return
    }
}

/// Keras's `assertAllClose` for a tensor: the same shape and every value close.
public func expectAllClose(
    _ actual: Tensor, _ expected: Tensor, atol: Float = 1e-6, rtol: Float = 1e-6,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.shape == expected.shape, comment, sourceLocation: sourceLocation)
    expectAllClose(actual.scalars, expected.scalars, atol: atol, rtol: rtol, comment, sourceLocation: sourceLocation)
}

/// Keras's `assertAlmostEqual(decimal:)` (NumPy's `assert_almost_equal`): `|actual − expected| < 1.5·10⁻ᵈ`.
public func expectAlmostEqual(
    _ actual: Float, _ expected: Float, decimal: Int = 3,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    var bound = 1.5
    for _ in 0..<decimal { bound /= 10 }
    #expect(Double(Swift.abs(actual - expected)) < bound, "\(comment.map { "\($0): " } ?? "")\(actual) vs Keras's \(expected)", sourceLocation: sourceLocation)
}
