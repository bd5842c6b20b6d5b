import Tensors
import Testing

/// Checks the gradients that `backward()` gives `f` against central finite differences.
///
/// The scalar that is differentiated is `Σ f(inputs) ⊙ w` for fixed random weights `w`, so that every
/// output element's gradient matters. Each input is perturbed one element at a time by ±`epsilon`;
/// the loss is accumulated in double precision to keep the difference quotient accurate. Inputs should
/// keep a distance greater than `epsilon` from any kink (0 for relu and abs, ties for max).
public func gradientCheck(
    _ inputs: [Tensor], epsilon: Float = 1e-2, tolerance: Float = 1e-2, seed: UInt64 = 7,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Tensor]) throws -> Tensor
) throws {
    let leaves = try inputs.map { try Tensor($0.scalars, shape: $0.shape, requiresGradient: true) }
    let output = try f(leaves)
    var generator = RandomGenerator(seed: seed)
    let weights = try Tensor.uniform(output.shape, low: 0.5, high: 1.5, using: &generator)
    try (output * weights).sum().backward()

    func loss(_ perturbed: [Tensor]) throws -> Double {
        let y = try GradientMode.withoutRecording { try f(perturbed) }
        return zip(y.scalars, weights.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    for (index, input) in inputs.enumerated() {
        guard let analytic = leaves[index].gradient else {
            Issue.record("input \(index) got no gradient", sourceLocation: sourceLocation)
            continue
        }
        #expect(analytic.shape == input.shape, "gradient shape of input \(index)", sourceLocation: sourceLocation)
        var numeric = [Float](repeating: 0, count: input.elementCount)
        for j in 0..<input.elementCount {
            func shifted(_ delta: Float) throws -> [Tensor] {
                var scalars = input.scalars
                scalars[j] += delta
                var copy = inputs
                copy[index] = try Tensor(scalars, shape: input.shape)
                return copy
            }
            numeric[j] = Float((try loss(shifted(epsilon)) - loss(shifted(-epsilon))) / (2 * Double(epsilon)))
        }
        expectClose(analytic.scalars, numeric, tolerance: tolerance, "gradient of input \(index)", sourceLocation: sourceLocation)
    }
}

/// A tensor of uniform values in `range`, from a fixed seed.
public func sample(_ shape: Shape, _ range: ClosedRange<Float> = -2...2, seed: UInt64 = 1) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return try! Tensor.uniform(shape, low: range.lowerBound, high: range.upperBound, using: &generator)
}
