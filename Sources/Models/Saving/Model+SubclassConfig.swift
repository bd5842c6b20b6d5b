import Layers
import Serialization
import Tensors

/// Subclassed models in `.keras` files, as Keras writes a class registered with
/// `register_keras_serializable`: its `get_config()`, its registered name, its build shapes.
extension Model {
    /// A subclassed model as Keras saves a registered custom model: its `get_config()` (here `config()`
    /// with name, trainable, dtype), its registered name and the input shapes it was built for.
    func subclassConfig() throws -> JSONValue {
        guard let serializable = self as? any KerasSerializable else {
            throw SavingError.mismatch(
                "\(kerasClassName) is a subclassed model; to save it as .keras, make it KerasSerializable "
                    + "(write its options in config() and rebuild it in init(kerasConfig:)), or save only its weights with saveWeights(to:)")
        }
        guard isBuilt, !subclass.inputShapes.isEmpty else { throw SavingError.mismatch("\(name) has no weights yet; build or fit it before saving") }
        let shapes = subclass.inputShapes.map { JSONValue.shape([nil] + $0.dimensions) }
        var object: [String: JSONValue] = [
            "module": nil, "class_name": .string(kerasClassName), "config": .object(try kerasConfig()),
            "registered_name": .string(CustomObjects.registeredName(of: type(of: serializable))),
            "build_config": ["input_shape": shapes.count == 1 ? shapes[0] : .array(shapes)],
        ]
        if let optimizer, !losses.isEmpty { object["compile_config"] = try compileConfig(optimizer) }
        return .object(object)
    }

    /// A registered custom model (Keras's subclassing API): made by its `init(kerasConfig:)`, then built
    /// for the input shapes of its `build_config`.
    static func subclassedModel(from config: JSONValue, customObjects: [any KerasSerializable.Type]) throws -> Model {
        let object = try KerasObject(json: config, expecting: "model")
        guard
            let type = CustomObjects.lookup(
                className: object.className, registeredName: object.registeredName, kind: .layer,
                extra: customObjects)
        else {
            let known = CustomObjects.knownNames(kind: .layer, extra: customObjects)
            throw SavingError.mismatch(
                "the file holds a model of class '\(object.registeredName ?? object.className)', which NeuralKit "
                    + "does not know: it is a subclassed model, so define it in Swift as a KerasSerializable Model subclass and pass it "
                    + "to Model.load(from:customObjects:) or CustomObjects.register(_:)"
                    + (known.isEmpty ? "" : "; known: \(known.sorted().joined(separator: ", "))"))
        }
        guard let model = try type.init(kerasConfig: object.config) as? Model else {
            throw SavingError.mismatch("'\(object.className)' is registered as a layer, not a model")
        }
        let shapeJSON = config["build_config"]?["input_shape"]
        let shapes: [Shape]
        if let list = shapeJSON?.arrayValue, let first = list.first, first.arrayValue != nil {
            shapes = try list.map { try LayerRegistry.sampleShape($0, of: object.className) }
        } else if let shapeJSON, shapeJSON.arrayValue != nil {
            shapes = [try LayerRegistry.sampleShape(shapeJSON, of: object.className)]
        } else {
            throw SavingError.corrupt("the \(object.className) config has no build_config input shape")
        }
        if let name = object.config["name"]?.stringValue { model.name = name }
        try model.traceBuild(shapes)
        try compile(model, from: config["compile_config"], customObjects: customObjects)
        return model
    }
}
