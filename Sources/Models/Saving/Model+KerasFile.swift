import Foundation
import Layers
import Serialization
import Tensors
import Training
import ZIPFoundation

extension Model {
    /// Keras's `config.json` for this model: Sequential, Functional, or a subclass that adopts
    /// ``KerasSerializable`` (written as Keras writes a registered custom model).
    public func kerasModelConfig() throws -> JSONValue {
        if !isBuilt, let shape = declaredInputShape { try build(inputShape: shape) }
        return try modelConfig()
    }

    /// The config of a functional model: its graph's layer calls.
    func functionalModelConfig(_ graph: FunctionalGraph) throws -> JSONValue {
        var object: [String: JSONValue] = [
            "module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
            "config": .object(try functionalConfig(graph)), "build_config": ["input_shape": nil],
        ]
        if let optimizer, !losses.isEmpty { object["compile_config"] = try compileConfig(optimizer) }
        return .object(object)
    }

    /// Keras's `compile_config`: one loss, weight and metric list per output when there are several.
    func compileConfig(_ optimizer: Optimizer) throws -> JSONValue {
        let several = losses.count > 1
        return [
            "optimizer": try optimizer.kerasJSON(),
            "loss": several ? .array(try losses.map { try $0.compileJSON() }) : try losses[0].compileJSON(),
            "loss_weights": several ? .array(lossWeights.map { .float($0) }) : nil,
            "metrics": several ? .array(try outputMetrics.map { .array(try $0.map { try $0.compileJSON() }) })
                : .array(try outputMetrics.first?.map { try $0.compileJSON() } ?? []),
            "weighted_metrics": nil, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": true,
        ]
    }

    /// Saves the model as a `.keras` file that Keras 3 opens with `keras.models.load_model`: a zip of
    /// `metadata.json`, `config.json` and `model.weights.h5` (stored, in that order), written to a
    /// temporary file and renamed into place.
    public func save(to path: String) throws {
        guard path.hasSuffix(".keras") else { throw SavingError.io("model files end in .keras; got \(path)") }
        let config = try kerasModelConfig()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neuralkit-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("model.weights.h5")
        try saveWeights(to: weights.path)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        let metadata: JSONValue = ["keras_version": "3.15.1", "date_saved": .string(formatter.string(from: Date()))]
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for (entry, data) in [("metadata.json", Data(metadata.jsonString().utf8)), ("config.json", Data(config.jsonString().utf8))] {
                try archive.addEntry(with: entry, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            try archive.addEntry(with: "model.weights.h5", fileURL: weights, compressionMethod: .none)
            guard rename(temporary.path, target.path) == 0 else { throw SavingError.io("cannot move the model into place at \(path)") }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Opens a `.keras` file made by Keras 3 or by ``save(to:)``: rebuilds the model from its config,
    /// loads its weights and, when the file has a compile config, compiles it. Classes or options that
    /// NeuralKit lacks are errors that name them; entries are size-checked before they are read.
    /// `customObjects` are the ``KerasSerializable`` classes the file may name, besides those registered
    /// with ``CustomObjects/register(_:)``.
    public static func load(from path: String, customObjects: [any KerasSerializable.Type] = []) throws -> Model {
        guard FileManager.default.fileExists(atPath: path) else { throw SavingError.io("\(path): no such file") }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw SavingError.corrupt("\(path) is not a readable .keras (zip) file: \(error)")
        }
        try KerasArchive.checkEntries(of: archive, path: path)
        guard let weightsEntry = archive["model.weights.h5"] else {
            throw SavingError.corrupt("\(path) has no model.weights.h5; it is not a Keras 3 model file")
        }
        let config = try KerasArchive.readConfig(from: archive, path: path)
        // Every weight of the model is in the weights file, 4 bytes or more each: a config that asks for
        // more (a hostile "units": 10¹²) fails here instead of exhausting memory.
        let budget = AllocationBudget(elements: Int(clamping: weightsEntry.uncompressedSize / 4) + (1 << 20),
                                      reason: "the size of \(path)'s weights")
        let model = try AllocationBudget.$current.withValue(budget) {
            try fromKerasConfig(config, customObjects: customObjects)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neuralkit-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("model.weights.h5")
        try KerasArchive.extract(weightsEntry, from: archive, path: path, limit: KerasArchive.maximumWeightsBytes, to: weights)
        try model.loadWeights(from: weights.path)
        return model
    }

    /// A model from Keras's `config.json`: Sequential, Functional, or a registered custom model.
    public static func fromKerasConfig(_ config: JSONValue, customObjects: [any KerasSerializable.Type] = []) throws -> Model {
        guard let className = config["class_name"]?.stringValue else { throw SavingError.corrupt("config.json has no class_name") }
        if className == "Functional" {
            let model = try functionalModel(from: config, customObjects: customObjects)
            try compile(model, from: config["compile_config"], customObjects: customObjects)
            return model
        }
        guard className == "Sequential" else { return try subclassedModel(from: config, customObjects: customObjects) }
        guard let layerConfigs = config["config"]?["layers"]?.arrayValue else { throw SavingError.corrupt("the Sequential config lists no layers") }
        let layers = try layerConfigs.map { try LayerRegistry.layer(from: $0, customObjects: customObjects) }
        let model = try Sequential(layers, name: config["config"]?["name"]?.stringValue)
        let inputShape = try (layers.first as? InputLayer)?.shape
            ?? config["build_config"]?["input_shape"].map { try LayerRegistry.sampleShape($0, of: "Sequential") }
        guard let inputShape else { throw SavingError.corrupt("the Sequential config gives no input shape") }
        try model.build(inputShape: inputShape)
        try compile(model, from: config["compile_config"], customObjects: customObjects)
        return model
    }

    /// Compiles a loaded model from Keras's `compile_config`, if the file has one.
    static func compile(_ model: Model, from compile: JSONValue?, customObjects: [any KerasSerializable.Type] = []) throws {
        guard let compile, compile != .null, let lossJSON = compile["loss"], lossJSON != .null else { return }
        let optimizer = try compile["optimizer"].map { try Optimizer.fromKeras($0, customObjects: customObjects) } ?? RMSprop()
        let outputs = model.outputNames.count
        if outputs > 1 {
            let losses = try (lossJSON.arrayValue ?? Array(repeating: lossJSON, count: outputs)).map { try Loss.fromKeras($0, customObjects: customObjects) }
            let weights = compile["loss_weights"]?.arrayValue?.compactMap(\.floatValue)
            let metrics = try compile["metrics"]?.arrayValue.map { lists in
                try lists.map { try ($0.arrayValue ?? [$0]).map { try MetricKind(keras: $0, customObjects: customObjects) } }
            }
            try model.compile(losses: losses, lossWeights: weights, optimizer: optimizer, metrics: metrics)
        } else {
            let metrics = try (compile["metrics"]?.arrayValue ?? []).map { try MetricKind(keras: $0, customObjects: customObjects) }
            model.compile(loss: try Loss.fromKeras(lossJSON, customObjects: customObjects), optimizer: optimizer, metrics: metrics)
        }
    }
}
