import Foundation

// Unary elementwise primitives: each forward loop sits next to its derivative.

extension Tensor {
    @inline(__always)
    func unary(_ f: (Float) -> Float, derivative: @escaping (_ gradient: Tensor, _ output: Tensor) throws -> Tensor) -> Tensor {
        let output = Tensor(unchecked: Kernels.map(scalars, f), shape: shape)
        return output.recording(from: [self]) { g in [try derivative(g, output)] }
    }

    public static prefix func - (x: Tensor) -> Tensor {
        x.unary({ -$0 }) { g, _ in -g }
    }

    public func exp() -> Tensor {
        unary(Foundation.exp) { g, y in try g * y }
    }

    /// The natural logarithm.
    public func log() -> Tensor {
        unary(Foundation.log) { g, _ in try g / self }
    }

    public func sqrt() -> Tensor {
        unary(Foundation.sqrt) { g, y in try g * 0.5 / y }
    }

    public func square() -> Tensor {
        unary({ $0 * $0 }) { g, _ in try g * (2 * self) }
    }

    /// The absolute value; its derivative at 0 is taken as 0.
    public func abs() -> Tensor {
        unary(Swift.abs) { g, _ in try g * self.sign() }
    }

    /// -1, 0 or 1 by the sign of each element. No gradient flows through it.
    public func sign() -> Tensor {
        Tensor(unchecked: Kernels.map(scalars) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, shape: shape)
    }

    public func tanh() -> Tensor {
        unary(Foundation.tanh) { g, y in try g * (1 - y.square()) }
    }

    /// The logistic function `1 / (1 + e^-x)`, computed without overflow for large |x|.
    public func sigmoid() -> Tensor {
        let output = unary({ $0 >= 0 ? 1 / (1 + Foundation.exp(-$0)) : Foundation.exp($0) / (1 + Foundation.exp($0)) }) { g, y in
            try g * y * (1 - y)
        }
        output.logits = self
        output.logitsKind = .sigmoid
        return output
    }

    /// The Gauss error function.
    public func erf() -> Tensor {
        unary(Foundation.erf) { g, _ in try g * (1.128_379_167_095_512_6 * (-self.square()).exp()) }
    }

    /// `log(1 + x)`, accurate for small x.
    public func log1p() -> Tensor {
        unary(Foundation.log1p) { g, _ in try g / (1 + self) }
    }

    /// `max(x, 0)`; its derivative at 0 is taken as 0, as Keras and PyTorch do. NaN stays NaN, as in
    /// NumPy and Keras, so that broken weights or inputs show instead of turning into zeros.
    public func relu() -> Tensor {
        unary({ $0 < 0 ? 0 : $0 }) { g, _ in try g * (self .> 0) }
    }

    /// The index of the first NaN or infinite element, if any: a vectorized pass (`x - x` is 0 only for
    /// finite x) that looks for the element only when there is one.
    public var firstNonFiniteIndex: Int? {
        scalars.withUnsafeBufferPointer { values -> Int? in
            guard let base = values.baseAddress else { return nil }
            var accumulator = SIMD8<Float>()
            var i = 0
            while i + 8 <= values.count {
                let chunk = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Float>.self)
                accumulator += chunk - chunk
                i += 8
            }
            var total = accumulator.sum()
            while i < values.count {
                total += values[i] - values[i]
                i += 1
            }
            guard total.isNaN else { return nil }
            return values.firstIndex { !$0.isFinite }
        }
    }

    /// Replaces each negative element by zero in place, for a tensor that no recorded computation uses
    /// (inference): it saves allocating and filling a second array the size of a layer's output. Other
    /// tensors that share the storage keep their values (the storage is copied first if shared).
    public func formRelu() throws {
        guard node == nil && !requiresGradient else {
            throw TensorError.invalidArgument(operation: "formRelu", reason: "the tensor is part of a recorded computation; use relu()")
        }
        scalars.withUnsafeMutableBufferPointer { values in
            for i in values.indices { values[i] = values[i] < 0 ? 0 : values[i] }
        }
    }

    /// Each element limited to `lower...upper`; the gradient passes where the input lies inside.
    public func clipped(to range: ClosedRange<Float>) -> Tensor {
        let (lower, upper) = (range.lowerBound, range.upperBound)
        return unary({ Swift.min(Swift.max($0, lower), upper) }) { g, _ in
            try g * Tensor(unchecked: Kernels.map(self.scalars) { $0 >= lower && $0 <= upper ? 1 : 0 }, shape: self.shape)
        }
    }

    /// The Heaviside step, `1 if x ≥ 0 else 0`: the threshold logic unit's activation. Its derivative
    /// is 0 wherever it exists, so back-propagating through it throws instead of silently learning nothing.
    public func heaviside() -> Tensor {
        unary({ $0.isNaN ? $0 : $0 >= 0 ? 1 : 0 }) { _, _ in
            throw TensorError.invalidArgument(
                operation: "step (Heaviside) activation",
                reason: "it has no useful gradient (zero almost everywhere), so gradient descent cannot train through it; "
                    + "use sigmoid, tanh or relu to train, or the Perceptron rule for threshold units")
        }
    }
}
