import Serialization
import Tensors

// Each built-in layer rebuilt from its Keras config (Keras's `from_config`); `config()` beside each
// class writes the same keys.

extension KerasSerializable where Self: Layer {
    public static var kerasKind: KerasKind { .layer }
}

extension Dense: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        try LayerRegistry.rejectUnsupported(c, "Dense", keys: ["activity_regularizer", "lora_rank"])
        self.init(
            units: try c.int("units", in: "Dense"),
            activation: try LayerRegistry.activation(c["activation"]),
            useBias: try c.bool("use_bias", in: "Dense", default: true),
            kernelInitializer: try c["kernel_initializer"].map { try Initializer(keras: $0) } ?? .glorotUniform,
            biasInitializer: try c["bias_initializer"].map { try Initializer(keras: $0) } ?? .zeros,
            kernelRegularizer: try LayerRegistry.regularizer(c["kernel_regularizer"]),
            biasRegularizer: try LayerRegistry.regularizer(c["bias_regularizer"]),
            kernelConstraint: try Constraint(keras: c["kernel_constraint"]), biasConstraint: try Constraint(keras: c["bias_constraint"]),
            name: c["name"]?.stringValue)
        try readQuantization(c)
    }
}

extension Flatten: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws { self.init(name: c["name"]?.stringValue) }
}

extension Rescaling: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        guard let scale = c["scale"]?.floatValue, let offset = (c["offset"] ?? 0).floatValue else {
            throw ConfigError.unsupported(
                "Rescaling with a per-channel scale or offset is not implemented in NeuralKit; "
                    + "got scale \(c["scale"]?.jsonString() ?? "none"), offset \(c["offset"]?.jsonString() ?? "0")")
        }
        self.init(scale: scale, offset: offset, name: c["name"]?.stringValue)
    }
}

extension ActivationLayer: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        self.init(try LayerRegistry.activation(c["activation"]), name: c["name"]?.stringValue)
    }
}

extension Dropout: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        try LayerRegistry.rejectUnsupported(c, "Dropout", keys: ["noise_shape"])
        self.init(rate: try c.float("rate", in: "Dropout"), name: c["name"]?.stringValue)
    }
}

extension Normalization: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        if c["invert"]?.boolValue == true { throw ConfigError.unsupported("Normalization with invert=True is not implemented in NeuralKit") }
        if let axis = c["axis"], axis != [-1], axis != -1 {
            throw ConfigError.unsupported("Normalization over axis \(axis.jsonString()) is not implemented; NeuralKit normalizes the last axis")
        }
        self.init(name: c["name"]?.stringValue)
    }
}

extension InputLayer: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        guard let batchShape = c["batch_shape"] ?? c["batch_input_shape"] else { throw ConfigError.invalid("InputLayer config needs \"batch_shape\"") }
        self.init(shape: try LayerRegistry.sampleShape(batchShape, of: "InputLayer"), name: c["name"]?.stringValue)
    }
}

extension Concatenate: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        self.init(axis: try c.int("axis", in: "Concatenate", default: -1), name: c["name"]?.stringValue)
    }
}

extension Add: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws { self.init(name: c["name"]?.stringValue) }
}

extension Subtract: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws { self.init(name: c["name"]?.stringValue) }
}

extension Multiply: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws { self.init(name: c["name"]?.stringValue) }
}

extension Average: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws { self.init(name: c["name"]?.stringValue) }
}

extension Maximum: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws { self.init(name: c["name"]?.stringValue) }
}

extension Minimum: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws { self.init(name: c["name"]?.stringValue) }
}
