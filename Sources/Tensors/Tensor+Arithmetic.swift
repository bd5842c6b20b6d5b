import Foundation

// Binary elementwise operations, with NumPy broadcasting. Each pullback sums its gradient back down
// to the operand's own shape (`unbroadcast`), which is what makes broadcasting differentiable.

extension Tensor {
    /// Applies `f` after broadcasting, records `pullback`, and returns the result.
    @inline(__always)
    static func binary(
        _ a: Tensor, _ b: Tensor, _ operation: String, _ f: (Float, Float) -> Float,
        pullback: @escaping (_ gradient: Tensor, _ output: Tensor) throws -> (Tensor?, Tensor?)
    ) throws -> Tensor {
        let shape = try Shape.broadcast(a.shape, b.shape, operation: operation)
        let output = Tensor(unchecked: Kernels.broadcast(a.scalars, a.shape, b.scalars, b.shape, to: shape, f), shape: shape)
        return output.recording(from: [a, b]) { gradient in
            let (ga, gb) = try pullback(gradient, output)
            return [try ga?.unbroadcast(to: a.shape), try gb?.unbroadcast(to: b.shape)]
        }
    }

    /// Sums a gradient computed at a broadcast shape back down to `shape`.
    func unbroadcast(to target: Shape) throws -> Tensor {
        if shape == target { return self }
        let extra = rank - target.rank
        let axes = (0..<rank).filter { $0 < extra || (target[$0 - extra] == 1 && shape[$0] != 1) }
        return try sum(alongAxes: axes, keepingDimensions: true).reshaped(to: target)
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "add", +) { g, _ in (g, g) }
    }

    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "subtract", -) { g, _ in (g, -g) }
    }

    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "multiply", *) { g, _ in
            (a.requiresGradient ? try g * b : nil, b.requiresGradient ? try g * a : nil)
        }
    }

    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "divide", /) { g, output in
            (a.requiresGradient ? try g / b : nil, b.requiresGradient ? try -(g * output / b) : nil)
        }
    }

    /// `a` raised to the power `b`, elementwise.
    public static func pow(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try binary(a, b, "pow", Foundation.pow) { g, output in
            (
                a.requiresGradient ? try g * b * Tensor.pow(a, b - 1) : nil,
                b.requiresGradient ? try g * output * a.log() : nil
            )
        }
    }

    /// The larger of `a` and `b`, elementwise (NaN if either is NaN, as NumPy's `maximum`); where they
    /// are equal the gradient goes to `a`.
    public static func maximum(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try binary(a, b, "maximum", { $0 >= $1 || $0.isNaN ? $0 : $1 }) { g, _ in
            let mask = try a .>= b
            return (try g * mask, try g * (1 - mask))
        }
    }

    /// The smaller of `a` and `b`, elementwise (NaN if either is NaN, as NumPy's `minimum`); where they
    /// are equal the gradient goes to `a`.
    public static func minimum(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try binary(a, b, "minimum", { $0 <= $1 || $0.isNaN ? $0 : $1 }) { g, _ in
            let mask = try a .<= b
            return (try g * mask, try g * (1 - mask))
        }
    }

    /// Runs an operation that cannot fail for the reason given (a scalar operand broadcasts against any
    /// shape); a failure would be a bug in NeuralKit, reported as such with the reason.
    static func infallible(_ reason: String, _ operation: () throws -> Tensor) -> Tensor {
        do { return try operation() } catch { preconditionFailure("NeuralKit bug: \(reason), yet: \(error)") }
    }

    static let scalarBroadcasts = "a scalar broadcasts against any shape"

    public static func + (a: Tensor, b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try a + Tensor(b) } }
    public static func + (a: Float, b: Tensor) -> Tensor { infallible(Self.scalarBroadcasts) { try Tensor(a) + b } }
    public static func - (a: Tensor, b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try a - Tensor(b) } }
    public static func - (a: Float, b: Tensor) -> Tensor { infallible(Self.scalarBroadcasts) { try Tensor(a) - b } }
    public static func * (a: Tensor, b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try a * Tensor(b) } }
    public static func * (a: Float, b: Tensor) -> Tensor { infallible(Self.scalarBroadcasts) { try Tensor(a) * b } }
    public static func / (a: Tensor, b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try a / Tensor(b) } }
    public static func / (a: Float, b: Tensor) -> Tensor { infallible(Self.scalarBroadcasts) { try Tensor(a) / b } }
    public static func pow(_ a: Tensor, _ b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try pow(a, Tensor(b)) } }
    public static func maximum(_ a: Tensor, _ b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try maximum(a, Tensor(b)) } }
    public static func minimum(_ a: Tensor, _ b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try minimum(a, Tensor(b)) } }
}
