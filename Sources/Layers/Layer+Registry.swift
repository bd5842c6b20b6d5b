import Serialization
import Tensors

/// Layers to and from Keras configs (`{"class_name": "Dense", "config": {…}}`), the basis of `.keras`
/// files, through the one registry of ``CustomObjects``. Classes NeuralKit lacks, and options it does
/// not implement, are errors that name them.
public enum LayerRegistry {
    /// The built-in layers, as the registry finds them by Keras class name.
    public static let builtIns: [KerasFactory] = [
        KerasFactory(Dense.self), KerasFactory(Flatten.self), KerasFactory(Rescaling.self),
        KerasFactory(ActivationLayer.self, className: "Activation"), KerasFactory(Dropout.self), KerasFactory(Normalization.self),
        KerasFactory(InputLayer.self), KerasFactory(Concatenate.self), KerasFactory(Add.self), KerasFactory(Subtract.self),
        KerasFactory(Multiply.self), KerasFactory(Average.self), KerasFactory(Maximum.self), KerasFactory(Minimum.self),
        KerasFactory(Dot.self), KerasFactory(BatchNormalization.self), KerasFactory(LayerNormalization.self),
        KerasFactory(UnitNormalization.self), KerasFactory(Reshape.self), KerasFactory(Permute.self), KerasFactory(RepeatVector.self),
        KerasFactory(Identity.self), KerasFactory(GaussianNoise.self), KerasFactory(GaussianDropout.self), KerasFactory(AlphaDropout.self),
    ]

    /// A layer from its Keras config; `customObjects` (with ``CustomObjects/register(_:)``) adds classes
    /// of your own.
    public static func layer(from json: JSONValue, customObjects: [any KerasSerializable.Type] = []) throws -> Layer {
        let object = try KerasObject(json: json, expecting: "layer")
        try rejectCode(object)
        guard let layer = try CustomObjects.make(object, kind: .layer, builtIns: builtIns, extra: customObjects) as? Layer else {
            throw ConfigError.invalid("'\(object.className)' is registered, but it is not a layer")
        }
        if let name = object.config["name"]?.stringValue { layer.name = name }
        if object.config["trainable"]?.boolValue == false { layer.isTrainable = false }
        return layer
    }

    /// Keras's `Lambda` layers and Python functions in configs carry Python bytecode; NeuralKit never
    /// runs code from a file (as Keras's `safe_mode`), and says so instead of "unknown class".
    public static func rejectCode(_ object: KerasObject) throws {
        if object.className == "Lambda" || object.className == "__lambda__" || object.className == "TFOpLambda" {
            throw ConfigError.unsupported(
                "the file has a \(object.className) layer, which holds Python code; NeuralKit never "
                    + "runs code from a file. Rebuild that part with NeuralKit layers (or a KerasSerializable layer of your own)")
        }
    }

    /// A layer's Keras serialization, with its `build_config` once built.
    public static func json(of layer: Layer) throws -> JSONValue {
        guard var object = try layer.kerasJSON().objectValue else { throw ConfigError.invalid("\(layer.name): its config is not an object") }
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
        for key in keys {
            guard let value = config[key], value != .null else { continue }
            throw ConfigError.unsupported("\(owner) option \"\(key)\" is not implemented in NeuralKit (value \(value.jsonString()))")
        }
    }
}
