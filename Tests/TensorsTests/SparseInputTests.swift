import Testing

@testable import Tensors

/// The sparse-input kernels of the planned step's first layer against sums in double precision, in every version
/// the processor runs (on an AVX-512 machine, the AVX2 versions too), and the versions against each other.
@Suite(.enabled(if: SparseInput.isAvailable, "the kernels need AVX-512 or AVX2 with FMA"))
struct SparseInputTests {
    /// The instruction sets this processor has.
    static let sets = SparseInput.InstructionSet.allCases.filter(\.isAvailable)

    /// m × k values, `zeros` of them zero, the rest in ±1, fixed by the seed.
    static func values(_ count: Int, zeros: Float, seed: UInt64) -> [Float] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in Float.random(in: 0..<1, using: &generator) < zeros ? 0 : Float.random(in: -1...1, using: &generator) }
    }

    @Test(arguments: sets, [(1, 10), (5, 17), (32, 300), (37, 100), (33, 129), (16, 64), (9, 7), (6, 24)])
    func theKernelGradientIsXTransposedTimesDelta(set: SparseInput.InstructionSet, shape: (rows: Int, units: Int)) throws {
        let (m, n) = shape
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
                    into: &out, scratch: &scratch, using: set)
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

    @Test(arguments: sets) func aNaNInputIsNotSkipped(set: SparseInput.InstructionSet) {
        let (m, k, n) = (3, 4, 20)
        var x = [Float](repeating: 0, count: m * k)
        x[1 * k + 2] = .nan
        let delta = [Float](repeating: 1, count: m * n)
        var out = [Float](repeating: 0, count: k * n), scratch = [Float](repeating: 0, count: SparseInput.gradientScratchCount(rows: m, inputs: k))
        SparseInput.addKernelGradient(
            x, rows: m, inputs: k, kernelRows: 0..<k, delta: delta, units: n, alpha: 1, into: &out, scratch: &scratch,
            using: set)
        #expect((0..<n).allSatisfy { out[2 * n + $0].isNaN })
        #expect(out.enumerated().allSatisfy { $0.offset / n == 2 || $0.element == 0 })
    }

    @Test(arguments: sets, [false, true])
    func theForwardProductAddsTheBiasAndTheReLU(set: SparseInput.InstructionSet, relu: Bool) {
        let (m, k, n) = (11, 40, 150)
        let x = Self.values(m * k, zeros: 0.5, seed: 4), w = Self.values(k * n, zeros: 0, seed: 5), bias = Self.values(n, zeros: 0, seed: 6)
        var y = [Float](repeating: .nan, count: m * n)
        var scratch = [Float](repeating: 0, count: SparseInput.forwardScratchCount(rows: m, inputs: k))
        SparseInput.forward(x, rows: m, inputs: k, kernel: w, units: n, bias: bias, relu: relu, into: &y, scratch: &scratch, using: set)
        for r in 0..<m {
            for j in 0..<n {
                var expected = Double(bias[j]) + (0..<k).reduce(0.0) { $0 + Double(x[r * k + $1]) * Double(w[$1 * n + j]) }
                if relu { expected = max(0, expected) }
                #expect(abs(Double(y[r * n + j]) - expected) <= 1e-5 * (1 + abs(expected)), "[\(r), \(j)]")
            }
        }
    }

    /// A block of the inputs (rows of x wider than the block, the kernel from the block's first row): the same
    /// values, bit for bit, as the block's inputs copied into a matrix of their own.
    @Test(arguments: sets)
    func aBlockOfTheInputsIsTheProductOfThatBlock(set: SparseInput.InstructionSet) {
        let (m, k, n, block) = (13, 70, 90, 21..<53)
        let x = Self.values(m * k, zeros: 0.5, seed: 8), w = Self.values(k * n, zeros: 0, seed: 9)
        var scratch = [Float](repeating: 0, count: SparseInput.forwardScratchCount(rows: m, inputs: k))
        var strided = [Float](repeating: .nan, count: m * n), packed = [Float](repeating: .nan, count: m * n)
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                SparseInput.forward(
                    x.baseAddress! + block.lowerBound, rows: m, inputs: block.count, inputStride: k, kernel: w.baseAddress! + block.lowerBound * n,
                    units: n, bias: nil, relu: false, into: &strided, scratch: &scratch, using: set)
            }
        }
        let columns = (0..<m).flatMap { r in x[(r * k + block.lowerBound)..<(r * k + block.upperBound)] }
        let rows = Array(w[(block.lowerBound * n)..<(block.upperBound * n)])
        SparseInput.forward(columns, rows: m, inputs: block.count, kernel: rows, units: n, bias: nil, relu: false, into: &packed, scratch: &scratch, using: set)
        #expect(strided == packed)
        let expected = (0..<(m * n)).map { e in block.reduce(0.0) { $0 + Double(x[e / n * k + $1]) * Double(w[$1 * n + e % n]) } }
        #expect(zip(strided, expected).allSatisfy { abs(Double($0) - $1) <= 1e-5 * (1 + abs($1)) })
    }

    @Test(arguments: sets)
    func aBatchIsSparseFromThirtyPercentZerosAndItsWorkIsCutInHalves(set: SparseInput.InstructionSet) {
        let (m, k) = (8, 43)
        var x = Self.values(m * k, zeros: 0, seed: 7)
        for i in 0..<(m * k) where i % 4 == 0 || (i / k < 2 && i % k < 30) { x[i] = 0 }
        x[5] = .nan
        var rows = [Int32](repeating: -1, count: m), inputs = [Int32](repeating: -1, count: k)
        let nonzero = SparseInput.countNonzeros(x, rows: m, inputs: k, rowCounts: &rows, inputCounts: &inputs, using: set)
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

    /// The AVX2 kernels run where they measured faster than BLAS (batches up to 128 rows, layers up to 1,000 units);
    /// the AVX-512 ones wherever the processor has them.
    @Test func eachInstructionSetRunsWhereItPays() {
        let (avx2, avx512) = (SparseInput.InstructionSet.avx2, SparseInput.InstructionSet.avx512)
        #expect(avx2.pays(rows: 32, units: 300) == avx2.isAvailable)
        #expect(avx2.pays(rows: 128, units: 1000) == avx2.isAvailable)
        #expect(!avx2.pays(rows: 129, units: 300))
        #expect(!avx2.pays(rows: 32, units: 1001))
        #expect(avx512.pays(rows: 1024, units: 3000) == avx512.isAvailable)
    }

    /// The AVX2 versions sum every term as the AVX-512 ones do: the same bits, so a model trains the same on either
    /// processor. Shapes with partial blocks of columns (8 and 16 wide), groups and rows; NaN and infinite values.
    @Test(.enabled(if: sets.count == 2, "needs both instruction sets"), arguments: [(37, 784, 300), (5, 13, 9), (4, 8, 100), (33, 50, 1000)])
    func bothInstructionSetsGiveTheSameBits(rows m: Int, inputs k: Int, units n: Int) {
        var x = Self.values(m * k, zeros: 0.5, seed: 8)
        x[3] = .nan
        x[m * k - 1] = .infinity
        let w = Self.values(k * n, zeros: 0, seed: 9), bias = Self.values(n, zeros: 0, seed: 10), delta = Self.values(m * n, zeros: 0, seed: 11)
        let scratchCount = Swift.max(SparseInput.forwardScratchCount(rows: m, inputs: k), SparseInput.gradientScratchCount(rows: m, inputs: k))
        func run(_ set: SparseInput.InstructionSet) -> (y: [Float], out: [Float], rows: [Int32], inputs: [Int32], total: Int) {
            var scratch = [Float](repeating: .nan, count: scratchCount)
            var y = [Float](repeating: .nan, count: m * n), out = w
            var rows = [Int32](repeating: -1, count: m), inputs = [Int32](repeating: -1, count: k)
            SparseInput.forward(x, rows: m, inputs: k, kernel: w, units: n, bias: bias, relu: true, into: &y, scratch: &scratch, using: set)
            SparseInput.addKernelGradient(
                x, rows: m, inputs: k, kernelRows: 1..<k, delta: delta, units: n, alpha: -0.25, into: &out, scratch: &scratch, using: set)
            let total = SparseInput.countNonzeros(x, rows: m, inputs: k, rowCounts: &rows, inputCounts: &inputs, using: set)
            return (y, out, rows, inputs, total)
        }
        let (wide, narrow) = (run(.avx512), run(.avx2))
        #expect(wide.y.map(\.bitPattern) == narrow.y.map(\.bitPattern))
        #expect(wide.out.map(\.bitPattern) == narrow.out.map(\.bitPattern))
        #expect(wide.rows == narrow.rows && wide.inputs == narrow.inputs && wide.total == narrow.total)
        #expect(wide.y.contains { $0.isNaN }, "the NaN input reaches the outputs")
    }
}
