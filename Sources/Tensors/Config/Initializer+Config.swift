import Serialization

/// Keras's serialized form of initializers (`keras.initializers`): each case is one Keras class.
extension Initializer: KerasConfigurable {
    public var kerasClassName: String { classAndConfig.name }
    public var kerasModule: String { "keras.initializers" }
    public func kerasConfig() -> [String: JSONValue] { classAndConfig.config }

    private var classAndConfig: (name: String, config: [String: JSONValue]) {
        let seedless: [String: JSONValue] = ["seed": nil]
        let (name, config): (String, [String: JSONValue]) =
            switch self {
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
        return (name, config)
    }

    /// Every initializer class by Keras's class name and short name, for the registry.
    public static let builtIns: [KerasFactory] = [
        ("Zeros", "zeros"), ("Ones", "ones"), ("Constant", "constant"), ("RandomUniform", "random_uniform"),
        ("RandomNormal", "random_normal"), ("TruncatedNormal", "truncated_normal"), ("VarianceScaling", "variance_scaling"),
        ("GlorotUniform", "glorot_uniform"), ("GlorotNormal", "glorot_normal"), ("HeUniform", "he_uniform"), ("HeNormal", "he_normal"),
        ("LecunUniform", "lecun_uniform"), ("LecunNormal", "lecun_normal"),
    ].map { names in
        KerasFactory(kind: .initializer, names: [names.0, names.1] + (names.0 == "RandomUniform" ? ["uniform"] : names.0 == "RandomNormal" ? ["normal"] : [])) {
            try Initializer(className: names.0, config: $0.config)
        }
    }

    /// Rebuilds an initializer from Keras's config or short name (`"glorot_uniform"`, `"zeros"`).
    public init(keras json: JSONValue) throws {
        guard let initializer = try CustomObjects.make(json, kind: .initializer, builtIns: Self.builtIns) as? Initializer else {
            throw ConfigError.invalid("the initializer \(json.jsonString().prefix(100)) is not one NeuralKit can use")
        }
        self = initializer
    }

    private init(className name: String, config c: [String: JSONValue]) throws {
        switch name {
        case "Zeros": self = .zeros
        case "Ones": self = .ones
        case "Constant": self = .constant(try c.float("value", in: name, default: 0))
        case "RandomUniform":
            self = .randomUniform(minimum: try c.float("minval", in: name, default: -0.05), maximum: try c.float("maxval", in: name, default: 0.05))
        case "RandomNormal":
            self = .randomNormal(mean: try c.float("mean", in: name, default: 0), standardDeviation: try c.float("stddev", in: name, default: 0.05))
        case "TruncatedNormal":
            self = .truncatedNormal(mean: try c.float("mean", in: name, default: 0), standardDeviation: try c.float("stddev", in: name, default: 0.05))
        case "VarianceScaling":
            guard let mode = FanMode(rawValue: c["mode"]?.stringValue ?? "fan_in"),
                let distribution = Distribution(rawValue: c["distribution"]?.stringValue ?? "truncated_normal")
            else { throw ConfigError.invalid("VarianceScaling: unknown mode or distribution in \(JSONValue.object(c).jsonString())") }
            self = .varianceScaling(scale: try c.float("scale", in: name, default: 1), mode: mode, distribution: distribution)
        case "GlorotUniform": self = .glorotUniform
        case "GlorotNormal": self = .glorotNormal
        case "HeUniform": self = .heUniform
        case "HeNormal": self = .heNormal
        case "LecunUniform": self = .lecunUniform
        case "LecunNormal": self = .lecunNormal
        default:
            throw ConfigError.unknownClass(
                kind: "initializer", name: name,
                known: [
                    "Zeros", "Ones", "Constant", "RandomUniform",
                    "RandomNormal", "TruncatedNormal", "VarianceScaling", "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal",
                    "LecunUniform", "LecunNormal",
                ])
        }
    }
}
