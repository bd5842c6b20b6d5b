import CKernels

/// Products of int8 matrices summed in 32-bit integers, exact: the arithmetic of Keras's int8-quantized
/// layers. A matrix is packed once, in the layout of the kernel that suits the processor, and multiplied by
/// many rows: quads of rows for AVX-512 VNNI (one `vpdpbusd` per 4 rows and 16 columns, 1 byte a weight), else
/// 16-bit pairs of rows (one AVX2 multiply-add per 2 rows and 8 columns, or the plain loop).
public struct Int8Matrix: Sendable {
    /// How the matrix is packed, and so which kernel multiplies it.
    public enum Layout: Sendable, CaseIterable {
        /// 16-bit pairs of rows: the AVX2 kernel, or the plain loop without AVX2.
        case pairs
        /// Quads of rows, one byte each: the AVX-512 VNNI kernel.
        case quads
        /// The plain loop over quads (the VNNI kernel's reference, for tests).
        case quadsPlain

        /// The fastest layout this processor runs.
        public static var preferred: Layout { BLAS.hasAVX512VNNI ? .quads : .pairs }
        /// Whether this processor runs the layout's kernel.
        public var isAvailable: Bool { self != .quads || BLAS.hasAVX512VNNI }
    }

    /// Rows × columns of the matrix; each packed row holds ``stride`` entries (columns rounded up to 16).
    public let rows: Int, columns: Int, stride: Int
    public let layout: Layout
    let packed: [Int32]
    /// Σ_i W[i][j], for the VNNI kernel's rows with negative values.
    let columnSums: [Int32]

    /// Packs whole numbers in −127…127 (a quantized kernel held as floats, row-major), in `layout` (which the
    /// processor must run: see ``Layout/isAvailable``).
    public init(_ scalars: [Float], rows: Int, columns: Int, layout: Layout = .preferred) {
        precondition(layout.isAvailable, "Int8Matrix: this processor has no AVX-512 VNNI")
        self.rows = rows
        self.columns = columns
        self.layout = layout
        let stride = (columns + 15) / 16 * 16
        self.stride = stride
        func value(_ i: Int, _ j: Int) -> Int32 { i < rows ? Int32(Int8(clamping: Int(scalars[i * columns + j].rounded(.toNearestOrEven)))) : 0 }
        let group = layout == .pairs ? 2 : 4
        var packed = [Int32](repeating: 0, count: (rows + group - 1) / group * stride)
        var sums = [Int32](repeating: 0, count: columns)
        for p in 0..<(rows + group - 1) / group {
            for j in 0..<columns {
                var entry: Int32 = 0
                for r in 0..<group {
                    let v = value(group * p + r, j)
                    sums[j] += v
                    entry |= group == 2 ? (v & 0xffff) << (16 * Int32(r)) : (v & 0xff) << (8 * Int32(r))
                }
                packed[p * stride + j] = entry
            }
        }
        self.packed = packed
        columnSums = sums
    }

    /// One int8 row `x` (``rows`` values) times the matrix: ``columns`` exact sums.
    public func rowProduct(_ x: [Int8]) -> [Int32] {
        precondition(x.count == rows, "Int8Matrix.rowProduct: a row of \(x.count) values for \(rows) rows")
        var y = [Int32](repeating: 0, count: columns)
        x.withUnsafeBufferPointer { xp in
            packed.withUnsafeBufferPointer { wp in
                columnSums.withUnsafeBufferPointer { sp in
                    y.withUnsafeMutableBufferPointer { yp in
                        guard let xb = xp.baseAddress, let wb = wp.baseAddress, let yb = yp.baseAddress else { return }
                        switch layout {
                        case .pairs where BLAS.rowKernelHasAVX2: nk_int8_pairs_row_avx2(xb, rows, wb, stride, columns, yb)
                        case .pairs: nk_int8_pairs_row(xb, rows, wb, stride, columns, yb)
                        case .quads: nk_int8_quads_row_vnni(xb, rows, wb, stride, columns, sp.baseAddress, yb)
                        case .quadsPlain: nk_int8_quads_row(xb, rows, wb, stride, columns, sp.baseAddress, yb)
                        }
                    }
                }
            }
        }
        return y
    }

    /// One row of an int8 Dense layer (Keras's arithmetic): `x` quantized per row, multiplied in integers,
    /// divided by `kernelScale[j]` and the row's scale, plus `bias`, then `max(0, ·)` when `relu`; written to
    /// `y` (``columns`` values). Allocates nothing for rows and columns up to 4,096.
    public func denseRow(
        _ x: UnsafePointer<Float>, kernelScale: UnsafePointer<Float>, bias: UnsafePointer<Float>?, relu: Bool = false,
        into y: UnsafeMutablePointer<Float>
    ) {
        packed.withUnsafeBufferPointer { wp in
            columnSums.withUnsafeBufferPointer { sp in
                guard let wb = wp.baseAddress, let sb = sp.baseAddress else { return }
                switch layout {
                case .quads: nk_int8_dense_row_vnni(x, rows, wb, stride, columns, sb, kernelScale, bias, relu ? 1 : 0, y)
                case .pairs, .quadsPlain:
                    if layout == .pairs {
                        nk_int8_dense_row(x, rows, wb, stride, columns, kernelScale, bias, BLAS.rowKernelHasAVX2 ? 1 : 0, y)
                    } else {
                        // The reference: quantized as the C kernel does, multiplied by the plain quads loop.
                        var q = [Int8](repeating: 0, count: rows)
                        let scale = q.withUnsafeMutableBufferPointer { nk_quantize_row(x, rows, $0.baseAddress) }
                        let sums = rowProduct(q)
                        for j in 0..<columns { y[j] = Float(sums[j]) / (kernelScale[j] * scale) + (bias?[j] ?? 0) }
                    }
                    if relu { for j in 0..<columns where y[j] < 0 { y[j] = 0 } }
                }
            }
        }
    }
}
