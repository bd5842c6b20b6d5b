import Tensors

extension Activation {
    /// Softmax over several axes at once (Keras's `softmax(x, axis=(1, 2))`): `exp(x − max) / Σ exp(x − max)`.
    func softmax(_ x: Tensor, axes: [Int]) throws -> Tensor {
        let resolved = try resolve(axes, rank: x.rank)
        let shifted = try x - x.max(alongAxes: resolved, keepingDimensions: true).detached()
        let e = shifted.exp()
        return try e / e.sum(alongAxes: resolved, keepingDimensions: true)
    }

    /// Log-softmax over several axes at once: `(x − max) − log Σ exp(x − max)`, stable for large inputs.
    func logSoftmax(_ x: Tensor, axes: [Int]) throws -> Tensor {
        let resolved = try resolve(axes, rank: x.rank)
        let shifted = try x - x.max(alongAxes: resolved, keepingDimensions: true).detached()
        return try shifted - shifted.exp().sum(alongAxes: resolved, keepingDimensions: true).log()
    }

    /// Sparsemax (Martins & Astudillo 2016): the Euclidean projection onto the probability simplex along
    /// `axis`, `max(x − τ, 0)` with `τ = (Σ_{support} x − 1)/k` over the k largest entries that stay
    /// positive. The support is found from the values; τ is then a sum over it, so the gradient is
    /// sparsemax's own Jacobian (`δᵢⱼ − 1/k` inside the support, 0 outside).
    func sparsemax(_ x: Tensor, axis: Int) throws -> Tensor {
        let resolved = try resolve([axis], rank: x.rank)[0]
        let dims = x.shape.dimensions, length = dims[resolved]
        let inner = dims[(resolved + 1)...].reduce(1, *), outer = dims[..<resolved].reduce(1, *)
        let values = x.scalars
        var mask = [Float](repeating: 0, count: values.count), counts = [Float](repeating: 1, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                let indices = (0..<length).map { (o * length + $0) * inner + i }
                let sorted = indices.sorted { values[$0] > values[$1] }
                var sum: Float = 0, k = 0
                for (rank, index) in sorted.enumerated() {
                    sum += values[index]
                    if values[index] - (sum - 1) / Float(rank + 1) > 0 { k = rank + 1 } else { break }
                }
                for index in sorted.prefix(k) { mask[index] = 1 }
                counts[o * inner + i] = Float(Swift.max(k, 1))
            }
        }
        var reducedShape = dims
        reducedShape[resolved] = 1
        let support = try Tensor(mask, shape: x.shape), k = try Tensor(counts, shape: Shape(reducedShape))
        let tau = try ((x * support).sum(alongAxes: [resolved], keepingDimensions: true) - 1) / k
        return try (x - tau).relu()
    }

    private func resolve(_ axes: [Int], rank: Int) throws -> [Int] {
        try axes.map { axis in
            let resolved = axis < 0 ? axis + rank : axis
            guard resolved >= 0, resolved < rank else {
                throw LayerError.invalidArgument("\(kerasName): axis \(axis) is not an axis of a tensor of rank \(rank)")
            }
            return resolved
        }
    }
}
