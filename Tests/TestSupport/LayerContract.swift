import Tensors
import Testing

/// A loss for checking a layer's gradients: `Σ output ⊙ w` for fixed random `w`.
private func probe(_ output: Tensor, seed: UInt64) throws -> (Tensor, Tensor) {
    var generator = RandomGenerator(seed: seed)
    let weights = try Tensor.uniform(output.shape, low: 0.5, high: 1.5, using: &generator)
    return (try (output * weights).sum(), weights)
}

/// Checks, by central finite differences, the gradients `backward()` gives for the input and for
/// every parameter of a computation whose parameters are `parameters` (Keras's `run_layer_test` idea).
/// `forward` must read the parameters' current values each time it runs.
public func gradientCheck(
    input: Tensor, parameters: [Parameter], epsilon: Float = 1e-2, tolerance: Float = 2e-2,
    sourceLocation: SourceLocation = #_sourceLocation, _ forward: (Tensor) throws -> Tensor
) throws {
    let leaf = try Tensor(input.scalars, shape: input.shape, requiresGradient: true)
    parameters.forEach { $0.zeroGradient() }
    let (loss, weights) = try probe(try forward(leaf), seed: 3)
    try loss.backward()
    func value(_ x: Tensor) throws -> Double {
        let y = try GradientMode.withoutRecording { try forward(x) }
        return zip(y.scalars, weights.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    func numeric(count: Int, perturb: (Int, Float) throws -> Void) throws -> [Float] {
        try (0..<count).map { j in
            try perturb(j, epsilon)
            let plus = try value(input)
            try perturb(j, -2 * epsilon)
            let minus = try value(input)
            try perturb(j, epsilon)
            return Float((plus - minus) / (2 * Double(epsilon)))
        }
    }
    if let analytic = leaf.gradient {
        var scalars = input.scalars
        let inputNumeric = try (0..<input.elementCount).map { j -> Float in
            scalars[j] += epsilon
            let plus = try value(try Tensor(scalars, shape: input.shape))
            scalars[j] -= 2 * epsilon
            let minus = try value(try Tensor(scalars, shape: input.shape))
            scalars[j] += epsilon
            return Float((plus - minus) / (2 * Double(epsilon)))
        }
        expectClose(analytic.scalars, inputNumeric, tolerance: tolerance, "input gradient", sourceLocation: sourceLocation)
    }
    for parameter in parameters where parameter.isTrainable {
        guard let analytic = parameter.gradient else {
            Issue.record("parameter '\(parameter.name)' got no gradient", sourceLocation: sourceLocation)
            continue
        }
        let original = parameter.value.scalars
        var current = original
        let numbers = try numeric(count: original.count) { j, delta in
            current[j] += delta
            try parameter.assign(try Tensor(current, shape: parameter.shape))
        }
        try parameter.assign(try Tensor(original, shape: parameter.shape))
        expectClose(analytic.scalars, numbers, tolerance: tolerance, "gradient of '\(parameter.name)'", sourceLocation: sourceLocation)
    }
}
