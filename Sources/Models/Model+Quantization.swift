import Layers

extension Model {
    /// Keras's `model.quantize("int8")`: every `Dense` layer, in nested models too, gets an int8 kernel
    /// with one scale per unit, saved in Keras's layout (so Keras opens the file and NeuralKit opens Keras's);
    /// predictions then use exact integer products. The kernels stop training; the biases still train.
    /// A model with no `Dense` layer to quantize is an error, as in Keras.
    public func quantize(_ mode: QuantizationMode) throws {
        guard hasWeights else {
            throw ModelError.invalidArgument("\(name) has no weights yet; build or train it before quantizing it")
        }
        let dense = Self.denseLayers(in: layers).filter { $0.quantizationMode == nil }
        guard !dense.isEmpty else {
            throw ModelError.invalidArgument("\(name) has no Dense layer left to quantize (already quantized, or none)")
        }
        for layer in dense { try layer.quantize(mode) }
    }

    /// Whether any Dense layer (in nested models too) is quantized.
    var hasQuantizedLayers: Bool { Self.denseLayers(in: layers).contains { $0.quantizationMode != nil } }

    private static func denseLayers(in layers: [Layer]) -> [Dense] {
        layers.flatMap { layer -> [Dense] in
            if let dense = layer as? Dense { return [dense] }
            if let model = layer as? Model { return denseLayers(in: model.layers) }
            return []
        }
    }
}
