import CKernels
import Dispatch
import Synchronization

extension Tensor {
    /// `self · kernel + bias`, then `max(0, ·)` when `relu`: a Dense layer at inference, recording nothing, in one
    /// pass over the output. A single row goes to the row kernel (the nonzero inputs' kernel rows only). Several rows
    /// of 128 outputs or more, on a processor with AVX-512, go to the several-rows kernel, which skips the inputs
    /// that are zero in a group of rows and adds the bias and the ReLU as it stores each output (each row's outputs
    /// are then the same alone and in a batch); narrower layers and other processors, to BLAS. The rows are cut in
    /// the blocks of ``DenseRows/blocks(rows:)``, each on one BLAS thread; when BLAS may use two threads, both cores
    /// take the blocks as they come. The outputs are the same on one thread and two, bit for bit.
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
        // With fewer than 128 outputs a group of rows reuses its inputs too little: BLAS then (DenseRows). The
        // kernel's AVX2 version (which the training step uses on processors without AVX-512) measured no faster than
        // OpenBLAS's AVX2 kernels at the sizes predict hands it (784 → 300, parts of 128 and 1,024 rows: 0.95–1.2×
        // their time on a Zen 4 core): BLAS there too.
        let kernelRows = DenseRows.usesKernel(outputs: n)
        let threads = BLAS.threads >= 2 ? 2 : 1
        guard let scalars = Self.rows(scalars, m: m, k: k, kernel: kernel, bias: bias, relu: relu, threads: threads, kernelRows: kernelRows) else {
            throw TensorError.invalidArgument(operation: "denseInference", reason: "out of memory for \(m) rows of \(k) inputs")
        }
        return Tensor(unchecked: scalars, shape: [m, n])
    }

    /// The rows in the blocks of ``DenseRows/blocks(rows:)`` (on both cores when `threads` is 2: the blocks are taken
    /// as they come, so a busy core takes fewer, and BLAS runs on one thread in each, rather than its own threads
    /// spinning against them), each in the several-rows kernel when `kernelRows`, else in BLAS with the bias and
    /// ReLU around it. Nil when the kernel could not allocate its work space.
    static func rows(_ x: [Float], m: Int, k: Int, kernel: Tensor, bias: Tensor?, relu: Bool, threads: Int, kernelRows: Bool) -> [Float]? {
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
                        let blocks = DenseRows.blocks(rows: m)
                        BLAS.singleThreaded {
                            guard threads >= 2 && blocks.count >= 2 else {
                                for block in blocks where !part.run(start: block.lowerBound, rows: block.count) { failures.add(1, ordering: .relaxed) }
                                return
                            }
                            DispatchQueue.concurrentPerform(iterations: blocks.count) { index in
                                let block = blocks[index]
                                if !part.run(start: block.lowerBound, rows: block.count) { failures.add(1, ordering: .relaxed) }
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
        DenseRows.blas(input, rows: rows, inputs: k, kernel: w, outputs: n, bias: bias, relu: relu, into: output)
        return true
    }
}
