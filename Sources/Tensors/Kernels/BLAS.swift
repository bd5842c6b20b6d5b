import CKernels
import COpenBLAS

/// Matrix products on OpenBLAS, with the CPU kernels and thread count reported and settable.
///
/// NeuralKit loads OpenBLAS itself on first use. Unless `OPENBLAS_CORETYPE` is set, it first picks the
/// kernels that fit the processor's instruction set, so that an OpenBLAS older than the processor
/// still runs its fast kernels. It uses one thread unless told otherwise (`OPENBLAS_NUM_THREADS`, or
/// ``setThreads(_:)``): the chapter's matrices are small, and a second thread helps little there.
public enum BLAS {
    /// Which library and kernels compute matrix products.
    public struct Configuration: Sendable, Codable, Equatable, CustomStringConvertible {
        /// The kernel family OpenBLAS runs (`openblas_get_corename()`), or "fallback" without OpenBLAS.
        public var core: String
        /// The number of threads matrix products may use.
        public var threads: Int
        /// How the kernel family was chosen.
        public var coreChoice: String
        /// OpenBLAS's own description of its build, or why it could not be loaded.
        public var library: String

        public var description: String { "BLAS: \(core) kernels (\(coreChoice)), \(threads) thread(s); \(library)" }
    }

    /// The library in use, its kernels and its thread count.
    public static var configuration: Configuration {
        guard let library = OpenBLASLibrary.shared else {
            return Configuration(
                core: "fallback", threads: 1, coreChoice: "OpenBLAS not found",
                library: OpenBLASLibrary.loadFailure + " (install Debian's libopenblas0 for fast matrix products)")
        }
        return Configuration(
            core: library.coreName, threads: Int(library.getThreads()),
            coreChoice: library.coreChoice, library: library.buildDescription)
    }

    /// Sets the number of threads matrix products use, 1 or more. Set it before training, not while
    /// another thread is multiplying matrices: OpenBLAS does not change its threads safely under a product.
    public static func setThreads(_ count: Int) throws {
        guard count >= 1 else {
            throw TensorError.invalidArgument(operation: "BLAS.setThreads", reason: "needs at least 1 thread, not \(count)")
        }
        OpenBLASLibrary.shared?.setThreads(Int32(count))
    }

    /// `c = alpha · op(a) · op(b) + beta · c` on row-major matrices, where `op` transposes when asked;
    /// `op(a)` is m×k, `op(b)` is k×n, `c` is m×n.
    ///
    /// `scratch`, if given, holds at least `m·n` floats for the products computed transposed (see
    /// ``prefersTransposedProduct(m:n:k:)``); without it such a product allocates its own.
    static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, scratch: UnsafeMutablePointer<Float>? = nil
    ) {
        guard m > 0 && n > 0 else { return }
        if m == 1 && !transposeB && k > 0 {
            // One row times a row-major matrix (predicting one sample): visit only the rows of b that the
            // row's nonzero values select. Half the pixels of an image and half a ReLU layer's outputs
            // are zero, so this reads half the kernel that sgemv would stream from memory.
            if beta == 0 { for j in 0..<n { c[j] = 0 } } else if beta != 1 { for j in 0..<n { c[j] *= beta } }
            let incx = transposeA ? lda : 1
            if rowKernelHasAVX2 {
                _ = nk_row_times_matrix_avx2(a, incx, k, b, ldb, n, alpha, c)
            } else {
                _ = nk_row_times_matrix(a, incx, k, b, ldb, n, alpha, c)
            }
            return
        }
        guard let library = OpenBLASLibrary.shared else {
            fallbackSgemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        let noTrans = CblasNoTrans, trans = CblasTrans
        if (m == 1 || n == 1) && beta == 0 {
            // sgemv scales y by beta rather than ignoring it, so an uninitialized y must be zeroed.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = 0 } }
        }
        if m == 1 {
            // One row (predicting one sample): a matrix-vector product, several times faster than sgemm.
            let incx = Int32(transposeA ? lda : 1)
            if transposeB {
                library.sgemv(CblasRowMajor, noTrans, Int32(n), Int32(k), alpha, b, Int32(ldb), a, incx, beta, c, 1)
            } else {
                library.sgemv(CblasRowMajor, trans, Int32(k), Int32(n), alpha, b, Int32(ldb), a, incx, beta, c, 1)
            }
        } else if n == 1 {
            let incx = Int32(transposeB ? 1 : ldb)
            if transposeA {
                library.sgemv(CblasRowMajor, trans, Int32(k), Int32(m), alpha, a, Int32(lda), b, incx, beta, c, Int32(ldc))
            } else {
                library.sgemv(CblasRowMajor, noTrans, Int32(m), Int32(k), alpha, a, Int32(lda), b, incx, beta, c, Int32(ldc))
            }
        } else if library.getThreads() == 1 && prefersTransposedProduct(m: m, n: n, k: k) {
            // Compute Cᵀ = op(B)ᵀ·op(A)ᵀ into a scratch matrix and transpose it back: the copy costs
            // far less than the slow path it avoids.
            var owned: [Float] = []
            if scratch == nil { owned = [Float](unsafeUninitializedCapacity: m * n) { _, count in count = m * n } }
            owned.withUnsafeMutableBufferPointer { own in
                guard let t = scratch ?? own.baseAddress else { return }
                library.sgemm(
                    CblasRowMajor, transposeB ? noTrans : trans, transposeA ? noTrans : trans,
                    Int32(n), Int32(m), Int32(k), alpha, b, Int32(ldb), a, Int32(lda), 0, t, Int32(m))
                // Transpose back in 32×32 tiles, so that both sides stay in cache.
                let tile = 32
                for i0 in stride(from: 0, to: m, by: tile) {
                    for j0 in stride(from: 0, to: n, by: tile) {
                        for i in i0..<Swift.min(i0 + tile, m) {
                            let row = c + i * ldc
                            if beta == 0 {
                                for j in j0..<Swift.min(j0 + tile, n) { row[j] = t[j * m + i] }
                            } else {
                                for j in j0..<Swift.min(j0 + tile, n) { row[j] = beta * row[j] + t[j * m + i] }
                            }
                        }
                    }
                }
            }
        } else {
            library.sgemm(
                CblasRowMajor, transposeA ? trans : noTrans, transposeB ? trans : noTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }

    /// Whether a core's second-level cache holds less than 1 MB (read once from sysfs; unknown counts as small).
    static let smallSecondLevelCache: Bool = (CPUFeatures.secondLevelCacheBytes() ?? 0) < 1 << 20

    /// Whether the row kernel may use AVX2 and FMA (read once from /proc/cpuinfo).
    static let rowKernelHasAVX2: Bool = {
        let flags = CPUFeatures.current().flags
        return flags.contains("avx2") && flags.contains("fma")
    }()

    /// Whether the processor has AVX-512 F, BW and VL, for the several-rows Dense kernel (read once from /proc/cpuinfo).
    static let hasAVX512: Bool = ["avx512f", "avx512bw", "avx512vl"].allSatisfy(CPUFeatures.current().flags.contains)

    /// Whether the processor also has AVX-512 VNNI (`vpdpbusd`), for the int8 kernel.
    static let hasAVX512VNNI: Bool = hasAVX512 && CPUFeatures.current().flags.contains("avx512_vnni")

    /// Whether single-threaded OpenBLAS computes `c = a·b` faster as its transpose. Measured on
    /// OpenBLAS 0.3.21: with one thread, a row-major product with fewer than 384 columns and an inner
    /// size above 48 runs at a third of the speed (12 vs 35 GFLOP/s on a Zen core); so does one with
    /// few rows. Swapping the roles helps when the rows become columns of 384 or more, or when there
    /// are fewer rows than columns. With two threads OpenBLAS splits such products well (54–68 GFLOP/s)
    /// and the direct call is fastest.
    ///
    /// On a Zen 4 core (1 MB of L2) the direct product runs as fast as the transposed one at every such shape
    /// (93–105 GFLOP/s for 32×784·784×300 up to 32×3000·3000×300), so the copy back would be pure cost: the
    /// rule applies only where the second-level cache is smaller than 1 MB, as on the Zen 2 it was measured on.
    static func prefersTransposedProduct(m: Int, n: Int, k: Int) -> Bool {
        guard smallSecondLevelCache, n < 384 && k > 48 && m * n * k >= 100_000 else { return false }
        return m >= 384 || m < n
    }

    /// A plain-loop sgemm with the same contract: used when OpenBLAS is missing, and as the reference in tests.
    static func fallbackSgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            let row = c + i * ldc
            for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
            for p in 0..<k {
                let aip = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p])
                if aip == 0 { continue }
                if transposeB {
                    for j in 0..<n { row[j] += aip * b[j * ldb + p] }
                } else {
                    let bRow = b + p * ldb
                    for j in 0..<n { row[j] += aip * bRow[j] }
                }
            }
        }
    }
}
