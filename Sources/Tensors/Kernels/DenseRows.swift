import CKernels

/// Rows of a Dense layer at inference into memory the caller owns, with the kernel choice of
/// ``Tensor/denseInference(kernel:bias:relu:)``: one row in the row kernel (BLAS's one-row path), several rows of
/// ``kernelMinimumOutputs`` outputs or more on AVX-512 in the several-rows kernel (with the caller's work space: no
/// allocation), other products in BLAS with the bias and ReLU around it. Each row's outputs then come out the same
/// whichever block of rows it is computed in, as long as a block of several rows is never cut down to one.
public enum DenseRows {
    /// The fewest outputs for which several rows go to the several-rows kernel: with fewer a group of rows reuses
    /// its inputs too little (a 300 → 100 ReLU layer measured 9.5–11 ms for 10,000 rows in the kernel, about 7 in
    /// OpenBLAS).
    public static let kernelMinimumOutputs = 128

    /// The rows of a block: the products of a batch are cut in blocks of this many rows.
    public static let blockRows = 128

    /// The blocks a batch of `rows` rows is computed in, on one thread or two: ``blockRows`` rows each from the
    /// first, the last taking one more rather than leaving a row alone (one row goes to the row kernel). They
    /// depend on the rows alone because OpenBLAS rounds a row differently depending on where it lies in its tiles:
    /// so a row's outputs are the same on one thread and two, and in a prediction plan.
    public static func blocks(rows: Int) -> [Range<Int>] {
        guard rows > blockRows + 1 else { return rows > 0 ? [0..<rows] : [] }
        var blocks: [Range<Int>] = []
        blocks.reserveCapacity(rows / blockRows)
        var lower = 0
        while lower < rows {
            let upper = rows - lower <= blockRows + 1 ? rows : lower + blockRows
            blocks.append(lower..<upper)
            lower = upper
        }
        return blocks
    }

    /// Whether several rows of `outputs` outputs go to the several-rows kernel on this processor.
    public static func usesKernel(outputs: Int) -> Bool { outputs >= kernelMinimumOutputs && BLAS.hasAVX512 }

    /// The bytes of work space ``compute(_:rows:inputs:kernel:outputs:bias:relu:into:scratch:)`` needs for up to
    /// `rows` rows of `inputs` inputs (at least 8).
    public static func scratchBytes(rows: Int, inputs: Int) -> Int {
        BLAS.hasAVX512 ? Swift.max(8, nk_dense_rows_scratch_bytes(rows, inputs)) : 8
    }

    /// `y = x · kernel + bias` for `rows` rows of `inputs` values (row-major), then `max(0, ·)` when `relu`.
    /// `scratch` holds ``scratchBytes(rows:inputs:)`` bytes, 8-byte aligned; `floats`, if given, `rows · outputs`
    /// floats for BLAS's transposed products (then nothing is allocated).
    public static func compute(
        _ x: UnsafePointer<Float>, rows: Int, inputs: Int, kernel: UnsafePointer<Float>, outputs: Int, bias: UnsafePointer<Float>?,
        relu: Bool, into y: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer, floats: UnsafeMutablePointer<Float>? = nil
    ) {
        if rows >= 2 && usesKernel(outputs: outputs) {
            return nk_dense_rows_avx512_into(x, rows, inputs, inputs, kernel, outputs, bias, relu ? 1 : 0, y, scratch)
        }
        blas(x, rows: rows, inputs: inputs, kernel: kernel, outputs: outputs, bias: bias, relu: relu, into: y, floats: floats)
    }

    /// The product in BLAS (one row: its row kernel), the bias copied in first and the ReLU applied after.
    static func blas(
        _ x: UnsafePointer<Float>, rows: Int, inputs: Int, kernel: UnsafePointer<Float>, outputs: Int, bias: UnsafePointer<Float>?,
        relu: Bool, into y: UnsafeMutablePointer<Float>, floats: UnsafeMutablePointer<Float>? = nil
    ) {
        if let bias { for r in 0..<rows { (y + r * outputs).update(from: bias, count: outputs) } }
        BLAS.multiply(
            m: rows, n: outputs, k: inputs, a: x, lda: inputs, b: kernel, ldb: outputs, beta: bias == nil ? 0 : 1, c: y, ldc: outputs,
            scratch: floats)
        if relu {
            // A select, not a branch, so that the loop vectorizes (NaN stays NaN, as in formRelu).
            for i in 0..<rows * outputs { y[i] = y[i] < 0 ? 0 : y[i] }
        }
    }
}
