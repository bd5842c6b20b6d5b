import Foundation
import Serialization
import Tensors

/// An elementwise (or, for softmax, row-wise) activation function, by Keras's names and formulas.
/// Each is composed from tensor primitives, so its gradient comes from theirs.
public enum Activation: Sendable, Equatable, Hashable {
    case linear
    case sigmoid
    case tanh
    case relu
    /// `x` for `x > 0`, else `negativeSlope · x` (Keras 3's default slope is 0.2).
    case leakyRelu(negativeSlope: Float = 0.2)
    /// `x` for `x > 0`, else `alpha · (eˣ − 1)`.
    case elu(alpha: Float = 1)
    /// Scaled ELU with the self-normalizing constants.
    case selu
    /// `log(1 + eˣ)`.
    case softplus
    /// `x / (1 + |x|)`.
    case softsign
    /// `x · sigmoid(x)` (also called swish).
    case silu
    /// `x · Φ(x)`, exact (with erf), as Keras's default.
    case gelu
    /// `clip(x/6 + 1/2, 0, 1)`, Keras 3's piecewise-linear sigmoid.
    case hardSigmoid
    case exponential
    /// Probabilities over the last axis.
    case softmax
    case logSoftmax
    /// The Heaviside step of threshold logic units. It has no useful gradient; training through it throws.
    case step
    /// `min(max(x, 0), 6)`.
    case relu6
    /// Keras's `relu` with its options: a slope below `threshold`, a ceiling at `maxValue`.
    case reluWith(negativeSlope: Float = 0, maxValue: Float? = nil, threshold: Float = 0)
    /// `x · tanh(softplus(x))`.
    case mish
    /// `max(x, 0) + α·(e^(min(x, 0)/α) − 1)`.
    case celu(alpha: Float = 1)
    /// Gated linear unit: the input's halves `a`, `b` along the last axis give `a · sigmoid(b)`.
    case glu
    /// `log(sigmoid(x)) = −softplus(−x)`.
    case logSigmoid
    /// `x · hard_sigmoid(x)` with Keras 3's hard sigmoid (also called hard swish).
    case hardSilu
    /// `clip(x, −1, 1)`.
    case hardTanh
    /// `x` where `|x| > threshold`, else 0.
    case hardShrink(threshold: Float = 0.5)
    /// `x ∓ threshold` beyond ±threshold, else 0.
    case softShrink(threshold: Float = 0.5)
    /// `x − tanh(x)`.
    case tanhShrink
    /// 0 below −1, `(x + 1)²/4` between, `x` above 1.
    case sparsePlus
    /// 0 below −1, `(x + 1)/2` between, 1 above 1.
    case sparseSigmoid
    /// `(x + √(x² + b))/2`.
    case squareplus(b: Float = 4)
    /// GELU with the tanh approximation, as Keras's `gelu(approximate=True)`.
    case geluApproximate
    /// `x` where `x > threshold`, else `defaultValue` (Keras's `threshold`; its options have no defaults, so it
    /// has no name a config can carry).
    case threshold(threshold: Float, defaultValue: Float)
    /// Softmax over several axes together (Keras's `softmax(x, axis=(…))`).
    case softmaxAlong(axes: [Int])
    /// Log-softmax over one or several axes together (Keras's `log_softmax(x, axis=(…))`).
    case logSoftmaxAlong(axes: [Int])
    /// GLU halving `axis` instead of the last one (Keras's `glu(x, axis=…)`).
    case gluAlong(axis: Int)
    /// The projection onto the probability simplex along `axis`: probabilities with exact zeros.
    case sparsemax(axis: Int = -1)
    /// A function of your own, registered by name (``Activation/register(_:package:_:)``).
    case custom(CustomActivation)

    public static let swish = Activation.silu
    public static let leakyRelu = Activation.leakyRelu()
    public static let elu = Activation.elu()
    public static let sparsemax = Activation.sparsemax()

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        switch self {
        case .linear: return x
        case .sigmoid: return x.sigmoid()
        case .tanh: return x.tanh()
        case .relu: return x.relu()
        case let .leakyRelu(slope): return try x.relu() - slope * (-x).relu()
        case let .elu(alpha): return try elu(x, alpha)
        case .selu: return try 1.050_700_987_355_480_5 * elu(x, 1.673_263_242_354_377_3)
        case .softplus: return try x.relu() + (-x.abs()).exp().log1p()
        case .softsign: return try x / (1 + x.abs())
        case .silu: return try x * x.sigmoid()
        case .gelu: return try 0.5 * x * (1 + (x * Float(0.5).squareRoot()).erf())
        case .hardSigmoid: return (x / 6 + 0.5).clipped(to: 0...1)
        case .exponential: return x.exp()
        case .softmax: return try x.softmax()
        case .logSoftmax: return try x.logSoftmax()
        case .step: return x.heaviside()
        case let .custom(custom): return try custom.function(x)
        default: return try apply(x)
        }
    }

    /// The negative branch uses `exp(min(x, 0))`, so a large positive x cannot overflow into a NaN gradient.
    private func elu(_ x: Tensor, _ alpha: Float) throws -> Tensor {
        try Tensor.where(x .> 0, x, alpha * (Tensor.minimum(x, 0).exp() - 1))
    }
}
