import Foundation
import Layers
import Serialization
import Tensors
import Training

/// Keras 2's whole-model `.h5` files (and the legacy `.h5` that Keras 3 still writes): the model's config
/// and training config as JSON attributes, the weights under `model_weights/<layer>/<weight name>` in the
/// order of each layer's `weight_names`. The optimizer's state in them is not restored (Keras 3 does
/// not restore it from these files either); training continues with a fresh optimizer.
extension Model {
    /// Opens a legacy `.h5` model file; see ``load(from:customObjects:)``.
    static func loadLegacyH5(from path: String, customObjects: [any KerasSerializable.Type]) throws -> Model {
        try HDF5Watchdog.guarding(path) { try readLegacyH5(from: path, customObjects: customObjects) }
    }

    private static func readLegacyH5(from path: String, customObjects: [any KerasSerializable.Type]) throws -> Model {
        let file = try HDF5File(reading: path)
        guard let configText = try file.strings("model_config")?.first else {
            throw SavingError.corrupt(
                "\(path) is an HDF5 file without a model_config: a weights-only file? Load it into a model "
                    + "you have built with loadWeights(from:) (Keras 3 .weights.h5 files) instead")
        }
        let config: JSONValue
        do { config = try JSONDecoder().decode(JSONValue.self, from: Data(configText.utf8)) } catch {
            throw SavingError.corrupt("\(path): its model_config is not valid JSON")
        }
        let budget = AllocationBudget(
            elements: Int(clamping: (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 4 + (1 << 20),
            reason: "the size of \(path)")
        let model = try AllocationBudget.$current.withValue(budget) { try legacyModel(from: config, customObjects: customObjects) }
        try model.loadLegacyWeights(from: file)
        if let trainingText = try file.strings("training_config")?.first,
            let training = try? JSONDecoder().decode(JSONValue.self, from: Data(trainingText.utf8))
        {
            try compile(model, from: compileConfig(fromLegacy: training, outputs: model.outputNames.count), customObjects: customObjects)
        }
        return model
    }

    /// A model from a Keras 2 or Keras 3 config; Keras 2's functional models may be named "Model", and
    /// its Sequential models may carry the input shape on their first layer.
    private static func legacyModel(from config: JSONValue, customObjects: [any KerasSerializable.Type]) throws -> Model {
        guard case var .object(object) = config else { throw SavingError.corrupt("the model_config is not a JSON object") }
        if object["class_name"] == "Model" { object["class_name"] = "Functional" }
        if object["class_name"] == "Sequential", var body = object["config"]?.objectValue, var layers = body["layers"]?.arrayValue,
            let first = layers.first, first["class_name"] != "InputLayer", let shape = first["config"]?["batch_input_shape"]
        {
            layers.insert(["class_name": "InputLayer", "config": ["batch_input_shape": shape, "name": "input_layer"]], at: 0)
            body["layers"] = .array(layers)
            object["config"] = .object(body)
        }
        let model = try fromKerasConfig(.object(object), customObjects: customObjects)
        model.losses = []  // compiled from the training config, if any
        model.optimizer = nil
        return model
    }

    /// Keras 3's `compile_config` from Keras 2's `training_config`: the optimizer under
    /// `optimizer_config`, metrics that may be `MeanMetricWrapper` objects named by their `name`.
    private static func compileConfig(fromLegacy training: JSONValue, outputs: Int) -> JSONValue {
        func metric(_ json: JSONValue) -> JSONValue {
            if json["class_name"] == "MeanMetricWrapper", let name = json["config"]?["name"] { return name }
            return json
        }
        var metrics = training["metrics"] ?? .null
        if let lists = metrics.arrayValue {
            let flattened = lists.map { item in item.arrayValue.map { JSONValue.array($0.map(metric)) } ?? metric(item) }
            metrics = outputs == 1 ? .array(flattened.flatMap { $0.arrayValue ?? [$0] }) : .array(flattened)
        }
        return [
            "loss": training["loss"] ?? .null, "loss_weights": training["loss_weights"] ?? .null,
            "optimizer": training["optimizer_config"] ?? .null, "metrics": metrics,
        ]
    }

    /// Each layer's weights from `model_weights`, by layer name, checked before any changes.
    private func loadLegacyWeights(from file: HDF5File) throws {
        guard let names = try file.strings("layer_names", of: "/model_weights") else {
            throw SavingError.corrupt("\(file.name) has no model_weights/layer_names; it is not a Keras model file")
        }
        let byName = Dictionary(allLayers().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var loaded: [(Layer, [Tensor])] = []
        for name in names {
            let weightNames = try file.strings("weight_names", of: "/model_weights/\(name)") ?? []
            guard !weightNames.isEmpty else { continue }
            guard let layer = byName[name] else {
                throw SavingError.mismatch("\(file.name) holds weights for a layer '\(name)' that the model's config does not define")
            }
            guard weightNames.count == layer.weights.count else {
                throw SavingError.mismatch("\(file.name): layer '\(name)' has \(layer.weights.count) weights but the file holds \(weightNames.count)")
            }
            let values = try zip(layer.weights, weightNames).map { parameter, weightName in
                let path = "/model_weights/\(name)/\(weightName)"
                let stored = try file.shape(of: path)
                guard stored == parameter.shape || (stored.elementCount == 1 && parameter.shape.elementCount == 1) else {
                    throw SavingError.mismatch("\(file.name): \(weightName) has shape \(stored), but '\(name)' needs \(parameter.shape)")
                }
                return try file.read(path, expecting: stored).reshaped(to: parameter.shape)
            }
            do { try layer.validateWeights(values) } catch { throw SavingError.corrupt("\(file.name): \(error)") }
            loaded.append((layer, values))
        }
        for (layer, values) in loaded { for (parameter, value) in zip(layer.weights, values) { try parameter.assign(value) } }
    }
}
