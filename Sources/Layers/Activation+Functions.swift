import Foundation
import Tensors

extension Activation {
    /// The activations added to Keras 3's catalogue, each composed from tensor primitives as
    /// `keras.activations` defines it, so that their gradients come from the primitives'.
    func apply(_ x: Tensor) throws -> Tensor {
        switch self {
        case .relu6: return x.relu().clipped(to: 0...6)
        case let .reluWith(slope, maxValue, threshold): return try relu(x, slope: slope, maxValue: maxValue, threshold: threshold)
        case .mish: return try x * softplus(x).tanh()
        case let .celu(alpha): return try x.relu() + alpha * ((Tensor.minimum(x, 0) / alpha).exp() - 1)
        case .glu: return try glu(x, axis: -1)
        case let .gluAlong(axis): return try glu(x, axis: axis)
        case .logSigmoid: return try -softplus(-x)
        case .hardSilu: return try x * ((x + 3).clipped(to: 0...6) / 6)
        case .hardTanh: return x.clipped(to: -1...1)
        case let .hardShrink(threshold): return try Tensor.where(x.abs() .> threshold, x, Tensor.zeros(x.shape))
        case let .softShrink(threshold):
            return try Tensor.where(x .> threshold, x - threshold, Tensor.where(x .< -threshold, x + threshold, Tensor.zeros(x.shape)))
        case .tanhShrink: return try x - x.tanh()
        case .sparsePlus:
            return try Tensor.where(x .<= -1, Tensor.zeros(x.shape), Tensor.where(x .>= 1, x, (x + 1).square() / 4))
        case .sparseSigmoid:
            return try Tensor.where(x .<= -1, Tensor.zeros(x.shape), Tensor.where(x .>= 1, Tensor.ones(x.shape), (x + 1) / 2))
        case let .squareplus(b): return try (x + (x.square() + b).sqrt()) / 2
        case .geluApproximate:
            let inner = try Float((2 / Double.pi).squareRoot()) * (x + 0.044_715 * x * x * x)
            return try 0.5 * x * (1 + inner.tanh())
        case let .threshold(threshold, defaultValue): return try Tensor.where(x .> threshold, x, Tensor.zeros(x.shape) + defaultValue)
        case let .softmaxAlong(axes): return try softmax(x, axes: axes)
        case let .logSoftmaxAlong(axes): return try logSoftmax(x, axes: axes)
        case let .sparsemax(axis): return try sparsemax(x, axis: axis)
        default: return try callAsFunction(x)
        }
    }

    /// `log(1 + eˣ)`, stable for large |x|.
    private func softplus(_ x: Tensor) throws -> Tensor { try x.relu() + (-x.abs()).exp().log1p() }

    /// Keras's `glu(x, axis)`: the first half of `axis` gated by the sigmoid of the second half.
    private func glu(_ x: Tensor, axis: Int) throws -> Tensor {
        let resolved = axis < 0 ? axis + x.rank : axis
        guard resolved >= 0, resolved < x.rank else {
            throw LayerError.invalidArgument("glu: axis \(axis) is not an axis of a tensor of rank \(x.rank)")
        }
        let width = x.shape.dimensions[resolved]
        guard width % 2 == 0 else { throw LayerError.invalidArgument("glu halves axis \(axis), which must be even; it is \(width)") }
        return try x.slice(alongAxis: resolved, 0..<width / 2) * x.slice(alongAxis: resolved, width / 2..<width).sigmoid()
    }

    /// Keras's `relu(x, negative_slope, max_value, threshold)`.
    private func relu(_ x: Tensor, slope: Float, maxValue: Float?, threshold: Float) throws -> Tensor {
        let negative = threshold != 0 ? (threshold - x).relu() : (-x).relu()
        var result = threshold != 0 ? try Tensor.where(x .> threshold, x, Tensor.zeros(x.shape)) : x.relu()
        if let maxValue { result = result.clipped(to: 0...maxValue) }
        if slope != 0 { result = try result - slope * negative }
        return result
    }
}
