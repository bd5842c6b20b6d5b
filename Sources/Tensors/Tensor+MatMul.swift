// The matrix product, on BLAS. Transposes go into the BLAS call as flags; nothing is copied.

extension Tensor {
    /// `op(self) · op(other)` for rank-2 tensors, where `op` transposes when asked.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) throws -> Tensor {
        guard rank == 2 && other.rank == 2 else {
            throw TensorError.shapeMismatch(
                operation: "matmul", shapes: [shape, other.shape],
                hint: "both operands must be matrices (rank 2); reshape them first")
        }
        let (m, k) = transposeSelf ? (shape[1], shape[0]) : (shape[0], shape[1])
        let (k2, n) = transposeOther ? (other.shape[1], other.shape[0]) : (other.shape[0], other.shape[1])
        guard k == k2 else {
            let described = "\(transposeSelf ? "aᵀ" : "a")·\(transposeOther ? "bᵀ" : "b")"
            throw TensorError.shapeMismatch(
                operation: "matmul", shapes: [shape, other.shape],
                hint: "\(described) needs the inner sizes to agree, but they are \(k) and \(k2)")
        }
        // BLAS overwrites the result (beta = 0), so it needs no zeroing first; only an empty inner
        // dimension leaves it to be zeros.
        var result =
            k > 0
            ? [Float](unsafeUninitializedCapacity: m * n) { _, count in count = m * n }
            : [Float](repeating: 0, count: m * n)
        if m > 0 && n > 0 && k > 0 {
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    result.withUnsafeMutableBufferPointer { c in
                        // m, n, k > 0: no buffer is empty, so each has a base address.
                        guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                        BLAS.sgemm(
                            transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k, alpha: 1,
                            a: a, lda: shape[1], b: b, ldb: other.shape[1], beta: 0, c: c, ldc: n)
                    }
                }
            }
        }
        let a = self, b = other
        return Tensor(unchecked: result, shape: [m, n]).recording(from: [a, b]) { g in
            // For c = op(a)·op(b): the gradient of op(a) is g·op(b)ᵀ and that of op(b) is op(a)ᵀ·g.
            let ga: Tensor? =
                !a.requiresGradient
                ? nil
                : transposeSelf
                    ? try b.matmul(g, transposeSelf: transposeOther, transposeOther: true)
                    : try g.matmul(b, transposeOther: !transposeOther)
            let gb: Tensor? =
                !b.requiresGradient
                ? nil
                : transposeOther
                    ? try g.matmul(a, transposeSelf: true, transposeOther: transposeSelf)
                    : try a.matmul(g, transposeSelf: !transposeSelf)
            return [ga, gb]
        }
    }
}

extension Tensor {
    /// `self · other + bias` for a matrix batch `self` `[m, k]`, a kernel `[k, n]` and a bias `[n]`:
    /// the bias is written into the result first and BLAS adds the product to it (one pass, no
    /// broadcast temporary). This is the fused primitive behind a dense layer.
    public func matmul(_ other: Tensor, adding bias: Tensor?) throws -> Tensor {
        guard let bias else { return try matmul(other) }
        guard rank == 2, other.rank == 2, shape[1] == other.shape[0], bias.shape == [other.shape[1]] else {
            throw TensorError.shapeMismatch(
                operation: "matmul(_:adding:)", shapes: [shape, other.shape, bias.shape],
                hint: "needs x [m, k], kernel [k, n] and bias [n]")
        }
        let (m, k, n) = (shape[0], shape[1], other.shape[1])
        var result = [Float](unsafeUninitializedCapacity: m * n) { buffer, count in
            bias.scalars.withUnsafeBufferPointer { b in
                for row in 0..<m { for j in 0..<n { buffer[row * n + j] = b[j] } }
            }
            count = m * n
        }
        if m > 0 && n > 0 && k > 0 {
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { w in
                    result.withUnsafeMutableBufferPointer { c in
                        guard let a = a.baseAddress, let w = w.baseAddress, let c = c.baseAddress else { return }
                        BLAS.sgemm(
                            transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a,
                            lda: k, b: w, ldb: n, beta: 1, c: c, ldc: n)
                    }
                }
            }
        }
        let x = self, kernel = other
        return Tensor(unchecked: result, shape: [m, n]).recording(from: [x, kernel, bias]) { g in
            [
                x.requiresGradient ? try g.matmul(kernel, transposeOther: true) : nil,
                kernel.requiresGradient ? try x.matmul(g, transposeSelf: true) : nil,
                bias.requiresGradient ? try g.sum(alongAxes: [0]) : nil,
            ]
        }
    }
}
