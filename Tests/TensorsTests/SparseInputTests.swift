import Testing

@testable import Tensors

/// The sparse-input kernels of the planned step's first layer against sums in double precision.
@Suite(.enabled(if: SparseInput.isAvailable, "the kernels need AVX-512"))
struct SparseInputTests {
    /// m × k values, `zeros` of them zero, the rest in ±1, fixed by the seed.
    static func values(_ count: Int, zeros: Float, seed: UInt64) -> [Float] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in Float.random(in: 0..<1, using: &generator) < zeros ? 0 : Float.random(in: -1...1, using: &generator) }
    }

    @Test(arguments: [(1, 10), (5, 17), (32, 300), (37, 100), (33, 129), (16, 64)])
    func theKernelGradientIsXTransposedTimesDelta(rows m: Int, units n: Int) throws {
        let k = 50
        let x = Self.values(m * k, zeros: 0.6, seed: 1), delta = Self.values(m * n, zeros: 0, seed: 2)
        let start = Self.values(k * n, zeros: 0, seed: 3)
        var out = start
        var scratch = [Float](repeating: .nan, count: SparseInput.gradientScratchCount(rows: m, inputs: k))
        let alpha: Float = -0.5, kernelRows = 3..<41
        x.withUnsafeBufferPointer { x in
            delta.withUnsafeBufferPointer { delta in
                SparseInput.addKernelGradient(
                    x.baseAddress!, rows: m, inputs: k, kernelRows: kernelRows, delta: delta.baseAddress!, units: n, alpha: alpha,
                    into: &out, scratch: &scratch)
            }
        }
        for i in 0..<k {
            let skipped = (0..<m).allSatisfy { x[$0 * k + i] == 0 }
            for j in 0..<n {
                guard kernelRows.contains(i) && !skipped else {
                    #expect(out[i * n + j] == start[i * n + j], "row \(i) must keep its values")
                    continue
                }
                let sum = (0..<m).reduce(0.0) { $0 + Double(x[$1 * k + i]) * Double(delta[$1 * n + j]) }
                let expected = Double(start[i * n + j]) + Double(alpha) * sum
                #expect(abs(Double(out[i * n + j]) - expected) <= 1e-5 * (1 + abs(expected)), "[\(i), \(j)]")
            }
        }
    }

    @Test func aNaNInputIsNotSkipped() {
        let (m, k, n) = (3, 4, 20)
        var x = [Float](repeating: 0, count: m * k)
        x[1 * k + 2] = .nan
        let delta = [Float](repeating: 1, count: m * n)
        var out = [Float](repeating: 0, count: k * n), scratch = [Float](repeating: 0, count: SparseInput.gradientScratchCount(rows: m, inputs: k))
        SparseInput.addKernelGradient(x, rows: m, inputs: k, kernelRows: 0..<k, delta: delta, units: n, alpha: 1, into: &out, scratch: &scratch)
        #expect((0..<n).allSatisfy { out[2 * n + $0].isNaN })
        #expect(out.enumerated().allSatisfy { $0.offset / n == 2 || $0.element == 0 })
    }

    @Test(arguments: [false, true])
    func theForwardProductAddsTheBiasAndTheReLU(relu: Bool) {
        let (m, k, n) = (11, 40, 150)
        let x = Self.values(m * k, zeros: 0.5, seed: 4), w = Self.values(k * n, zeros: 0, seed: 5), bias = Self.values(n, zeros: 0, seed: 6)
        var y = [Float](repeating: .nan, count: m * n)
        var scratch = [Float](repeating: 0, count: SparseInput.forwardScratchCount(rows: m, inputs: k))
        SparseInput.forward(x, rows: m, inputs: k, kernel: w, units: n, bias: bias, relu: relu, into: &y, scratch: &scratch)
        for r in 0..<m {
            for j in 0..<n {
                var expected = Double(bias[j]) + (0..<k).reduce(0.0) { $0 + Double(x[r * k + $1]) * Double(w[$1 * n + j]) }
                if relu { expected = max(0, expected) }
                #expect(abs(Double(y[r * n + j]) - expected) <= 1e-5 * (1 + abs(expected)), "[\(r), \(j)]")
            }
        }
    }

    @Test func aBatchIsSparseFromThirtyPercentZerosAndItsWorkIsCutInHalves() {
        let (m, k) = (8, 40)
        var x = Self.values(m * k, zeros: 0, seed: 7)
        for i in 0..<(m * k) where i % 4 == 0 || (i / k < 2 && i % k < 30) { x[i] = 0 }
        x[5] = .nan
        var rows = [Int32](repeating: -1, count: m), inputs = [Int32](repeating: -1, count: k)
        let nonzero = SparseInput.countNonzeros(x, rows: m, inputs: k, rowCounts: &rows, inputCounts: &inputs)
        #expect(rows == (0..<m).map { r in Int32((0..<k).count { x[r * k + $0] != 0 }) })
        #expect(inputs == (0..<k).map { i in Int32((0..<m).count { x[$0 * k + i] != 0 }) })
        #expect(nonzero == x.count { $0 != 0 })
        #expect(SparseInput.isSparse(nonzero: 70, of: 100))
        #expect(!SparseInput.isSparse(nonzero: 71, of: 100))
        #expect(!SparseInput.isSparse(nonzero: 0, of: 0))
        // Rows 0 and 1 are light: the cut that halves the work leaves more rows before it.
        #expect(SparseInput.balancedCut(rows, count: m, multiple: 1) == 5)
        #expect(SparseInput.balancedCut(rows, count: m, multiple: 4) == 4)
        #expect(SparseInput.balancedCut([5, 0, 0, 0, 1, 1, 1, 1, 1], count: 9, multiple: 2) == 2)
        #expect(SparseInput.balancedCut([1], count: 1, multiple: 4) == 1)
        // What a row costs beyond its nonzero values evens the cut out.
        #expect(SparseInput.balancedCut([9, 1, 1, 1], count: 4, multiple: 1) == 1)
        #expect(SparseInput.balancedCut([9, 1, 1, 1], count: 4, multiple: 1, scale: 1, offset: 10) == 2)
    }
}
