import Tensors

/// Rebuilds layers from Keras configs (`{"class_name": "Dense", "config": {…}}`), the basis of
/// `.keras` loading. Classes NeuralKit lacks, and options it does not implement, are errors that
/// name them.
public enum LayerRegistry {
    public typealias Factory = @Sendable (_ config: [String: JSONValue]) throws -> Layer

    /// The built-in layers by Keras class name.
    public static let builtIn: [String: Factory] = [
        "Dense": { c in
            try rejectUnsupported(c, "Dense", keys: ["kernel_constraint", "bias_constraint", "activity_regularizer", "lora_rank"])
            return Dense(
                units: try c.int("units", in: "Dense"),
                activation: try activation(c["activation"]),
                useBias: try c.bool("use_bias", in: "Dense", default: true),
                kernelInitializer: try c["kernel_initializer"].map { try Initializer(keras: $0) } ?? .glorotUniform,
                biasInitializer: try c["bias_initializer"].map { try Initializer(keras: $0) } ?? .zeros,
                kernelRegularizer: try regularizer(c["kernel_regularizer"]),
                biasRegularizer: try regularizer(c["bias_regularizer"]),
                name: c["name"]?.stringValue)
        },
        "Flatten": { c in Flatten(name: c["name"]?.stringValue) },
        "Rescaling": { c in
            guard let scale = c["scale"]?.floatValue, let offset = (c["offset"] ?? 0).floatValue else {
                throw ConfigError.unsupported("Rescaling with a per-channel scale or offset is not implemented in NeuralKit; "
                    + "got scale \(c["scale"]?.jsonString() ?? "none"), offset \(c["offset"]?.jsonString() ?? "0")")
            }
            return Rescaling(scale: scale, offset: offset, name: c["name"]?.stringValue)
        },
        "Activation": { c in ActivationLayer(try activation(c["activation"]), name: c["name"]?.stringValue) },
        "Dropout": { c in
            try rejectUnsupported(c, "Dropout", keys: ["noise_shape"])
            return Dropout(rate: try c.float("rate", in: "Dropout"), name: c["name"]?.stringValue)
        },
        "Normalization": { c in
            if c["invert"]?.boolValue == true { throw ConfigError.unsupported("Normalization with invert=True is not implemented in NeuralKit") }
            if let axis = c["axis"], axis != [-1], axis != -1 {
                throw ConfigError.unsupported("Normalization over axis \(axis.jsonString()) is not implemented; NeuralKit normalizes the last axis")
            }
            return Normalization(name: c["name"]?.stringValue)
        },
        "Concatenate": { c in Concatenate(axis: try c.int("axis", in: "Concatenate", default: -1), name: c["name"]?.stringValue) },
        "Add": { c in Add(name: c["name"]?.stringValue) },
        "Subtract": { c in Subtract(name: c["name"]?.stringValue) },
        "Multiply": { c in Multiply(name: c["name"]?.stringValue) },
        "Average": { c in Average(name: c["name"]?.stringValue) },
        "Maximum": { c in Maximum(name: c["name"]?.stringValue) },
        "Minimum": { c in Minimum(name: c["name"]?.stringValue) },
        "InputLayer": { c in
            guard let batchShape = c["batch_shape"] ?? c["batch_input_shape"] else { throw ConfigError.invalid("InputLayer config needs \"batch_shape\"") }
            return InputLayer(shape: try sampleShape(batchShape, of: "InputLayer"), name: c["name"]?.stringValue)
        },
    ]

    /// A layer from its Keras config; `custom` adds or overrides classes by name (Keras's custom
    /// objects), and `customObjects` (with ``CustomObjects/register(_:)``) adds serializable classes.
    public static func layer(from json: JSONValue, custom: [String: Factory] = [:],
                             customObjects: [any KerasSerializable.Type] = []) throws -> Layer {
        let object = try KerasObject(json: json, expecting: "layer")
        try rejectCode(object)
        let layer: Layer
        if let factory = custom[object.className] ?? (object.registeredName == nil ? builtIn[object.className] : nil) {
            layer = try factory(object.config)
        } else if let made = try CustomObjects.make(object, extra: customObjects) {
            layer = made
        } else if let factory = builtIn[object.className] {
            layer = try factory(object.config)
        } else {
            throw ConfigError.unknownClass(kind: "layer", name: object.registeredName ?? object.className,
                known: Array(builtIn.keys) + Array(custom.keys) + CustomObjects.knownNames(extra: customObjects))
        }
        if object.config["trainable"]?.boolValue == false { layer.isTrainable = false }
        return layer
    }

    /// Keras's `Lambda` layers and Python functions in configs carry Python bytecode; NeuralKit never
    /// runs code from a file (as Keras's `safe_mode`), and says so instead of "unknown class".
    public static func rejectCode(_ object: KerasObject) throws {
        if object.className == "Lambda" || object.className == "__lambda__" || object.className == "TFOpLambda" {
            throw ConfigError.unsupported("the file has a \(object.className) layer, which holds Python code; NeuralKit never "
                + "runs code from a file. Rebuild that part with NeuralKit layers (or a KerasSerializable layer of your own)")
        }
    }

    /// A layer's Keras serialization, with its `build_config` once built.
    public static func json(of layer: Layer) throws -> JSONValue {
        let registeredName = (layer as? any KerasSerializable).map { CustomObjects.registeredName(of: type(of: $0)) }
        var object = KerasObject(module: "keras.layers", className: layer.kerasClassName, config: try layer.kerasConfig(),
                                 registeredName: registeredName).json.objectValue!
        if let merge = layer as? MergeLayer, !merge.builtInputShapes.isEmpty {
            object["build_config"] = ["input_shape": .array(merge.builtInputShapes.map { .shape([nil] + $0.dimensions) })]
        } else if let shape = layer.builtInputShape, !(layer is InputLayer) {
            object["build_config"] = ["input_shape": .shape([nil] + shape.dimensions)]
        }
        return .object(object)
    }

    /// The sample shape of a Keras batch shape (`[null, 28, 28]` → `(28, 28)`), checked: whole positive
    /// sizes (NeuralKit has no variable-size axes) and at most 2³¹ elements per sample.
    public static func sampleShape(_ batchShape: JSONValue, of owner: String) throws -> Shape {
        guard let items = batchShape.arrayValue, !items.isEmpty else {
            throw ConfigError.invalid("\(owner): a batch shape must be a list like [null, 8], not \(batchShape.jsonString().prefix(100))")
        }
        var dimensions: [Int] = []
        var count = 1
        for item in items.dropFirst() {
            guard item != .null else {
                throw ConfigError.unsupported("\(owner): the shape \(batchShape.jsonString()) has a variable-size axis, which NeuralKit does not implement")
            }
            guard let size = item.intValue, size > 0 else {
                throw ConfigError.invalid("\(owner): the shape \(batchShape.jsonString()) has a size that is not a positive whole number")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= 1 << 31 else {
                throw ConfigError.invalid("\(owner): the shape \(batchShape.jsonString()) holds more than 2³¹ elements per sample")
            }
            count = product
            dimensions.append(size)
        }
        return Shape(dimensions)
    }

    static func activation(_ json: JSONValue?) throws -> Activation {
        guard let json, json != .null else { return .linear }
        if let name = json.stringValue { return try Activation(kerasName: name) }
        // Keras may also write {"class_name": "function", "config": "relu"}; accept the name in "config".
        if let name = json["config"]?.stringValue { return try Activation(kerasName: name) }
        throw ConfigError.invalid("an activation must be a name, not \(json.jsonString())")
    }

    static func regularizer(_ json: JSONValue?) throws -> Regularizer? {
        guard let json, json != .null else { return nil }
        return try Regularizer(keras: json)
    }

    static func rejectUnsupported(_ config: [String: JSONValue], _ owner: String, keys: [String]) throws {
        for key in keys where config[key] != nil && config[key] != .null {
            throw ConfigError.unsupported("\(owner) option \"\(key)\" is not implemented in NeuralKit (value \(config[key]!.jsonString()))")
        }
    }
}
