import Foundation

// Softmax and log-softmax, composed from primitives so that their gradients need no rule of their own.

extension Tensor {
    /// `x - logsumexp(x)` along `axis`: log-probabilities that stay finite for any finite logits.
    public func logSoftmax(alongAxis axis: Int = -1) throws -> Tensor {
        try self - logSumExp(alongAxes: [axis], keepingDimensions: true)
    }

    /// `exp(x) / sum(exp(x))` along `axis`, computed as `exp(x - max) / sum(exp(x - max))` so that it
    /// cannot overflow: one pass per row for the last axis (the output layer of a classifier), where
    /// the pullback is `s · (g - Σ g·s)`; `exp(logSoftmax(x))` for other axes.
    public func softmax(alongAxis axis: Int = -1) throws -> Tensor {
        if rank >= 1 && (axis == -1 || axis == rank - 1) && shape[rank - 1] > 0 {
            let classes = shape[rank - 1], rows = elementCount / classes
            let values = [Float](unsafeUninitializedCapacity: elementCount) { output, count in
                scalars.withUnsafeBufferPointer { x in
                    // rows > 0 and classes > 0 here, so both buffers have a base address.
                    guard let input = x.baseAddress, let base = output.baseAddress else { return }
                    for r in 0..<rows {
                        let out = base + r * classes
                        let (_, total) = Softmax.exponentials(input + r * classes, into: out, count: classes)
                        let scale = 1 / total
                        for c in 0..<classes { out[c] *= scale }
                    }
                }
                count = elementCount
            }
            let plain = Tensor(unchecked: values, shape: shape)
            let probabilities = plain.recording(from: [self]) { g in
                [try plain * (g - (g * plain).sum(alongAxes: [-1], keepingDimensions: true))]
            }
            probabilities.logits = self
            probabilities.logitsKind = .softmax
            return probabilities
        }
        let probabilities = try logSoftmax(alongAxis: axis).exp()
        if axis == -1 || axis == rank - 1 {
            probabilities.logits = self
            probabilities.logitsKind = .softmax
        }
        return probabilities
    }

    /// `-log softmax(logits)[label]` for each row of a `[batch, classes]` tensor: the sparse categorical
    /// cross-entropy from logits, fused into one primitive. Its gradient is `softmax - onehot(label)`.
    public func sparseSoftmaxCrossEntropy(labels: [Int]) throws -> Tensor {
        guard rank == 2 else {
            throw TensorError.shapeMismatch(
                operation: "sparseSoftmaxCrossEntropy", shapes: [shape],
                hint: "logits must be a matrix [batch, classes]")
        }
        let (rows, classes) = (shape[0], shape[1])
        guard labels.count == rows else {
            throw TensorError.invalidArgument(
                operation: "sparseSoftmaxCrossEntropy",
                reason: "\(labels.count) labels for \(rows) rows of logits")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
            throw TensorError.invalidArgument(
                operation: "sparseSoftmaxCrossEntropy",
                reason: "label \(bad) is outside 0..<\(classes); labels must index the \(classes) classes")
        }
        var losses = [Float](repeating: 0, count: rows)
        var probabilities = [Float](repeating: 0, count: rows * classes)
        scalars.withUnsafeBufferPointer { x in
            probabilities.withUnsafeMutableBufferPointer { p in
                guard let input = x.baseAddress else { return }
                for r in 0..<rows {
                    let row = input + r * classes
                    guard let out = p.baseAddress.map({ $0 + r * classes }) else { return }
                    let (maximum, total) = Softmax.exponentials(row, into: out, count: classes)
                    for c in 0..<classes { p[r * classes + c] /= total }
                    losses[r] = Foundation.log(total) + maximum - row[labels[r]]
                }
            }
        }
        return Tensor(unchecked: losses, shape: [rows]).recording(from: [self]) { g in
            var gradient = probabilities
            let upstream = g.scalars
            for r in 0..<rows {
                gradient[r * classes + labels[r]] -= 1
                let scale = upstream[r]
                for c in 0..<classes { gradient[r * classes + c] *= scale }
            }
            return [Tensor(unchecked: gradient, shape: [rows, classes])]
        }
    }
}

/// The one pass every softmax here starts with.
public enum Softmax {
    /// Writes `e^(x − max)` of a row of `count` values to `out` and returns the row's maximum and the sum of
    /// what it wrote (the softmax is `out / total`; the log-sum-exp `log(total) + maximum`).
    @inlinable
    public static func exponentials(_ row: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) -> (maximum: Float, total: Float) {
        var maximum = -Float.infinity
        for c in 0..<count { maximum = Swift.max(maximum, row[c]) }
        var total: Float = 0
        for c in 0..<count {
            let e = Foundation.exp(row[c] - maximum)
            out[c] = e
            total += e
        }
        return (maximum, total)
    }
}
