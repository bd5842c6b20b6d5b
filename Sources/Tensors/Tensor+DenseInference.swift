import CKernels
import Dispatch
import Synchronization

extension Tensor {
    /// `self · kernel + bias`, then `max(0, ·)` when `relu`: a Dense layer at inference, recording nothing, in one
    /// pass over the output. A single row goes to the row kernel (the nonzero inputs' kernel rows only). Several rows
    /// of 128 outputs or more, on a processor with AVX-512, go to the several-rows kernel, which skips the inputs
    /// that are zero in a group of rows and adds the bias and the ReLU as it stores each output (each row's outputs
    /// are then the same alone and in a batch); narrower layers and other processors, to BLAS. When BLAS may use
    /// two threads, the rows are split in parts that both cores take as they come, each part on one thread.
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
        guard m >= 2 && k > 0 && n > 0 else {
            // Nothing here requires a gradient (or nothing records): the product records nothing.
            let output = try matmul(kernel, adding: bias)
            if relu { try output.formRelu() }
            return output
        }
        // With fewer than 128 outputs a group of rows reuses its inputs too little (a 300 → 100 ReLU layer measured
        // 9.5–11 ms for 10,000 rows in the kernel, about 7 in OpenBLAS): BLAS then. The kernel's AVX2 version (which the
        // training step uses on processors without AVX-512) measured level with OpenBLAS's AVX2 kernels here (10,000
        // Fashion-MNIST rows in batches of 1,024 through the chapter's model: 0.97× their time, 0.73–1.04 over paired
        // runs on a Zen 4 core): BLAS too.
        let kernelRows = n >= 128 && BLAS.hasAVX512
        let parts = BLAS.threads >= 2 ? Swift.min(8, m / 64) : 1
        guard let scalars = Self.rows(scalars, m: m, k: k, kernel: kernel, bias: bias, relu: relu, parts: parts, kernelRows: kernelRows) else {
            throw TensorError.invalidArgument(operation: "denseInference", reason: "out of memory for \(m) rows of \(k) inputs")
        }
        return Tensor(unchecked: scalars, shape: [m, n])
    }

    /// The rows in `parts` parts (on both cores when 2 or more: the parts are taken as they come, so a busy core
    /// takes fewer, and BLAS runs on one thread in each, rather than its own threads spinning against them), each
    /// in the several-rows kernel when `kernelRows`, else in BLAS with the bias and ReLU around it. Nil when the
    /// kernel could not allocate its work space.
    static func rows(_ x: [Float], m: Int, k: Int, kernel: Tensor, bias: Tensor?, relu: Bool, parts: Int, kernelRows: Bool) -> [Float]? {
        let n = kernel.shape[1]
        let failures = Atomic<Int>(0)
        let output = [Float](unsafeUninitializedCapacity: m * n) { buffer, count in
            count = m * n
            // m, n, k > 0 (the caller checks): every buffer has a base address.
            guard let y = buffer.baseAddress else { return }
            x.withUnsafeBufferPointer { xp in
                kernel.scalars.withUnsafeBufferPointer { wp in
                    let run = { (b: UnsafePointer<Float>?) in
                        guard let xb = xp.baseAddress, let wb = wp.baseAddress else { return }
                        let part = RowPart(x: xb, w: wb, bias: b, y: y, k: k, n: n, relu: relu, kernelRows: kernelRows)
                        guard parts >= 2 else {
                            if !part.run(start: 0, rows: m) { failures.add(1, ordering: .relaxed) }
                            return
                        }
                        let size = (m + parts - 1) / parts
                        BLAS.singleThreaded {
                            DispatchQueue.concurrentPerform(iterations: parts) { index in
                                let start = index * size, rows = Swift.min(size, m - start)
                                if rows > 0 && !part.run(start: start, rows: rows) { failures.add(1, ordering: .relaxed) }
                            }
                        }
                    }
                    if let bias { bias.scalars.withUnsafeBufferPointer { run($0.baseAddress) } } else { run(nil) }
                }
            }
        }
        return failures.load(ordering: .relaxed) == 0 ? output : nil
    }
}

/// One Dense product at inference, run on a range of its rows (by whichever thread takes the range): each range
/// writes only its own rows of `y`.
private struct RowPart: @unchecked Sendable {
    let x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>
    let k: Int, n: Int, relu: Bool, kernelRows: Bool

    func run(start: Int, rows: Int) -> Bool {
        let (input, output) = (x + start * k, y + start * n)
        if kernelRows { return nk_dense_rows_avx512(input, rows, k, w, n, bias, relu ? 1 : 0, output) == 1 }
        if let bias { for r in 0..<rows { (output + r * n).update(from: bias, count: n) } }
        BLAS.multiply(m: rows, n: n, k: k, a: input, lda: k, b: w, ldb: n, beta: bias == nil ? 0 : 1, c: output, ldc: n)
        if relu {
            // A select, not a branch, so that the loop vectorizes (NaN stays NaN, as in formRelu).
            for i in 0..<rows * n { output[i] = output[i] < 0 ? 0 : output[i] }
        }
        return true
    }
}
