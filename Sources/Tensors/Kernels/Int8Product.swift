import CKernels

/// Products of int8 matrices summed in 32-bit integers, exact: the arithmetic of Keras's int8-quantized
/// layers. A matrix is packed once (rows padded to whole 16-byte groups) and multiplied by many rows.
public struct Int8Matrix: Sendable {
    /// Rows × columns, row-major, each row padded to ``stride`` bytes.
    public let rows: Int, columns: Int, stride: Int
    let values: [Int8]

    /// Packs whole numbers in −127…127 (a quantized kernel held as floats) into int8.
    public init(_ scalars: [Float], rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        stride = (columns + 15) / 16 * 16
        var values = [Int8](repeating: 0, count: rows * stride)
        for i in 0..<rows {
            for j in 0..<columns { values[i * stride + j] = Int8(clamping: Int(scalars[i * columns + j].rounded(.toNearestOrEven))) }
        }
        self.values = values
    }

    /// One int8 row `x` (``rows`` values) times the matrix: ``columns`` exact sums.
    public func rowProduct(_ x: [Int8]) -> [Int32] {
        precondition(x.count == rows, "Int8Matrix.rowProduct: a row of \(x.count) values for \(rows) rows")
        var y = [Int32](repeating: 0, count: columns)
        x.withUnsafeBufferPointer { xp in
            values.withUnsafeBufferPointer { wp in
                y.withUnsafeMutableBufferPointer { yp in
                    guard let xb = xp.baseAddress, let wb = wp.baseAddress, let yb = yp.baseAddress else { return }
                    if BLAS.rowKernelHasAVX2 {
                        nk_int8_row_times_matrix_avx2(xb, rows, wb, stride, columns, yb)
                    } else {
                        nk_int8_row_times_matrix(xb, rows, wb, stride, columns, yb)
                    }
                }
            }
        }
        return y
    }
}
