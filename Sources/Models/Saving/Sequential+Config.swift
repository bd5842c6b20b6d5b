import Layers
import Serialization
import Tensors

extension Sequential {
    /// Keras's config of a Sequential model: its layers in order, the input layer first.
    func sequentialModelConfig() throws -> JSONValue {
        guard let inputShape = builtInputShape else { throw SavingError.mismatch("\(name) has no weights yet; build or fit it before saving") }
        let batchShape = JSONValue.shape([nil] + inputShape.dimensions)
        let input = InputLayer(shape: inputShape, name: (stack.first as? InputLayer)?.name ?? "input_layer")
        var layers: [JSONValue] = [try LayerRegistry.json(of: input)]
        for layer in self.layers { layers.append(try LayerRegistry.json(of: layer)) }
        var object: [String: JSONValue] = [
            "module": "keras", "class_name": "Sequential", "registered_name": nil,
            "config": [
                "name": .string(name), "trainable": .bool(isTrainable), "dtype": Layer.kerasDTypePolicy,
                "layers": .array(layers), "build_input_shape": batchShape,
            ],
            "build_config": ["input_shape": batchShape],
        ]
        if let optimizer, !losses.isEmpty { object["compile_config"] = try compileConfig(optimizer) }
        return .object(object)
    }
}
