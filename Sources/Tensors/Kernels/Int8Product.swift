import CKernels

/// Products of int8 matrices summed in 32-bit integers, exact: the arithmetic of Keras's int8-quantized
/// layers. A matrix is packed once, as 16-bit pairs of rows (one multiply-add per 8 columns and pair of
/// rows, no unpacking on each call), and multiplied by many rows.
public struct Int8Matrix: Sendable {
    /// Rows × columns of the matrix; each packed row holds ``stride`` pairs (columns rounded up to 8).
    public let rows: Int, columns: Int, stride: Int
    let pairs: [Int32]

    /// Packs whole numbers in −127…127 (a quantized kernel held as floats, row-major).
    public init(_ scalars: [Float], rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        stride = (columns + 7) / 8 * 8
        var pairs = [Int32](repeating: 0, count: (rows + 1) / 2 * stride)
        func value(_ i: Int, _ j: Int) -> Int32 { i < rows ? Int32(Int8(clamping: Int(scalars[i * columns + j].rounded(.toNearestOrEven)))) : 0 }
        for p in 0..<(rows + 1) / 2 {
            for j in 0..<columns { pairs[p * stride + j] = (value(2 * p, j) & 0xffff) | (value(2 * p + 1, j) << 16) }
        }
        self.pairs = pairs
    }

    /// One int8 row `x` (``rows`` values) times the matrix: ``columns`` exact sums.
    public func rowProduct(_ x: [Int8]) -> [Int32] {
        precondition(x.count == rows, "Int8Matrix.rowProduct: a row of \(x.count) values for \(rows) rows")
        var y = [Int32](repeating: 0, count: columns)
        x.withUnsafeBufferPointer { xp in
            pairs.withUnsafeBufferPointer { wp in
                y.withUnsafeMutableBufferPointer { yp in
                    guard let xb = xp.baseAddress, let wb = wp.baseAddress, let yb = yp.baseAddress else { return }
                    if BLAS.rowKernelHasAVX2 {
                        nk_int8_pairs_row_avx2(xb, rows, wb, stride, columns, yb)
                    } else {
                        nk_int8_pairs_row(xb, rows, wb, stride, columns, yb)
                    }
                }
            }
        }
        return y
    }

    /// One row of an int8 Dense layer (Keras's arithmetic): `x` quantized per row, multiplied in integers,
    /// divided by `kernelScale[j]` and the row's scale, plus `bias`; written to `y` (``columns`` values).
    public func denseRow(
        _ x: UnsafePointer<Float>, kernelScale: UnsafePointer<Float>, bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>
    ) {
        pairs.withUnsafeBufferPointer { wp in
            guard let wb = wp.baseAddress else { return }
            nk_int8_dense_row(x, rows, wb, stride, columns, kernelScale, bias, BLAS.rowKernelHasAVX2 ? 1 : 0, y)
        }
    }
}
