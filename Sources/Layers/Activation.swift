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

    public static let swish = Activation.silu
    public static let leakyRelu = Activation.leakyRelu()
    public static let elu = Activation.elu()

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
        }
    }

    /// The negative branch uses `exp(min(x, 0))`, so a large positive x cannot overflow into a NaN gradient.
    private func elu(_ x: Tensor, _ alpha: Float) throws -> Tensor {
        try Tensor.where(x .> 0, x, alpha * (Tensor.minimum(x, 0).exp() - 1))
    }

    /// Keras's name (`"relu"`, `"leaky_relu"`, …).
    public var kerasName: String {
        switch self {
        case .linear: "linear"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "relu"
        case .leakyRelu: "leaky_relu"
        case .elu: "elu"
        case .selu: "selu"
        case .softplus: "softplus"
        case .softsign: "softsign"
        case .silu: "silu"
        case .gelu: "gelu"
        case .hardSigmoid: "hard_sigmoid"
        case .exponential: "exponential"
        case .softmax: "softmax"
        case .logSoftmax: "log_softmax"
        case .step: "step"
        }
    }

    public static let allNamed: [Activation] = [
        .linear, .sigmoid, .tanh, .relu, .leakyRelu(), .elu(), .selu, .softplus,
        .softsign, .silu, .gelu, .hardSigmoid, .exponential, .softmax, .logSoftmax, .step,
    ]

    /// An activation by Keras's name (`swish` and `None` are accepted as aliases).
    public init(kerasName name: String) throws {
        switch name {
        case "swish": self = .silu
        case "None", "none", "": self = .linear
        default:
            guard let match = Self.allNamed.first(where: { $0.kerasName == name }) else {
                throw ConfigError.unknownClass(kind: "activation", name: name, known: Self.allNamed.map(\.kerasName))
            }
            self = match
        }
    }

    /// Keras writes an activation as its name; one with a non-default parameter cannot be written that way.
    public var kerasJSON: JSONValue {
        get throws {
            switch self {
            case let .leakyRelu(slope) where slope != 0.2:
                throw ConfigError.unsupported("leaky_relu with negative slope \(slope) has no Keras activation name; use a LeakyReLU layer")
            case let .elu(alpha) where alpha != 1:
                throw ConfigError.unsupported("elu with alpha \(alpha) has no Keras activation name; use an ELU layer")
            default: return .string(kerasName)
            }
        }
    }
}
