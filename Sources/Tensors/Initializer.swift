import Foundation

/// How a new weight tensor is filled, with Keras's initializers and formulas.
public enum Initializer: Sendable, Equatable, Codable {
    case zeros
    case ones
    case constant(Float)
    case randomUniform(minimum: Float = -0.05, maximum: Float = 0.05)
    case randomNormal(mean: Float = 0, standardDeviation: Float = 0.05)
    case truncatedNormal(mean: Float = 0, standardDeviation: Float = 0.05)
    case varianceScaling(scale: Float = 1, mode: FanMode = .fanIn, distribution: Distribution = .truncatedNormal)
    /// Glorot (Xavier): `U(±√(6 / (fanIn + fanOut)))`. Keras's default for kernels.
    case glorotUniform
    /// Glorot (Xavier) normal: truncated normal with `σ = √(2 / (fanIn + fanOut))`.
    case glorotNormal
    /// He: `U(±√(6 / fanIn))`.
    case heUniform
    /// He normal: truncated normal with `σ = √(2 / fanIn)`.
    case heNormal
    /// LeCun: `U(±√(3 / fanIn))`.
    case lecunUniform
    /// LeCun normal: truncated normal with `σ = √(1 / fanIn)`.
    case lecunNormal

    /// Which fan variance scaling divides by: inputs, outputs, or their mean.
    public enum FanMode: String, Sendable, Codable { case fanIn = "fan_in", fanOut = "fan_out", fanAvg = "fan_avg" }
    /// The distribution variance scaling draws from.
    public enum Distribution: String, Sendable, Codable {
        case truncatedNormal = "truncated_normal", untruncatedNormal = "untruncated_normal", uniform
    }

    /// The variance-scaling form of the named schemes.
    var scaling: (scale: Float, mode: FanMode, distribution: Distribution)? {
        switch self {
        case let .varianceScaling(scale, mode, distribution): (scale, mode, distribution)
        case .glorotUniform: (1, .fanAvg, .uniform)
        case .glorotNormal: (1, .fanAvg, .truncatedNormal)
        case .heUniform: (2, .fanIn, .uniform)
        case .heNormal: (2, .fanIn, .truncatedNormal)
        case .lecunUniform: (1, .fanIn, .uniform)
        case .lecunNormal: (1, .fanIn, .truncatedNormal)
        default: nil
        }
    }

    /// Keras's fans: a matrix `[in, out]` has fan-in `in` and fan-out `out`; higher ranks multiply both
    /// by the receptive field (the product of all but the last two sizes).
    public static func fans(of shape: Shape) -> (fanIn: Float, fanOut: Float) {
        switch shape.rank {
        case 0: return (1, 1)
        case 1: return (Float(shape[0]), Float(shape[0]))
        case 2: return (Float(shape[0]), Float(shape[1]))
        default:
            let receptiveField = Float(shape.dimensions.dropLast(2).reduce(1, *))
            return (Float(shape[shape.rank - 2]) * receptiveField, Float(shape[shape.rank - 1]) * receptiveField)
        }
    }

    /// A new tensor of `shape` filled by this scheme.
    public func makeTensor(_ shape: Shape, using generator: inout RandomGenerator) throws -> Tensor {
        switch self {
        case .zeros: return try .zeros(shape)
        case .ones: return try .ones(shape)
        case let .constant(value): return try .full(shape, value)
        case let .randomUniform(minimum, maximum):
            return try .uniform(shape, low: minimum, high: maximum, using: &generator)
        case let .randomNormal(mean, standardDeviation):
            return try .normal(shape, mean: mean, standardDeviation: standardDeviation, using: &generator)
        case let .truncatedNormal(mean, standardDeviation):
            return try .truncatedNormal(shape, mean: mean, standardDeviation: standardDeviation, using: &generator)
        default:
            guard let (scale, mode, distribution) = scaling else {
                throw TensorError.invalidArgument(operation: "Initializer", reason: "\(self) has no variance scaling")
            }
            guard scale > 0 else {
                throw TensorError.invalidArgument(operation: "VarianceScaling", reason: "scale must be positive, not \(scale)")
            }
            let (fanIn, fanOut) = Self.fans(of: shape)
            let n = Swift.max(1, mode == .fanIn ? fanIn : mode == .fanOut ? fanOut : (fanIn + fanOut) / 2)
            switch distribution {
            case .uniform:
                let limit = Foundation.sqrt(3 * scale / n)
                return try .uniform(shape, low: -limit, high: limit, using: &generator)
            case .untruncatedNormal:
                return try .normal(shape, standardDeviation: Foundation.sqrt(scale / n), using: &generator)
            case .truncatedNormal:
                // 0.8796…: the standard deviation of a unit normal truncated to ±2, as Keras corrects for.
                let deviation = Foundation.sqrt(scale / n) / 0.879_625_661_034_239_78
                return try .truncatedNormal(shape, standardDeviation: deviation, using: &generator)
            }
        }
    }
}
