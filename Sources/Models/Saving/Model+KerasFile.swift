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
        try checkEntries(of: archive, path: path)
        guard let weightsEntry = archive["model.weights.h5"] else {
            throw SavingError.corrupt("\(path) has no model.weights.h5; it is not a Keras 3 model file")
        }
        let config = try readConfig(from: archive, path: path)
        // Every weight of the model is in the weights file, 4 bytes or more each: a config that asks for
        // more (a hostile "units": 10¹²) fails here instead of exhausting memory.
        let budget = AllocationBudget(elements: Int(clamping: weightsEntry.uncompressedSize / 4) + (1 << 20),
                                      reason: "the size of \(path)'s weights")
        let model = try AllocationBudget.$current.withValue(budget) {
            try fromKerasConfig(config, customObjects: customObjects, customLayers: customLayers)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neuralkit-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("model.weights.h5")
        try extract(weightsEntry, from: archive, path: path, limit: maximumWeightsBytes, to: weights)
        try model.loadWeights(from: weights.path)
        return model
    }

    /// The largest weights file `load(from:)` opens (8 GiB).
    static let maximumWeightsBytes: Int64 = 8 << 30
    /// The largest expansion a compressed entry may claim: deflate manages about 1,000:1 only on
    /// degenerate data, which real weights and configs are not. Keras itself stores entries uncompressed.
    static let maximumCompressionRatio: Int64 = 200

    /// Refuses archives that are not what Keras writes: too many entries, entry names that climb out of
    /// the archive, sizes that cannot be, compression ratios of a zip bomb.
    static func checkEntries(of archive: Archive, path: String) throws {
        var count = 0
        for entry in archive {
            count += 1
            guard count <= 10_000 else { throw SavingError.corrupt("\(path) holds more than 10,000 entries; a Keras model file holds a handful") }
            let name = entry.path
            if name.hasPrefix("/") || name.contains("\\") || name.split(separator: "/").contains("..") || name.contains("\0") {
                throw SavingError.corrupt("\(path) has an entry named '\(name)', which points outside the archive; refusing a hostile file")
            }
            let expanded = Int64(clamping: entry.uncompressedSize), packed = Int64(clamping: entry.compressedSize)
            if expanded > 1 << 20, expanded / Swift.max(packed, 1) > maximumCompressionRatio {
                throw SavingError.corrupt("\(path): \(name) would expand \(entry.compressedSize) bytes to \(entry.uncompressedSize) "
                    + "(more than \(maximumCompressionRatio):1); refusing what looks like a zip bomb")
            }
        }
    }

    /// `config.json`, size-checked and parsed.
    static func readConfig(from archive: Archive, path: String) throws -> JSONValue {
        guard let entry = archive["config.json"] else { throw SavingError.corrupt("\(path) has no config.json; it is not a Keras 3 model file") }
        let limit: Int64 = 64 << 20
        guard Int64(clamping: entry.uncompressedSize) <= limit else {
            throw SavingError.corrupt("\(path): config.json claims \(entry.uncompressedSize) bytes, more than the \(limit) allowed")
        }
        var data = Data()
        let declared = Int(clamping: entry.uncompressedSize)
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > declared { throw SavingError.corrupt("\(path): config.json inflates past its declared size of \(declared) bytes") }
            }
        } catch let error as SavingError { throw error } catch {
            throw SavingError.corrupt("\(path): cannot read config.json (truncated or corrupt file?): \(error)")
        }
        do { return try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw SavingError.corrupt("\(path): config.json is not valid JSON")
        }
    }

    /// Streams an entry to a file, never holding it in memory, and stops at `limit` bytes.
    static func extract(_ entry: Entry, from archive: Archive, path: String, limit: Int64, to url: URL) throws {
        guard Int64(clamping: entry.uncompressedSize) <= limit else {
            throw SavingError.corrupt("\(path): \(entry.path) claims \(entry.uncompressedSize) bytes, more than the \(limit) allowed")
        }
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = try? FileHandle(forWritingTo: url) else {
            throw SavingError.io("cannot write a temporary copy of \(entry.path) at \(url.path)")
        }
        defer { try? handle.close() }
        var written: Int64 = 0
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                written += Int64(chunk.count)
                if written > Swift.min(limit, Int64(clamping: entry.uncompressedSize)) {
                    throw SavingError.corrupt("\(path): \(entry.path) inflates past its declared size")
                }
                try handle.write(contentsOf: chunk)
            }
        } catch let error as SavingError { throw error } catch {
            throw SavingError.corrupt("\(path): cannot read \(entry.path) (truncated or corrupt file?): \(error)")
        }
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
        let inputShape = try (layers.first as? InputLayer)?.shape
            ?? config["build_config"]?["input_shape"].map { try LayerRegistry.sampleShape($0, of: "Sequential") }
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
        let shapes: [Shape]
        if let list = shapeJSON?.arrayValue, let first = list.first, first.arrayValue != nil {
            shapes = try list.map { try LayerRegistry.sampleShape($0, of: object.className) }
        } else if let shapeJSON, shapeJSON.arrayValue != nil {
            shapes = [try LayerRegistry.sampleShape(shapeJSON, of: object.className)]
        } else {
            throw SavingError.corrupt("the \(object.className) config has no build_config input shape")
        }
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
