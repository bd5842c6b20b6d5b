import CKernels
import TestSupport
import Testing

@testable import Tensors

@Suite struct MatMulTests {
    static let transposes = [(false, false), (true, false), (false, true), (true, true)]

    @Test(arguments: transposes)
    func gradientsForEveryTransposeCombination(transposeA: Bool, transposeB: Bool) throws {
        let a = sample(transposeA ? [4, 3] : [3, 4], seed: 1)
        let b = sample(transposeB ? [5, 4] : [4, 5], seed: 2)
        try gradientCheck([a, b]) { try $0[0].matmul($0[1], transposeSelf: transposeA, transposeOther: transposeB) }
    }

    @Test(arguments: transposes)
    func transposedProductsEqualExplicitTransposes(transposeA: Bool, transposeB: Bool) throws {
        let a = sample(transposeA ? [7, 5] : [5, 7], seed: 3), b = sample(transposeB ? [6, 7] : [7, 6], seed: 4)
        let expected = try (transposeA ? a.transposed() : a).matmul(transposeB ? b.transposed() : b)
        expectClose(try a.matmul(b, transposeSelf: transposeA, transposeOther: transposeB), expected)
    }

    /// OpenBLAS against the plain-loop reference, on shapes that cross its blocking sizes.
    @Test(arguments: [(1, 1, 1), (32, 784, 300), (33, 65, 17), (300, 32, 100), (128, 257, 129)])
    func blasAgreesWithThePlainLoop(m: Int, k: Int, n: Int) throws {
        let a = sample([m, k], seed: 5), b = sample([k, n], seed: 6)
        let product = try a.matmul(b)
        var reference = [Float](repeating: 0, count: m * n)
        a.scalars.withUnsafeBufferPointer { ap in
            b.scalars.withUnsafeBufferPointer { bp in
                reference.withUnsafeMutableBufferPointer { cp in
                    BLAS.fallbackSgemm(
                        transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1,
                        a: ap.baseAddress!, lda: k, b: bp.baseAddress!, ldb: n, beta: 0, c: cp.baseAddress!, ldc: n)
                }
            }
        }
        expectClose(product.scalars, reference, tolerance: 1e-4)
    }

    /// Every path of `BLAS.sgemm` (matrix-vector for one row or column, the transposed product, the
    /// direct call) against the plain loop, with every transpose combination and a nonzero beta.
    @Test(arguments: [(1, 7, 6), (5, 7, 1), (1, 7, 1), (64, 100, 300), (400, 64, 50), (3, 2, 4)], transposes)
    func everyProductPathAgreesWithThePlainLoop(shape: (Int, Int, Int), transposes: (Bool, Bool)) throws {
        let (m, k, n) = shape
        let (ta, tb) = transposes
        let a = sample(ta ? [k, m] : [m, k], seed: 11), b = sample(tb ? [n, k] : [k, n], seed: 12)
        var fast = sample([m, n], seed: 13).scalars, slow = fast
        a.scalars.withUnsafeBufferPointer { ap in
            b.scalars.withUnsafeBufferPointer { bp in
                fast.withUnsafeMutableBufferPointer { cp in
                    BLAS.sgemm(
                        transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.5, a: ap.baseAddress!, lda: ta ? m : k,
                        b: bp.baseAddress!, ldb: tb ? k : n, beta: 2, c: cp.baseAddress!, ldc: n)
                }
                slow.withUnsafeMutableBufferPointer { cp in
                    BLAS.fallbackSgemm(
                        transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.5, a: ap.baseAddress!, lda: ta ? m : k,
                        b: bp.baseAddress!, ldb: tb ? k : n, beta: 2, c: cp.baseAddress!, ldc: n)
                }
            }
        }
        expectClose(fast, slow, tolerance: 1e-4)
    }

    @Test func mismatchedInnerSizesThrowNamingTheShapes() throws {
        let error = #expect(throws: TensorError.self) { try sample([2, 3]).matmul(sample([4, 2])) }
        #expect("\(error!)".contains("(2, 3) and (4, 2)"))
        #expect(throws: TensorError.self) { try sample([2]).matmul(sample([2, 2])) }
    }

    @Test func emptyInnerDimensionGivesZeros() throws {
        #expect(try Tensor.zeros([2, 0]).matmul(Tensor.zeros([0, 3])).scalars == [Float](repeating: 0, count: 6))
    }
}

@Suite struct FusedPrimitiveTests {
    @Test func matmulAddingBiasGradients() throws {
        try gradientCheck([sample([4, 3], seed: 1), sample([3, 5], seed: 2), sample([5], seed: 3)]) {
            try $0[0].matmul($0[1], adding: $0[2])
        }
        // Few rows, many columns (the products themselves are checked on every BLAS path in MatMulTests).
        try gradientCheck([sample([2, 60], -0.5...0.5, seed: 4), sample([60, 70], -0.5...0.5, seed: 5), sample([70], seed: 6)]) {
            try $0[0].matmul($0[1], adding: $0[2])
        }
        #expect(throws: TensorError.self) { try sample([2, 3]).matmul(sample([3, 4]), adding: sample([3])) }
    }

    @Test func sparseSoftmaxCrossEntropyGradientsAndValues() throws {
        let labels = [2, 0, 1]
        try gradientCheck([sample([3, 4], seed: 7)]) { try $0[0].sparseSoftmaxCrossEntropy(labels: labels) }
        let logits = sample([3, 4], seed: 8)
        let expected = try -(Tensor.oneHot(labels, depth: 4) * logits.logSoftmax()).sum(alongAxes: [1])
        expectClose(try logits.sparseSoftmaxCrossEntropy(labels: labels), expected)
        #expect(throws: TensorError.self) { try logits.sparseSoftmaxCrossEntropy(labels: [0, 4, 1]) }
        #expect(throws: TensorError.self) { try logits.sparseSoftmaxCrossEntropy(labels: [0]) }
    }

    @Test func erfAndLog1pGradients() throws {
        try gradientCheck([sample([2, 3], seed: 9)]) { $0[0].erf() }
        try gradientCheck([sample([2, 3], 0...2, seed: 10)]) { $0[0].log1p() }
    }
}

/// The row-times-matrix kernel behind predicting one sample: it skips the row's zeros, so it is tested
/// on rows full of them, with n not a multiple of 8 and row counts not multiples of 4.
@Suite struct RowKernelTests {
    static func row(_ k: Int, zeroEvery: Int, seed: UInt64) -> [Float] {
        sample([k], seed: seed).scalars.enumerated().map { $0.offset % zeroEvery == 0 ? 0 : $0.element }
    }

    @Test(arguments: [(784, 300, 2), (300, 100, 3), (13, 7, 1), (9, 17, 100), (5, 1, 2)])
    func bothKernelsMatchThePlainLoop(k: Int, n: Int, zeroEvery: Int) throws {
        let x = Self.row(k, zeroEvery: zeroEvery, seed: 1), b = sample([k, n], seed: 2).scalars
        var reference = [Float](repeating: 0.25, count: n)
        for i in 0..<k { for j in 0..<n { reference[j] += 0.5 * x[i] * b[i * n + j] } }
        let nonzero = x.filter { $0 != 0 }.count
        var plain = [Float](repeating: 0.25, count: n), vectorized = plain
        #expect(nk_row_times_matrix(x, 1, k, b, n, n, 0.5, &plain) == nonzero)
        expectClose(plain, reference, tolerance: 1e-4)
        if BLAS.rowKernelHasAVX2 {
            #expect(nk_row_times_matrix_avx2(x, 1, k, b, n, n, 0.5, &vectorized) == nonzero)
            expectClose(vectorized, reference, tolerance: 1e-4)
        }
    }

    @Test func aRowWithZerosMultipliesAsBLASDoes() throws {
        let x = try Tensor(Self.row(784, zeroEvery: 2, seed: 3), shape: [1, 784]), w = sample([784, 300], seed: 4)
        let bias = sample([300], seed: 5)
        let viaKernel = try x.matmul(w, adding: bias)
        // The same product as one row of a two-row batch, which goes to sgemm.
        let twoRows = try Tensor.concatenate([x, x], alongAxis: 0).matmul(w, adding: bias)
        expectClose(viaKernel.scalars, Array(twoRows.scalars[0..<300]), tolerance: 1e-4)
        // Transposed row (a column of a [784, 1] matrix) takes the strided path.
        let column = try x.reshaped(to: [784, 1])
        expectClose(try column.matmul(w, transposeSelf: true).scalars, try x.matmul(w).scalars, tolerance: 1e-5)
    }
}

@Suite struct InferenceHelperTests {
    @Test func formReluRectifiesInPlaceAndLeavesSharersAlone() throws {
        let original = try Tensor([[-1, 2], [3, -4]])
        let copy = try original.reshaped(to: [4])  // shares the storage
        try original.formRelu()
        #expect(original.scalars == [0, 2, 3, 0])
        #expect(copy.scalars == [-1, 2, 3, -4])
        let parameter = Parameter(name: "w", value: try Tensor([[-1, 1]]))
        #expect(throws: TensorError.self) { try (parameter.value * 2).formRelu() }
    }

    @Test func nonFiniteElementsAreFoundWhereverTheyAre() throws {
        #expect(sample([1000], seed: 1).firstNonFiniteIndex == nil)
        for (index, value) in [(0, Float.nan), (517, .infinity), (999, -.infinity), (996, .nan)] {
            var values = sample([1000], seed: 2).scalars
            values[index] = value
            #expect(Tensor(values).firstNonFiniteIndex == index)
        }
        #expect(Tensor([Float]()).firstNonFiniteIndex == nil)
    }
}
