import Serialization
import Tensors

/// Activations by Keras's names, as layer configs write them.
extension Activation {
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
        case .relu6: "relu6"
        case .reluWith: "relu"
        case .mish: "mish"
        case .celu: "celu"
        case .glu: "glu"
        case .logSigmoid: "log_sigmoid"
        case .hardSilu: "hard_silu"
        case .hardTanh: "hard_tanh"
        case .hardShrink: "hard_shrink"
        case .softShrink: "soft_shrink"
        case .tanhShrink: "tanh_shrink"
        case .sparsePlus: "sparse_plus"
        case .sparseSigmoid: "sparse_sigmoid"
        case .squareplus: "squareplus"
        case .geluApproximate: "gelu"
        case .threshold: "threshold"
        case .softmaxAlong: "softmax"
        case .logSoftmaxAlong: "log_softmax"
        case .gluAlong: "glu"
        case .sparsemax: "sparsemax"
        case let .custom(custom): custom.registeredName
        }
    }

    /// Every activation Keras names, with its defaults.
    public static let allNamed: [Activation] = [
        .linear, .sigmoid, .tanh, .relu, .leakyRelu(), .elu(), .selu, .softplus,
        .softsign, .silu, .gelu, .hardSigmoid, .exponential, .softmax, .logSoftmax, .step,
        .relu6, .mish, .celu(), .glu, .logSigmoid, .hardSilu, .hardTanh, .hardShrink(), .softShrink(), .tanhShrink,
        .sparsePlus, .sparseSigmoid, .squareplus(), .sparsemax(),
    ]

    /// An activation by Keras's name (`swish` and `None` are accepted as aliases), or the registered name of
    /// a function of your own.
    public init(kerasName name: String) throws {
        switch name {
        case "swish": self = .silu
        case "hard_swish": self = .hardSilu
        case "None", "none", "": self = .linear
        default:
            guard let match = Self.allNamed.first(where: { $0.kerasName == name }) ?? Self.registered(name) else { throw Self.unknown(name) }
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
            case .reluWith, .geluApproximate, .threshold,
                .celu(alpha: _) where self != .celu(), .hardShrink where self != .hardShrink(),
                .softShrink where self != .softShrink(), .squareplus where self != .squareplus(),
                .softmaxAlong where self != .softmaxAlong(axes: [-1]), .logSoftmaxAlong where self != .logSoftmaxAlong(axes: [-1]),
                .gluAlong where self != .gluAlong(axis: -1),
                .sparsemax where self != .sparsemax():
                throw ConfigError.unsupported("\(self) has options that Keras's activation names cannot carry; use its defaults, or a layer")
            case let .custom(custom): return Self.functionJSON(custom.registeredName)
            default: return .string(kerasName)
            }
        }
    }
}
