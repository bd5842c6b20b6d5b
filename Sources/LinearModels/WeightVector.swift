import Foundation

/// Weights stored as `scale · values`, so that L2 shrinkage is one multiplication, not a pass over
/// every weight (scikit-learn's `WeightVector`, whose arithmetic this follows step for step so that
/// results agree to the last bits).
struct WeightVector {
    var values: [Double]
    var scale = 1.0
    var squaredNorm: Double
    var l1Norm: Double

    init(_ values: [Double]) {
        self.values = values
        squaredNorm = values.reduce(0) { $0 + $1 * $1 }
        l1Norm = values.reduce(0) { $0 + Swift.abs($1) }
    }

    func dot(_ x: ArraySlice<Double>) -> Double {
        var product = 0.0
        var j = 0
        for value in x {
            product += values[j] * value
            j += 1
        }
        return product * scale
    }

    /// `w += c · x`.
    mutating func add(_ x: ArraySlice<Double>, _ c: Double) {
        var l2 = 0.0, l1 = 0.0
        var j = 0
        for value in x {
            values[j] += value * (c / scale)
            l2 += values[j] * values[j]
            l1 += Swift.abs(values[j])
            j += 1
        }
        squaredNorm = l2 * (scale * scale)
        l1Norm = l1 * scale
    }

    mutating func multiply(by c: Double) {
        scale *= c
        squaredNorm *= c * c
        l1Norm *= Swift.abs(c)
        if scale < 1e-9 { resetScale() }
    }

    mutating func resetScale() {
        for j in values.indices { values[j] *= scale }
        scale = 1
    }

    /// Truncated-gradient L1 step (Tsuruoka et al., 2009): moves each weight toward zero by the
    /// penalty accumulated so far, never across it.
    mutating func applyL1Penalty(cumulative u: Double, applied q: inout [Double]) {
        for j in values.indices {
            let z = values[j]
            if scale * z > 0 {
                values[j] = Swift.max(0, values[j] - (u + q[j]) / scale)
            } else if scale * z < 0 {
                values[j] = Swift.min(0, values[j] + (u - q[j]) / scale)
            }
            q[j] += scale * (values[j] - z)
        }
    }
}
