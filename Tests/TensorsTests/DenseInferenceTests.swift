import CKernels
import TestSupport
import Testing

@testable import Tensors

/// The inference path of a Dense layer: the several-rows AVX-512 kernel against the one-row kernel (the same
/// sums, bit for bit), on rows full of zeros in shifting places, row counts that are not multiples of its group of
/// six, and column counts that end in partial blocks; and `denseInference` against `matmul(_:adding:)`.
@Suite struct DenseInferenceTests {
    /// Rows whose zeros lie in runs that move from row to row (as an image's background does), and some rows of zeros.
    static func rows(_ m: Int, _ k: Int, seed: UInt64) -> [Float] {
        let values = sample([m, k], seed: seed).scalars
        return values.enumerated().map { index, value in
            let (row, column) = (index / k, index % k)
            let start = (row * 7) % Swift.max(k, 1), inRun = (column - start + k) % k < k / 2
            return row % 11 == 10 || inRun || column % 3 == 0 ? 0 : value
        }
    }

    @Test(arguments: [
        (13, 784, 300), (6, 300, 100), (7, 100, 10), (130, 784, 300), (1, 5, 1), (20, 9, 65), (64, 33, 16), (5, 1, 48), (9, 40, 79), (11, 50, 161),
    ])
    func severalRowsSumAsTheRowKernelDoes(m: Int, k: Int, n: Int) throws {
        guard BLAS.hasAVX512 && BLAS.rowKernelHasAVX2 else { return }
        let x = Self.rows(m, k, seed: UInt64(m * k)), w = sample([k, n], seed: 2).scalars, bias = sample([n], seed: 3).scalars
        for (withBias, relu) in [(true, false), (true, true), (false, true), (false, false)] {
            var expected = [Float](repeating: 0, count: m * n)
            for r in 0..<m {
                expected.withUnsafeMutableBufferPointer { y in
                    let row = y.baseAddress! + r * n
                    for j in 0..<n { row[j] = withBias ? bias[j] : 0 }
                    _ = x.withUnsafeBufferPointer { nk_row_times_matrix_avx2($0.baseAddress! + r * k, 1, k, w, n, n, 1, row) }
                    if relu { for j in 0..<n where row[j] < 0 { row[j] = 0 } }
                }
            }
            var y = [Float](repeating: .nan, count: m * n)
            let done =
                withBias
                ? nk_dense_rows_avx512(x, m, k, w, n, bias, relu ? 1 : 0, &y)
                : nk_dense_rows_avx512(x, m, k, w, n, nil, relu ? 1 : 0, &y)
            #expect(done == 1)
            #expect(y == expected, "bias \(withBias), relu \(relu)")
        }
    }

    @Test(arguments: [1, 2])
    func denseInferenceMatchesTheRecordedProduct(threads: Int) throws {
        let (m, k, n) = (150, 784, 300)
        let x = try Tensor(Self.rows(m, k, seed: 5), shape: [m, k]), w = sample([k, n], seed: 6), bias = sample([n], seed: 7)
        let reference = try x.matmul(w, adding: bias).relu()
        expectClose(try x.denseInference(kernel: w, bias: bias, relu: true).scalars, reference.scalars, tolerance: 1e-4)
        if BLAS.hasAVX512 {
            let split = try #require(Tensor.rows(x.scalars, m: m, k: k, kernel: w, bias: bias, relu: true, threads: threads, kernelRows: true))
            // One thread or two, the same rows, bit for bit.
            #expect(split == (try x.denseInference(kernel: w, bias: bias, relu: true)).scalars)
        }
        // The BLAS parts (narrow layers, other processors), with and without a bias.
        let viaBLAS = try #require(Tensor.rows(x.scalars, m: m, k: k, kernel: w, bias: bias, relu: true, threads: threads, kernelRows: false))
        expectClose(viaBLAS, reference.scalars, tolerance: 1e-4)
        // BLAS's blocks are the same on one thread and two: so are its rows.
        let other = try #require(Tensor.rows(x.scalars, m: m, k: k, kernel: w, bias: bias, relu: true, threads: 3 - threads, kernelRows: false))
        #expect(viaBLAS == other)
        let plain = try #require(Tensor.rows(x.scalars, m: m, k: k, kernel: w, bias: nil, relu: false, threads: threads, kernelRows: false))
        expectClose(plain, try x.matmul(w).scalars, tolerance: 1e-4)
        let one = try x.slice(0..<1)
        #expect(try one.denseInference(kernel: w, bias: nil, relu: false).scalars == (try one.matmul(w)).scalars)
    }

    @Test func itRefusesToRunWhileGradientsAreRecorded() throws {
        let x = try Tensor([1, 2], shape: [1, 2], requiresGradient: true), w = try Tensor([[1], [2]])
        #expect(throws: TensorError.self) { try x.denseInference(kernel: w, bias: nil, relu: false) }
        #expect(throws: TensorError.self) { try x.denseInference(kernel: try Tensor([[1, 2]]), bias: nil, relu: false) }
        #expect(try GradientMode.withoutRecording { try x.denseInference(kernel: w, bias: nil, relu: false) }.scalars == [5])
    }
}
