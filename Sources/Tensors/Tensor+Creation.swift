// Tensors filled with constants, ranges and seeded random numbers.

extension Tensor {
    public static func zeros(_ shape: Shape) throws -> Tensor { try full(shape, 0) }
    public static func ones(_ shape: Shape) throws -> Tensor { try full(shape, 1) }

    public static func full(_ shape: Shape, _ value: Float) throws -> Tensor {
        try Tensor([Float](repeating: value, count: try checkedCount(shape, "full")), shape: shape)
    }

    /// `start, start + step, …` up to but excluding `end`, as NumPy's `arange`.
    public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw TensorError.invalidArgument(operation: "arange", reason: "start, end and step must be finite and step nonzero")
        }
        let count = Swift.max(0, Int((Double(end - start) / Double(step)).rounded(.up)))
        return Tensor((0..<count).map { start + Float($0) * step })
    }

    /// Samples uniform in `[low, high)`.
    public static func uniform(_ shape: Shape, low: Float = 0, high: Float = 1, using generator: inout RandomGenerator) throws -> Tensor {
        let count = try checkedCount(shape, "uniform")
        return Tensor(unchecked: (0..<count).map { _ in low + (high - low) * generator.nextUnitFloat() }, shape: shape)
    }

    /// Samples from a normal distribution.
    public static func normal(_ shape: Shape, mean: Float = 0, standardDeviation: Float = 1, using generator: inout RandomGenerator) throws -> Tensor {
        let count = try checkedCount(shape, "normal")
        return Tensor(unchecked: (0..<count).map { _ in mean + standardDeviation * generator.nextNormal() }, shape: shape)
    }

    /// Samples from a normal distribution, redrawing any sample more than two standard deviations from
    /// the mean (Keras's and TensorFlow's truncated normal).
    public static func truncatedNormal(_ shape: Shape, mean: Float = 0, standardDeviation: Float = 1, using generator: inout RandomGenerator) throws -> Tensor {
        let count = try checkedCount(shape, "truncatedNormal")
        return Tensor(
            unchecked: (0..<count).map { _ in
                var z = generator.nextNormal()
                while Swift.abs(z) > 2 { z = generator.nextNormal() }
                return mean + standardDeviation * z
            }, shape: shape)
    }

    private static func checkedCount(_ shape: Shape, _ operation: String) throws -> Int {
        try AllocationBudget.reserve(shape, operation)
    }
}
