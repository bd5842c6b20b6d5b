import CKernels
import Dispatch
import Synchronization

extension Tensor {
    /// `self · kernel + bias`, then `max(0, ·)` when `relu`: a Dense layer at inference, recording nothing, in one
    /// pass over the output. A single row goes to the row kernel (the nonzero inputs' kernel rows only); several
    /// rows of 128 outputs or more, on a processor with AVX-512, to the several-rows kernel, which skips the inputs that are zero in a
    /// group of rows and adds the bias and the ReLU as it stores each output (on both cores when BLAS may use two). Each row's outputs are then the same alone and in a batch. Elsewhere, BLAS.
    public func denseInference(kernel: Tensor, bias: Tensor?, relu: Bool) throws -> Tensor {
        guard rank == 2, kernel.rank == 2, shape[1] == kernel.shape[0], bias.map({ $0.shape == [kernel.shape[1]] }) ?? true else {
            throw TensorError.shapeMismatch(
                operation: "denseInference", shapes: [shape, kernel.shape] + (bias.map { [$0.shape] } ?? []),
                hint: "needs x [m, k], kernel [k, n] and bias [n]")
        }
        guard !GradientMode.isEnabled || ![self, kernel].contains(where: \.requiresGradient) && bias?.requiresGradient != true else {
            throw TensorError.invalidArgument(operation: "denseInference", reason: "gradients are being recorded; use matmul(_:adding:)")
        }
        let (m, k, n) = (shape[0], shape[1], kernel.shape[1])
        let parts = BLAS.threads >= 2 ? Swift.min(8, m / 64) : 1
        // Narrower layers go to BLAS: with fewer than 128 outputs a group of rows reuses its inputs too little (a
        // 300 → 100 ReLU layer measured 9.5–11 ms for 10,000 rows here, against about 7 in OpenBLAS).
        if m >= 2 && k > 0 && n >= 128 && BLAS.hasAVX512,
            let scalars = Self.severalRows(scalars, m: m, k: k, kernel: kernel, bias: bias, relu: relu, parts: parts)
        {
            return Tensor(unchecked: scalars, shape: [m, n])
        }
        let output = try GradientMode.withoutRecording { try matmul(kernel, adding: bias) }
        if relu { try output.formRelu() }
        return output
    }

    /// The several-rows AVX-512 kernel; when BLAS may use two threads and there are rows enough, in up to 8 parts
    /// of at least 64 rows that both cores take as they come (a busy core takes fewer). Nil when it could not
    /// allocate its work space.
    static func severalRows(_ x: [Float], m: Int, k: Int, kernel: Tensor, bias: Tensor?, relu: Bool, parts: Int) -> [Float]? {
        let n = kernel.shape[1]
        var succeeded = false
        let output = [Float](unsafeUninitializedCapacity: m * n) { buffer, count in
            count = m * n
            // m, n, k > 0 (the caller checks): every buffer has a base address.
            guard let y = buffer.baseAddress else { return }
            x.withUnsafeBufferPointer { xp in
                kernel.scalars.withUnsafeBufferPointer { wp in
                    let run = { (b: UnsafePointer<Float>?) in
                        guard let xb = xp.baseAddress, let wb = wp.baseAddress else { return }
                        let pointers = RowPointers(x: xb, w: wb, bias: b, y: y)
                        guard parts >= 2 else {
                            succeeded = nk_dense_rows_avx512(pointers.x, m, k, pointers.w, n, b, relu ? 1 : 0, pointers.y) == 1
                            return
                        }
                        let failures = Atomic<Int>(0), size = (m + parts - 1) / parts
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            let start = part * size, rows = Swift.min(size, m - start)
                            guard rows > 0 else { return }
                            let done = nk_dense_rows_avx512(
                                pointers.x + start * k, rows, k, pointers.w, n, pointers.bias, relu ? 1 : 0, pointers.y + start * n)
                            if done != 1 { failures.add(1, ordering: .relaxed) }
                        }
                        succeeded = failures.load(ordering: .relaxed) == 0
                    }
                    if let bias { bias.scalars.withUnsafeBufferPointer { run($0.baseAddress) } } else { run(nil) }
                }
            }
        }
        return succeeded ? output : nil
    }
}

/// The buffers of one several-rows product, handed to the threads that share it: each writes its own rows.
private struct RowPointers: @unchecked Sendable {
    let x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>
}
