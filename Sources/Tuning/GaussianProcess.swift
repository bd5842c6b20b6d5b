import Foundation

/// Gaussian-process regression as Keras Tuner's Bayesian oracle sets up scikit-learn's
/// `GaussianProcessRegressor`: a Matérn kernel with ν = 5/2 and one length scale, `alpha` added to the
/// diagonal, targets normalized to mean 0 and standard deviation 1, and the length scale chosen by
/// maximizing the log marginal likelihood within scikit-learn's bounds [1e-5, 1e5].
struct GaussianProcess {
    let x: [[Double]]
    let alpha: Double
    private(set) var lengthScale = 1.0
    private var mean = 0.0, scale = 1.0
    private var cholesky: [[Double]] = []
    private var weights: [Double] = []

    /// Fits to points `x` (each in [0, 1]^d) and targets `y`.
    init(x: [[Double]], y: [Double], alpha: Double) {
        self.x = x
        self.alpha = alpha
        mean = y.reduce(0, +) / Double(max(y.count, 1))
        let variance = y.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(y.count, 1))
        scale = variance > 0 ? variance.squareRoot() : 1
        let normalized = y.map { ($0 - mean) / scale }
        lengthScale = Self.bestLengthScale(x, normalized, alpha)
        (cholesky, weights) = Self.factor(x, normalized, alpha, lengthScale) ?? ([], [])
    }

    /// Matérn 5/2: (1 + √5 r/ℓ + 5r²/3ℓ²) exp(-√5 r/ℓ).
    static func kernel(_ a: [Double], _ b: [Double], _ lengthScale: Double) -> Double {
        var squared = 0.0
        for index in a.indices { squared += (a[index] - b[index]) * (a[index] - b[index]) }
        let r = squared.squareRoot() / lengthScale * 5.0.squareRoot()
        return (1 + r + r * r / 3) * exp(-r)
    }

    /// The predicted mean and standard deviation at `point`, in the targets' units.
    func predict(_ point: [Double]) -> (mean: Double, std: Double) {
        guard !cholesky.isEmpty else { return (mean, scale) }
        let k = x.map { Self.kernel($0, point, lengthScale) }
        var mu = 0.0
        for index in k.indices { mu += k[index] * weights[index] }
        let v = Self.forward(cholesky, k)
        let variance = max(1 - v.map { $0 * $0 }.reduce(0, +), 0)
        return (mu * scale + mean, variance.squareRoot() * scale)
    }

    /// The log marginal likelihood of normalized targets for a length scale (nil when K is not positive definite).
    static func logLikelihood(_ x: [[Double]], _ y: [Double], _ alpha: Double, _ lengthScale: Double) -> Double? {
        guard let (l, w) = factor(x, y, alpha, lengthScale) else { return nil }
        var value = 0.0
        for index in y.indices { value -= 0.5 * y[index] * w[index] + log(l[index][index]) }
        return value - Double(y.count) / 2 * log(2 * Double.pi)
    }

    /// The length scale of greatest likelihood: a scan of log ℓ over [1e-5, 1e5] then a golden-section refinement.
    static func bestLengthScale(_ x: [[Double]], _ y: [Double], _ alpha: Double) -> Double {
        let grid = stride(from: -5.0, through: 5.0, by: 0.1).map { $0 }
        var best = 0.0, bestValue = -Double.infinity
        for exponent in grid {
            if let value = logLikelihood(x, y, alpha, pow(10, exponent)), value > bestValue { (best, bestValue) = (exponent, value) }
        }
        var low = max(best - 0.1, -5), high = min(best + 0.1, 5)
        let ratio = (5.0.squareRoot() - 1) / 2
        func f(_ e: Double) -> Double { logLikelihood(x, y, alpha, pow(10, e)) ?? -Double.infinity }
        for _ in 0..<60 {
            let a = high - ratio * (high - low), b = low + ratio * (high - low)
            if f(a) >= f(b) { high = b } else { low = a }
        }
        return pow(10, (low + high) / 2)
    }

    /// The Cholesky factor of K + αI and K⁻¹y; nil when the matrix is not positive definite.
    private static func factor(_ x: [[Double]], _ y: [Double], _ alpha: Double, _ lengthScale: Double) -> ([[Double]], [Double])? {
        let n = x.count
        var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = kernel(x[i], x[j], lengthScale) + (i == j ? alpha : 0)
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i][i] = sum.squareRoot()
                } else {
                    l[i][j] = sum / l[j][j]
                }
            }
        }
        let z = forward(l, y)
        var w = Array(repeating: 0.0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = z[i]
            for k in (i + 1)..<max(n, i + 1) { sum -= l[k][i] * w[k] }
            w[i] = sum / l[i][i]
        }
        return (l, w)
    }

    /// Solves L v = b.
    private static func forward(_ l: [[Double]], _ b: [Double]) -> [Double] {
        var v = Array(repeating: 0.0, count: b.count)
        for i in b.indices {
            var sum = b[i]
            for k in 0..<i { sum -= l[i][k] * v[k] }
            v[i] = sum / l[i][i]
        }
        return v
    }
}
