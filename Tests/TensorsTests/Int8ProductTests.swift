import CKernels
import Testing

@testable import Tensors

/// The int8 kernels against a plain integer product: odd row counts (a last pair with one row), zero pairs
/// skipped, column counts that end in a partial group, and the Dense row with its scales and bias.
@Suite struct Int8ProductTests {
    static func matrix(rows: Int, columns: Int, seed: UInt64) -> [Float] {
        var generator = RandomGenerator(seed: seed)
        return (0..<rows * columns).map { _ in Float(Int(generator.next() % 255) - 127) }
    }

    static let shapes = [(1, 1), (7, 3), (40, 70), (1101, 77), (300, 100), (33, 129), (784, 300), (6, 257), (2050, 17)]

    /// Every layout this processor runs (the VNNI one only where the CPU has it), on rows with negative values
    /// (the VNNI kernel's offset path), on rows with none (its direct path, zero quads skipped), on rows of
    /// ±127 and −128-free extremes, and on rows of zeros.
    @Test(arguments: shapes)
    func rowProductsAreExact(rows: Int, columns: Int) {
        let w = Self.matrix(rows: rows, columns: columns, seed: UInt64(rows * 1000 + columns))
        var generator = RandomGenerator(seed: 9)
        let signed = (0..<rows).map { i -> Int8 in i % 3 == 0 ? 0 : Int8(Int(generator.next() % 255) - 127) }
        let positive = (0..<rows).map { i -> Int8 in i % 5 < 2 ? 0 : Int8(Int(generator.next() % 128)) }
        let extremes = (0..<rows).map { i -> Int8 in i % 2 == 0 ? 127 : -127 }
        let zeros = [Int8](repeating: 0, count: rows)
        for layout in Int8Matrix.Layout.allCases where layout.isAvailable {
            let matrix = Int8Matrix(w, rows: rows, columns: columns, layout: layout)
            for x in [signed, positive, extremes, zeros] {
                let expected = (0..<columns).map { j in (0..<rows).reduce(Int32(0)) { $0 + Int32(x[$1]) * Int32(w[$1 * columns + j]) } }
                #expect(matrix.rowProduct(x) == expected, "layout \(layout)")
            }
        }
    }

    /// The VNNI kernel where it runs: the tests above then cover it; say so when they cannot.
    @Test func theVNNIKernelIsChosenWhereTheCPUHasIt() {
        #expect(Int8Matrix.Layout.preferred == (BLAS.hasAVX512VNNI ? .quads : .pairs))
    }

    /// The AVX-512 quantizer gives the plain one's values and scale, on rows with ties at .5 and clipping.
    @Test(arguments: [1, 15, 16, 17, 300, 784])
    func theVectorQuantizerMatchesThePlainOne(length: Int) {
        guard BLAS.hasAVX512 else { return }
        var generator = RandomGenerator(seed: UInt64(length))
        let x = (0..<length).map { i -> Float in i % 7 == 0 ? 0 : Float(Int(generator.next() % 2001) - 1000) / 8 }
        var plain = [Int8](repeating: 0, count: length), vector = plain
        let a = plain.withUnsafeMutableBufferPointer { nk_quantize_row(x, length, $0.baseAddress) }
        let b = vector.withUnsafeMutableBufferPointer { nk_quantize_row_avx512(x, length, $0.baseAddress) }
        #expect(a == b)
        #expect(plain == vector)
    }

    @Test(arguments: [false, true])
    func aDenseRowQuantizesScalesAndAddsTheBias(relu: Bool) {
        let (rows, columns) = (5, 19)
        let w = Self.matrix(rows: rows, columns: columns, seed: 4)
        let x: [Float] = [0.5, -1, 0.25, 0, 2], scales = (0..<columns).map { Float(10 + 3 * $0) }
        let bias = (0..<columns).map { Float($0 % 4) - 1.5 }
        let rowScale: Float = 127 / (2 + 1e-7)
        let q = x.map { Swift.min(Swift.max(($0 * rowScale).rounded(.toNearestOrEven), -127), 127) }
        let expected = (0..<columns).map { j -> Float in
            let value = (0..<rows).reduce(Float(0)) { $0 + q[$1] * w[$1 * columns + j] } / (scales[j] * rowScale) + bias[j]
            return relu ? Swift.max(0, value) : value
        }
        for layout in Int8Matrix.Layout.allCases where layout.isAvailable {
            let matrix = Int8Matrix(w, rows: rows, columns: columns, layout: layout)
            var y = [Float](repeating: .nan, count: columns)
            x.withUnsafeBufferPointer { xp in
                scales.withUnsafeBufferPointer { sp in
                    bias.withUnsafeBufferPointer { bp in
                        y.withUnsafeMutableBufferPointer {
                            matrix.denseRow(xp.baseAddress!, kernelScale: sp.baseAddress!, bias: bp.baseAddress, relu: relu, into: $0.baseAddress!)
                        }
                    }
                }
            }
            #expect(y == expected, "layout \(layout)")
        }
    }
}
