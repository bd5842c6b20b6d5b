/// Keras's serialized form of initializers (`keras.initializers`).
extension Initializer {
    public var kerasObject: KerasObject {
        let seedless: [String: JSONValue] = ["seed": nil]
        let (name, config): (String, [String: JSONValue]) = switch self {
        case .zeros: ("Zeros", [:])
        case .ones: ("Ones", [:])
        case let .constant(value): ("Constant", ["value": .float(value)])
        case let .randomUniform(minimum, maximum): ("RandomUniform", ["minval": .float(minimum), "maxval": .float(maximum), "seed": nil])
        case let .randomNormal(mean, deviation): ("RandomNormal", ["mean": .float(mean), "stddev": .float(deviation), "seed": nil])
        case let .truncatedNormal(mean, deviation): ("TruncatedNormal", ["mean": .float(mean), "stddev": .float(deviation), "seed": nil])
        case let .varianceScaling(scale, mode, distribution):
            ("VarianceScaling", ["scale": .float(scale), "mode": .string(mode.rawValue), "distribution": .string(distribution.rawValue), "seed": nil])
        case .glorotUniform: ("GlorotUniform", seedless)
        case .glorotNormal: ("GlorotNormal", seedless)
        case .heUniform: ("HeUniform", seedless)
        case .heNormal: ("HeNormal", seedless)
        case .lecunUniform: ("LecunUniform", seedless)
        case .lecunNormal: ("LecunNormal", seedless)
        }
        return KerasObject(module: "keras.initializers", className: name, config: config)
    }

    /// Rebuilds an initializer from Keras's config or short name (`"glorot_uniform"`, `"zeros"`).
    public init(keras json: JSONValue) throws {
        let object = try KerasObject(json: json, expecting: "initializer")
        let c = object.config
        let name = object.className
        switch name {
        case "Zeros", "zeros": self = .zeros
        case "Ones", "ones": self = .ones
        case "Constant", "constant": self = .constant(try c.float("value", in: name, default: 0))
        case "RandomUniform", "random_uniform", "uniform":
            self = .randomUniform(minimum: try c.float("minval", in: name, default: -0.05), maximum: try c.float("maxval", in: name, default: 0.05))
        case "RandomNormal", "random_normal", "normal":
            self = .randomNormal(mean: try c.float("mean", in: name, default: 0), standardDeviation: try c.float("stddev", in: name, default: 0.05))
        case "TruncatedNormal", "truncated_normal":
            self = .truncatedNormal(mean: try c.float("mean", in: name, default: 0), standardDeviation: try c.float("stddev", in: name, default: 0.05))
        case "VarianceScaling", "variance_scaling":
            guard let mode = FanMode(rawValue: c["mode"]?.stringValue ?? "fan_in"),
                let distribution = Distribution(rawValue: c["distribution"]?.stringValue ?? "truncated_normal")
            else { throw ConfigError.invalid("VarianceScaling: unknown mode or distribution in \(JSONValue.object(c).jsonString())") }
            self = .varianceScaling(scale: try c.float("scale", in: name, default: 1), mode: mode, distribution: distribution)
        case "GlorotUniform", "glorot_uniform": self = .glorotUniform
        case "GlorotNormal", "glorot_normal": self = .glorotNormal
        case "HeUniform", "he_uniform": self = .heUniform
        case "HeNormal", "he_normal": self = .heNormal
        case "LecunUniform", "lecun_uniform": self = .lecunUniform
        case "LecunNormal", "lecun_normal": self = .lecunNormal
        default:
            throw ConfigError.unknownClass(kind: "initializer", name: name, known: ["Zeros", "Ones", "Constant", "RandomUniform",
                "RandomNormal", "TruncatedNormal", "VarianceScaling", "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal",
                "LecunUniform", "LecunNormal"])
        }
    }
}
