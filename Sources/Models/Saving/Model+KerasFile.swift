import Foundation
import Layers
import Tensors
import Training
import ZIPFoundation

extension Model {
    /// Keras's `config.json` for this model: Sequential, Functional, or a subclass that adopts
    /// ``KerasSerializable`` (written as Keras writes a registered custom model).
    public func kerasModelConfig() throws -> JSONValue {
        if !isBuilt, let shape = declaredInputShape { try build(inputShape: shape) }
        if graph == nil, !(self is Sequential) { return try subclassConfig() }
        if let graph, !(self is Sequential) {
            var object: [String: JSONValue] = [
                "module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
                "config": .object(try functionalConfig(graph)), "build_config": ["input_shape": nil],
            ]
            if let optimizer, !losses.isEmpty { object["compile_config"] = compileConfig(optimizer) }
            return .object(object)
        }
        guard let sequential = self as? Sequential, let inputShape = builtInputShape else {
            throw SavingError.mismatch(self is Sequential
                ? "\(name) has no weights yet; build or fit it before saving"
                : "saving \(kerasClassName) models as .keras is not implemented yet (only Sequential); use saveWeights(to:) for the weights")
        }
        let batchShape = JSONValue.shape([nil] + inputShape.dimensions)
        let input = InputLayer(shape: inputShape, name: (sequential.stack.first as? InputLayer)?.name ?? "input_layer")
        var layers: [JSONValue] = [try LayerRegistry.json(of: input)]
        for layer in sequential.layers { layers.append(try LayerRegistry.json(of: layer)) }
        var object: [String: JSONValue] = [
            "module": "keras", "class_name": "Sequential", "registered_name": nil,
            "config": ["name": .string(name), "trainable": .bool(isTrainable), "dtype": Layer.kerasDTypePolicy,
                       "layers": .array(layers), "build_input_shape": batchShape],
            "build_config": ["input_shape": batchShape],
        ]
        if let optimizer, !losses.isEmpty { object["compile_config"] = compileConfig(optimizer) }
        return .object(object)
    }

    /// A subclassed model as Keras saves a registered custom model: its `get_config()` (here `config()`
    /// with name, trainable, dtype), its registered name and the input shapes it was built for.
    private func subclassConfig() throws -> JSONValue {
        guard let serializable = self as? any KerasSerializable else {
            throw SavingError.mismatch("\(kerasClassName) is a subclassed model; to save it as .keras, make it KerasSerializable "
                + "(write its options in config() and rebuild it in init(kerasConfig:)), or save only its weights with saveWeights(to:)")
        }
        guard isBuilt, !tracedInputShapes.isEmpty else { throw SavingError.mismatch("\(name) has no weights yet; build or fit it before saving") }
        let shapes = tracedInputShapes.map { JSONValue.shape([nil] + $0.dimensions) }
        var object: [String: JSONValue] = [
            "module": nil, "class_name": .string(kerasClassName), "config": .object(try kerasConfig()),
            "registered_name": .string(CustomObjects.registeredName(of: type(of: serializable))),
            "build_config": ["input_shape": shapes.count == 1 ? shapes[0] : .array(shapes)],
        ]
        if let optimizer, !losses.isEmpty { object["compile_config"] = compileConfig(optimizer) }
        return .object(object)
    }

    /// Keras's `compile_config`: one loss, weight and metric list per output when there are several.
    func compileConfig(_ optimizer: Optimizer) -> JSONValue {
        let several = losses.count > 1
        return [
            "optimizer": optimizer.kerasConfig.json,
            "loss": several ? .array(losses.map(\.kerasJSON)) : losses[0].kerasJSON,
            "loss_weights": several ? .array(lossWeights.map { .float($0) }) : nil,
            "metrics": several ? .array(outputMetrics.map { .array($0.map { .string($0.rawValue) }) })
                : .array(outputMetrics.first?.map { .string($0.rawValue) } ?? []),
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
    public static func load(from path: String, customObjects: [any KerasSerializable.Type] = [],
                            customLayers: [String: LayerRegistry.Factory] = [:]) throws -> Model {
        guard FileManager.default.fileExists(atPath: path) else { throw SavingError.io("\(path): no such file") }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw SavingError.corrupt("\(path) is not a readable .keras (zip) file: \(error)")
        }
        func read(_ name: String, limit: Int64) throws -> Data {
            guard let entry = archive[name] else { throw SavingError.corrupt("\(path) has no \(name); it is not a Keras 3 model file") }
            guard entry.uncompressedSize <= limit else {
                throw SavingError.corrupt("\(path): \(name) claims \(entry.uncompressedSize) bytes, more than the \(limit) allowed")
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    data.append(chunk)
                    if data.count > limit { throw SavingError.corrupt("\(path): \(name) inflates past its declared size") }
                }
            } catch let error as SavingError { throw error } catch {
                throw SavingError.corrupt("\(path): cannot read \(name): \(error)")
            }
            return data
        }
        let configData = try read("config.json", limit: 64 << 20)
        let config: JSONValue
        do { config = try JSONDecoder().decode(JSONValue.self, from: configData) } catch {
            throw SavingError.corrupt("\(path): config.json is not valid JSON")
        }
        let model = try fromKerasConfig(config, customObjects: customObjects, customLayers: customLayers)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neuralkit-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("model.weights.h5")
        try read("model.weights.h5", limit: 8 << 30).write(to: weights)
        try model.loadWeights(from: weights.path)
        return model
    }

    /// A model from Keras's `config.json`: Sequential, Functional, or a registered custom model.
    public static func fromKerasConfig(_ config: JSONValue, customObjects: [any KerasSerializable.Type] = [],
                                       customLayers: [String: LayerRegistry.Factory] = [:]) throws -> Model {
        guard let className = config["class_name"]?.stringValue else { throw SavingError.corrupt("config.json has no class_name") }
        if className == "Functional" {
            let model = try functionalModel(from: config, customLayers: customLayers, customObjects: customObjects)
            try compile(model, from: config["compile_config"])
            return model
        }
        guard className == "Sequential" else { return try subclassedModel(from: config, customObjects: customObjects) }
        guard let layerConfigs = config["config"]?["layers"]?.arrayValue else { throw SavingError.corrupt("the Sequential config lists no layers") }
        let layers = try layerConfigs.map { try LayerRegistry.layer(from: $0, custom: customLayers, customObjects: customObjects) }
        let model = try Sequential(layers, name: config["config"]?["name"]?.stringValue)
        let inputShape = (layers.first as? InputLayer)?.shape
            ?? config["build_config"]?["input_shape"]?.arrayValue.map { Shape($0.dropFirst().compactMap(\.intValue)) }
        guard let inputShape else { throw SavingError.corrupt("the Sequential config gives no input shape") }
        try model.build(inputShape: inputShape)
        try compile(model, from: config["compile_config"])
        return model
    }

    /// A registered custom model (Keras's subclassing API): made by its `init(kerasConfig:)`, then built
    /// for the input shapes of its `build_config`.
    static func subclassedModel(from config: JSONValue, customObjects: [any KerasSerializable.Type]) throws -> Model {
        let object = try KerasObject(json: config, expecting: "model")
        guard let type = CustomObjects.lookup(className: object.className, registeredName: object.registeredName, extra: customObjects) else {
            let known = CustomObjects.knownNames(extra: customObjects)
            throw SavingError.mismatch("the file holds a model of class '\(object.registeredName ?? object.className)', which NeuralKit "
                + "does not know: it is a subclassed model, so define it in Swift as a KerasSerializable Model subclass and pass it "
                + "to Model.load(from:customObjects:) or CustomObjects.register(_:)"
                + (known.isEmpty ? "" : "; known: \(known.sorted().joined(separator: ", "))"))
        }
        guard let model = try type.init(kerasConfig: object.config) as? Model else {
            throw SavingError.mismatch("'\(object.className)' is registered as a layer, not a model")
        }
        if let name = object.config["name"]?.stringValue { model.name = name }
        let shapeJSON = config["build_config"]?["input_shape"]
        let shapes: [Shape]? = if let list = shapeJSON?.arrayValue, let first = list.first, first.arrayValue != nil {
            list.compactMap { $0.arrayValue.map { Shape($0.dropFirst().compactMap(\.intValue)) } }
        } else {
            shapeJSON?.arrayValue.map { [Shape($0.dropFirst().compactMap(\.intValue))] }
        }
        guard let shapes, !shapes.isEmpty else { throw SavingError.corrupt("the \(object.className) config has no build_config input shape") }
        try model.traceBuild(shapes)
        try compile(model, from: config["compile_config"])
        return model
    }

    /// Compiles a loaded model from Keras's `compile_config`, if the file has one.
    static func compile(_ model: Model, from compile: JSONValue?) throws {
        guard let compile, compile != .null, let lossJSON = compile["loss"], lossJSON != .null else { return }
        let optimizer = try compile["optimizer"].map { try Optimizer.fromKeras($0) } ?? RMSprop()
        let outputs = model.outputNames.count
        if outputs > 1 {
            let losses = try (lossJSON.arrayValue ?? Array(repeating: lossJSON, count: outputs)).map { try Loss(keras: $0) }
            let weights = compile["loss_weights"]?.arrayValue?.compactMap(\.floatValue)
            let metrics = try compile["metrics"]?.arrayValue.map { lists in
                try lists.map { try ($0.arrayValue ?? [$0]).map { try MetricKind(keras: $0) } }
            }
            try model.compile(losses: losses, lossWeights: weights, optimizer: optimizer, metrics: metrics)
        } else {
            let metrics = try (compile["metrics"]?.arrayValue ?? []).map { try MetricKind(keras: $0) }
            model.compile(loss: try Loss(keras: lossJSON), optimizer: optimizer, metrics: metrics)
        }
    }
}
