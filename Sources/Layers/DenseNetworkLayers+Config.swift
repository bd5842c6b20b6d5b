import Serialization
import Tensors

// The normalization, reshaping, noise and Dot layers rebuilt from their Keras configs (Keras's
// `from_config`); `config()` beside each class writes the same keys.

extension LayerRegistry {
    /// An `axis` that is one whole number or a list of them (`owner` names the layer in errors).
    static func axes(_ json: JSONValue?, default value: [Int], in owner: String, key: String = "axis") throws -> [Int] {
        guard let json, json != .null else { return value }
        if let axis = json.intValue { return [axis] }
        if let items = json.arrayValue {
            let axes = items.compactMap(\.intValue)
            if axes.count == items.count, !axes.isEmpty { return axes }
        }
        throw ConfigError.invalid("\(owner) config: \"\(key)\" must be a whole number or a list of them, not \(json.jsonString())")
    }

    /// A list of whole numbers (`target_shape`, `dims`).
    static func integers(_ json: JSONValue?, in owner: String, key: String) throws -> [Int] {
        guard let items = json?.arrayValue, case let values = items.compactMap(\.intValue), values.count == items.count else {
            throw ConfigError.invalid("\(owner) config: \"\(key)\" must be a list of whole numbers, not \(json?.jsonString() ?? "missing")")
        }
        return values
    }
}

extension BatchNormalization: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        if c["synchronized"]?.boolValue == true {
            throw ConfigError.unsupported("BatchNormalization option \"synchronized\": true is not implemented in NeuralKit (one process)")
        }
        if c["renorm"]?.boolValue == true {
            throw ConfigError.unsupported("BatchNormalization option \"renorm\": true (batch renormalization) is not implemented in NeuralKit")
        }
        self.init(
            axis: try c.int("axis", in: "BatchNormalization", default: -1),
            momentum: try c.float("momentum", in: "BatchNormalization", default: 0.99),
            epsilon: try c.float("epsilon", in: "BatchNormalization", default: 1e-3),
            affine: try NormalizationAffine(kerasConfig: c, owner: "BatchNormalization"),
            movingMeanInitializer: try c["moving_mean_initializer"].map { try Initializer(keras: $0) } ?? .zeros,
            movingVarianceInitializer: try c["moving_variance_initializer"].map { try Initializer(keras: $0) } ?? .ones,
            name: c["name"]?.stringValue)
    }
}

extension LayerNormalization: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        self.init(
            axes: try LayerRegistry.axes(c["axis"], default: [-1], in: "LayerNormalization"),
            epsilon: try c.float("epsilon", in: "LayerNormalization", default: 1e-3),
            rmsScaling: try c.bool("rms_scaling", in: "LayerNormalization", default: false),
            affine: try NormalizationAffine(kerasConfig: c, owner: "LayerNormalization"), name: c["name"]?.stringValue)
    }
}

extension UnitNormalization: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        self.init(axes: try LayerRegistry.axes(c["axis"], default: [-1], in: "UnitNormalization"), name: c["name"]?.stringValue)
    }
}

extension Reshape: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        self.init(targetShape: try LayerRegistry.integers(c["target_shape"], in: "Reshape", key: "target_shape"), name: c["name"]?.stringValue)
    }
}

extension Permute: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        self.init(dims: try LayerRegistry.integers(c["dims"], in: "Permute", key: "dims"), name: c["name"]?.stringValue)
    }
}

extension RepeatVector: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        self.init(n: try c.int("n", in: "RepeatVector"), name: c["name"]?.stringValue)
    }
}

extension Identity: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws { self.init(name: c["name"]?.stringValue) }
}

extension GaussianNoise: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        self.init(
            stddev: try c.float("stddev", in: "GaussianNoise"), seed: try Self.seed(from: c, in: "GaussianNoise"),
            name: c["name"]?.stringValue)
    }
}

extension GaussianDropout: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        self.init(
            rate: try c.float("rate", in: "GaussianDropout"), seed: try Self.seed(from: c, in: "GaussianDropout"),
            name: c["name"]?.stringValue)
    }
}

extension AlphaDropout: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        var noiseShape: [Int?]?
        if let json = c["noise_shape"], json != .null {
            guard let items = json.arrayValue, items.allSatisfy({ $0 == .null || ($0.intValue ?? 0) > 0 }) else {
                throw ConfigError.invalid("AlphaDropout config: \"noise_shape\" must be a list of positive sizes or nulls, not \(json.jsonString())")
            }
            noiseShape = items.map(\.intValue)
        }
        self.init(
            rate: try c.float("rate", in: "AlphaDropout"), noiseShape: noiseShape, seed: try Self.seed(from: c, in: "AlphaDropout"),
            name: c["name"]?.stringValue)
    }
}

extension Dot: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let axes = try LayerRegistry.axes(c["axes"], default: [-1], in: "Dot", key: "axes")
        let normalize = try c.bool("normalize", in: "Dot", default: false)
        if c["axes"]?.intValue != nil {
            self.init(axes: axes[0], normalize: normalize, name: c["name"]?.stringValue)
        } else {
            self.init(axes: axes, normalize: normalize, name: c["name"]?.stringValue)
        }
    }
}
