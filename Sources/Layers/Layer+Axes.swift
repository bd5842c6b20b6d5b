import Tensors

extension Layer {
    /// A Keras axis argument (counting the batch axis, negative from the end) resolved against inputs
    /// whose samples have rank `sampleRank`: the axis of the batched tensor, 1…sampleRank. The batch axis
    /// itself, or an axis the inputs lack, is an error naming the argument.
    func resolvedAxis(_ axis: Int, sampleRank: Int, argument: String) throws -> Int {
        let resolved = axis < 0 ? axis + sampleRank + 1 : axis
        guard resolved >= 1, resolved <= sampleRank else {
            throw LayerError.invalidArgument(
                "\(kerasClassName) '\(name)': \(argument)=\(axis) is not a feature axis of inputs of shape (None"
                    + Shape.batchless(sampleRank: sampleRank) + "); use an axis in 1…\(sampleRank) or -\(sampleRank)…-1 "
                    + "(axis 0 is the batch)")
        }
        return resolved
    }

    /// The element count of a sample shape that an argument asks for, checked: a size past 2³¹ elements
    /// (a corrupt or hostile config) is an error naming the argument, never an overflow trap.
    func checkedElementCount(_ dimensions: [Int], argument: String) throws -> Int {
        var count = 1
        for size in dimensions {
            let (product, overflow) = count.multipliedReportingOverflow(by: Swift.max(size, 1))
            guard !overflow, product <= 1 << 31 else {
                throw LayerError.invalidArgument(
                    "\(kerasClassName) '\(name)': \(argument) \(dimensions) asks for more than 2³¹ elements per sample")
            }
            count = product
        }
        return count
    }

    /// `[1, …, size at each of `axes`, …, 1]` of rank `rank`: how a per-feature weight broadcasts.
    func broadcastShape(rank: Int, axes: [Int], sizes: Shape) -> Shape {
        var dimensions = [Int](repeating: 1, count: rank)
        for (axis, size) in zip(axes, sizes.dimensions) { dimensions[axis] = size }
        return Shape(dimensions)
    }
}

extension Shape {
    /// `", …"` placeholders for a sample rank in messages: `(None, …, …)`.
    static func batchless(sampleRank: Int) -> String { String(repeating: ", …", count: sampleRank) }
}
