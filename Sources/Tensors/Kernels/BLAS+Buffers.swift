extension BLAS {
    /// `c = alpha · op(a) · op(b) + beta · c` on row-major matrices in memory the caller owns: for code that
    /// plans its buffers once (a planned training step) instead of making a tensor per product. `op(a)` is
    /// m×k, `op(b)` is k×n, `c` is m×n with rows `ldc` apart. With `beta = 1` nothing is zeroed or scaled
    /// first, so a product can add itself to what `c` holds (a bias, or the weights themselves).
    /// `scratch`, if given, holds `m·n` floats for the shapes this library computes transposed, so that
    /// the call allocates nothing.
    public static func multiply(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, scratch: UnsafeMutablePointer<Float>? = nil
    ) {
        guard k > 0 else {
            // An empty sum: c keeps beta·c.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        sgemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc, scratch: scratch)
    }
}

extension BLAS {
    /// The number of threads matrix products may use (OpenBLAS's setting; 1 without OpenBLAS).
    public static var threads: Int { Int(OpenBLASLibrary.shared?.getThreads() ?? 1) }

    /// Runs `body` with OpenBLAS on one thread, then restores the thread count: for code that splits its
    /// products over threads of its own, each of which calls BLAS. No other thread may multiply meanwhile.
    public static func singleThreaded<R>(_ body: () throws -> R) rethrows -> R {
        guard let library = OpenBLASLibrary.shared else { return try body() }
        let count = library.getThreads()
        guard count > 1 else { return try body() }
        library.setThreads(1)
        defer { library.setThreads(count) }
        return try body()
    }
}
