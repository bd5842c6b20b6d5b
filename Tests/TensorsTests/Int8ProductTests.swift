import Testing

@testable import Tensors

/// The int8 kernels against a plain integer product: odd row counts (a last pair with one row), zero pairs
/// skipped, column counts that end in a partial group, and the Dense row with its scales and bias.
@Suite struct Int8ProductTests {
    static func matrix(rows: Int, columns: Int, seed: UInt64) -> [Float] {
        var generator = RandomGenerator(seed: seed)
        return (0..<rows * columns).map { _ in Float(Int(generator.next() % 255) - 127) }
    }

    @Test(arguments: [(1, 1), (7, 3), (40, 70), (1101, 77), (300, 100), (33, 129)])
    func rowProductsAreExact(rows: Int, columns: Int) {
        let w = Self.matrix(rows: rows, columns: columns, seed: UInt64(rows * 1000 + columns))
        let matrix = Int8Matrix(w, rows: rows, columns: columns)
        var generator = RandomGenerator(seed: 9)
        let x = (0..<rows).map { i -> Int8 in i % 3 == 0 ? 0 : Int8(Int(generator.next() % 255) - 127) }
        let expected = (0..<columns).map { j in (0..<rows).reduce(Int32(0)) { $0 + Int32(x[$1]) * Int32(w[$1 * columns + j]) } }
        #expect(matrix.rowProduct(x) == expected)
    }

    @Test func aDenseRowQuantizesScalesAndAddsTheBias() {
        let (rows, columns) = (5, 3)
        let w = Self.matrix(rows: rows, columns: columns, seed: 4), matrix = Int8Matrix(w, rows: rows, columns: columns)
        let x: [Float] = [0.5, -1, 0.25, 0, 2], scales: [Float] = [10, 20, 40], bias: [Float] = [1, 2, 3]
        var y = [Float](repeating: 0, count: columns)
        x.withUnsafeBufferPointer { xp in
            scales.withUnsafeBufferPointer { sp in
                bias.withUnsafeBufferPointer { bp in
                    y.withUnsafeMutableBufferPointer {
                        matrix.denseRow(xp.baseAddress!, kernelScale: sp.baseAddress!, bias: bp.baseAddress, into: $0.baseAddress!)
                    }
                }
            }
        }
        let rowScale: Float = 127 / (2 + 1e-7)
        let q = x.map { Swift.min(Swift.max(($0 * rowScale).rounded(.toNearestOrEven), -127), 127) }
        for j in 0..<columns {
            let sum = (0..<rows).reduce(Float(0)) { $0 + q[$1] * w[$1 * columns + j] }
            #expect(y[j] == sum / (scales[j] * rowScale) + bias[j])
        }
    }
}
