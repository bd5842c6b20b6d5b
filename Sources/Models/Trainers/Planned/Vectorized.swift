/// Element-wise passes of a planned step written with explicit 8-wide vectors: the compiler does not
/// vectorize their scalar forms (the pointers might overlap), and branches on random signs mispredict.
enum Vectorized {
    typealias Lanes = SIMD8<Float>

    /// `x = x < 0 ? 0 : x`, in place (as `Tensor.relu()`).
    static func rectify(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + Lanes.scalarCount <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: Lanes.self)
            UnsafeMutableRawPointer(x + i).storeBytes(of: v.replacing(with: 0, where: v .< 0), as: Lanes.self)
            i += Lanes.scalarCount
        }
        while i < count {
            if x[i] < 0 { x[i] = 0 }
            i += 1
        }
    }

    /// `y += x`, in place.
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + Lanes.scalarCount <= count {
            let sum = UnsafeRawPointer(y + i).loadUnaligned(as: Lanes.self) + UnsafeRawPointer(x + i).loadUnaligned(as: Lanes.self)
            UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: Lanes.self)
            i += Lanes.scalarCount
        }
        while i < count {
            y[i] += x[i]
            i += 1
        }
    }

    /// `g = y > 0 ? g : 0`, in place: ReLU's gradient from its outputs.
    static func keepWherePositive(_ g: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        var i = 0
        let zero = Lanes(repeating: 0)
        while i + Lanes.scalarCount <= count {
            let gradient = UnsafeRawPointer(g + i).loadUnaligned(as: Lanes.self)
            let output = UnsafeRawPointer(y + i).loadUnaligned(as: Lanes.self)
            UnsafeMutableRawPointer(g + i).storeBytes(of: zero.replacing(with: gradient, where: output .> 0), as: Lanes.self)
            i += Lanes.scalarCount
        }
        while i < count {
            g[i] = y[i] > 0 ? g[i] : 0
            i += 1
        }
    }

    /// `c[j] += Double(row[j])` for each of `rows` rows of `columns` floats, `stride` apart: column sums in
    /// double precision.
    static func addColumns(_ rows: UnsafePointer<Float>, rowCount: Int, columns: Int, stride: Int, into sums: UnsafeMutablePointer<Double>) {
        for r in 0..<rowCount {
            let row = rows + r * stride
            var j = 0
            while j + 4 <= columns {
                let v = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD4<Float>.self)
                let wide = SIMD4<Double>(Double(v[0]), Double(v[1]), Double(v[2]), Double(v[3]))
                let s = UnsafeRawPointer(sums + j).loadUnaligned(as: SIMD4<Double>.self)
                UnsafeMutableRawPointer(sums + j).storeBytes(of: s + wide, as: SIMD4<Double>.self)
                j += 4
            }
            while j < columns {
                sums[j] += Double(row[j])
                j += 1
            }
        }
    }
}
