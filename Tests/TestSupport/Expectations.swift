import Tensors
import Testing

/// Expects two lists of scalars to agree elementwise within `tolerance`, absolute or relative
/// (whichever is looser), and names the first index that does not.
public func expectClose<Scalar: BinaryFloatingPoint>(
    _ actual: [Scalar], _ expected: [Scalar], tolerance: Scalar = 1e-5,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.count == expected.count else {
        Issue.record("\(comment.map { "\($0): " } ?? "")\(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let close = a == e || Swift.abs(a - e) <= tolerance * Swift.max(1, Swift.abs(e))
        if !close {
            Issue.record("\(comment.map { "\($0): " } ?? "")index \(i): \(a) is not within \(tolerance) of \(e)", sourceLocation: sourceLocation)
            return
        }
    }
}

/// Expects a tensor to have the given shape and scalars.
public func expectClose(
    _ actual: Tensor, _ expected: Tensor, tolerance: Float = 1e-5,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.shape == expected.shape, comment, sourceLocation: sourceLocation)
    expectClose(actual.scalars, expected.scalars, tolerance: tolerance, comment, sourceLocation: sourceLocation)
}
