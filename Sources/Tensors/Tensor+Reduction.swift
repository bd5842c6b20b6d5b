// Reductions along any axes (`nil` means all), with or without keeping the reduced axes as size 1.

extension Tensor {
    /// The shape after reducing `axes` (already normalized), with or without the reduced axes.
    private func reducedShape(_ axes: [Int], keepingDimensions: Bool) -> (kept: Shape, result: Shape) {
        var kept = shape
        for axis in axes { kept[axis] = 1 }
        let result = keepingDimensions ? kept : Shape((0..<rank).filter { !axes.contains($0) }.map { shape[$0] })
        return (kept, result)
    }

    public func sum(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) throws -> Tensor {
        let axes = try shape.normalizedAxes(axes, operation: "sum")
        let (kept, result) = reducedShape(axes, keepingDimensions: keepingDimensions)
        let output = Tensor(unchecked: Kernels.reduce(scalars, shape, axes: axes, initial: 0) { $0 + Double($1) }, shape: result)
        return output.recording(from: [self]) { g in [try g.reshaped(to: kept).broadcasted(to: self.shape)] }
    }

    public func mean(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) throws -> Tensor {
        let resolved = try shape.normalizedAxes(axes, operation: "mean")
        let count = resolved.reduce(1) { $0 * shape[$1] }
        guard count > 0 else {
            throw TensorError.invalidArgument(operation: "mean", reason: "the mean of zero elements (shape \(shape)) is undefined")
        }
        return try sum(alongAxes: resolved, keepingDimensions: keepingDimensions) / Float(count)
    }

    /// The largest element along `axes`; where several tie, the gradient is shared equally among them.
    public func max(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) throws -> Tensor {
        try extreme(axes, keepingDimensions, "max", initial: -.infinity) { Swift.max($0, Double($1)) }
    }

    /// The smallest element along `axes`; where several tie, the gradient is shared equally among them.
    public func min(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) throws -> Tensor {
        try extreme(axes, keepingDimensions, "min", initial: .infinity) { Swift.min($0, Double($1)) }
    }

    private func extreme(
        _ axes: [Int]?, _ keepingDimensions: Bool, _ operation: String, initial: Double, _ combine: (Double, Float) -> Double
    ) throws -> Tensor {
        let axes = try shape.normalizedAxes(axes, operation: operation)
        guard elementCount > 0 else {
            throw TensorError.invalidArgument(operation: operation, reason: "an empty tensor (shape \(shape)) has no \(operation)")
        }
        let (kept, result) = reducedShape(axes, keepingDimensions: keepingDimensions)
        let values = Kernels.reduce(scalars, shape, axes: axes, initial: initial, combine)
        let output = Tensor(unchecked: values, shape: result)
        return output.recording(from: [self]) { g in
            let winners = try self .== Tensor(unchecked: values, shape: kept)
            let ties = try winners.sum(alongAxes: axes, keepingDimensions: true)
            return [try g.reshaped(to: kept) * winners / ties]
        }
    }

    /// The index of the largest element along `axis`, as a tensor of whole numbers (first one on ties).
    public func argmax(alongAxis axis: Int = -1) throws -> Tensor {
        try argExtreme(axis, "argmax", >)
    }

    /// The index of the smallest element along `axis` (first one on ties).
    public func argmin(alongAxis axis: Int = -1) throws -> Tensor {
        try argExtreme(axis, "argmin", <)
    }

    private func argExtreme(_ axis: Int, _ operation: String, _ better: (Float, Float) -> Bool) throws -> Tensor {
        let axis = try shape.normalizedAxis(axis, operation: operation)
        let length = shape[axis]
        guard length > 0 else {
            throw TensorError.invalidArgument(operation: operation, reason: "axis \(axis) of shape \(shape) is empty")
        }
        let inner = shape.dimensions[(axis + 1)...].reduce(1, *), outer = elementCount / (length * inner)
        var result = [Float](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = scalars[o * length * inner + i], bestIndex = 0
                for k in 1..<Swift.max(length, 1) {
                    let value = scalars[(o * length + k) * inner + i]
                    if better(value, best) {
                        best = value
                        bestIndex = k
                    }
                }
                result[o * inner + i] = Float(bestIndex)
            }
        }
        var resultShape = shape
        resultShape.dimensions.remove(at: axis)
        return Tensor(unchecked: result, shape: resultShape)
    }

    /// `log(sum(exp(x)))` along `axes`, computed without overflow by shifting by the maximum.
    public func logSumExp(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) throws -> Tensor {
        let axes = try shape.normalizedAxes(axes, operation: "logsumexp")
        // The shift is a constant for differentiation: its gradient terms cancel exactly.
        let shift = try max(alongAxes: axes, keepingDimensions: true).detached()
        let safeShift = Tensor(unchecked: shift.scalars.map { $0.isFinite ? $0 : 0 }, shape: shift.shape)
        let result = try (self - safeShift).exp().sum(alongAxes: axes, keepingDimensions: true).log() + safeShift
        return keepingDimensions ? result : try result.reshaped(to: reducedShape(axes, keepingDimensions: false).result)
    }
}
