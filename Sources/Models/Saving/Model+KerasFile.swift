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
            "metrics": several
                ? .array(try outputMetrics.map { .array(try $0.map { try $0.compileJSON() }) })
                : .array(try outputMetrics.first?.map { try $0.compileJSON() } ?? []),
            "weighted_metrics": nil, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": true,
        ]
    }

    /// Saves the model as a `.keras` file that Keras 3 opens with `keras.models.load_model`: a zip of
    /// `metadata.json`, `config.json` and `model.weights.h5` (stored, in that order). Everything is made
    /// in memory and checked, then written beside the target, read back (every entry's CRC), synced and
    /// renamed into place: a failure or a kill at any moment leaves the previous file byte-identical.
    /// With `SOURCE_DATE_EPOCH` set (the reproducible-builds convention), the same model gives the same
    /// bytes.
    public func save(to path: String) throws {
        guard path.hasSuffix(".keras") else { throw SavingError.io("model files end in .keras; got \(path)") }
        try AtomicFile.checkFolder(of: path, what: "the model")
        let config = try kerasModelConfig()
        let weights = try weightsImage(name: "\(path) (model.weights.h5)")
        let date = Self.saveDate()
        var metadata: JSONValue = ["keras_version": "3.15.1", "date_saved": .string(Self.kerasDateFormatter.string(from: date))]
        if let description = dataDescription, case var .object(fields) = metadata {
            fields["neuralkit"] = description.json
            metadata = .object(fields)
        }
        let entries = [
            ("metadata.json", Data(metadata.jsonString().utf8)), ("config.json", Data(config.jsonString().utf8)),
            ("model.weights.h5", weights),
        ]
        try AtomicFile.replace(
            path, what: "the model",
            write: { url in
                let archive: Archive
                do { archive = try Archive(url: url, accessMode: .create) } catch { throw SavingError.io(AtomicFile.describe(error)) }
                for (name, data) in entries {
                    try archive.addEntry(
                        with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                        compressionMethod: .none
                    ) { position, size in
                        data.subdata(in: Int(position)..<Int(position) + size)
                    }
                }
            }, verify: { url in try KerasArchive.verify(url, holds: entries) })
    }

    /// Whether a file begins with HDF5's signature (a Keras 2 model file under another name).
    static func startsLikeHDF5(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 8)) == HDF5File.signature
    }

    /// The time a save records: `SOURCE_DATE_EPOCH` when set, else now.
    static func saveDate() -> Date {
        AtomicFile.sourceDate ?? Date()
    }

    /// Keras's `date_saved` format; in UTC when the date comes from `SOURCE_DATE_EPOCH`.
    static var kerasDateFormatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        if AtomicFile.sourceDate != nil { formatter.timeZone = TimeZone(identifier: "UTC") }
        return formatter
    }

    /// Opens a `.keras` file made by Keras 3 or by ``save(to:)``: rebuilds the model from its config,
    /// loads its weights and, when the file has a compile config, compiles it. Classes or options that
    /// NeuralKit lacks are errors that name them; entries are size- and CRC-checked before they are used,
    /// and the weights are read in memory (no temporary file). `customObjects` are the
    /// ``KerasSerializable`` classes the file may name, besides those registered with
    /// ``CustomObjects/register(_:)``.
    public static func load(from path: String, customObjects: [any KerasSerializable.Type] = []) throws -> Model {
        var status = stat()
        guard stat(path, &status) == 0 else { throw SavingError.io("\(path): no such file") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            if FileManager.default.fileExists(atPath: path + "/saved_model.pb") {
                throw SavingError.mismatch(
                    "\(path) is a TensorFlow SavedModel folder, not a .keras file; in Python, load it and "
                        + "save it as Keras 3 does: keras.models.load_model(...) or tf.saved_model.load, then model.save(\"model.keras\")")
            }
            throw SavingError.io("\(path) is not a regular file (a directory?); give the path of a .keras file")
        }
        if path.hasSuffix(".h5") || path.hasSuffix(".hdf5") || Self.startsLikeHDF5(path) {
            return try loadLegacyH5(from: path, customObjects: customObjects)
        }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw SavingError.corrupt("\(path) is not a readable .keras (zip) file; is it a Keras 3 model file?")
        }
        try KerasArchive.checkEntries(of: archive, path: path)
        guard let weightsEntry = archive["model.weights.h5"] else {
            throw SavingError.corrupt("\(path) has no model.weights.h5; it is not a Keras 3 model file")
        }
        let config = try KerasArchive.readConfig(from: archive, path: path)
        // Every weight of the model is in the weights file, 4 bytes or more each: a config that asks for
        // more (a hostile "units": 10¹²) fails here instead of exhausting memory.
        let budget = AllocationBudget(
            elements: Int(clamping: weightsEntry.uncompressedSize / 4) + (1 << 20),
            reason: "the size of \(path)'s weights")
        let model = try AllocationBudget.$current.withValue(budget) {
            try fromKerasConfig(config, customObjects: customObjects)
        }
        let weights = try KerasArchive.read(weightsEntry, from: archive, path: path, limit: KerasArchive.maximumWeightsBytes)
        try HDF5Watchdog.guarding(path) { try model.loadWeights(from: try HDF5File(image: weights, name: "\(path) (model.weights.h5)")) }
        if let entry = archive["metadata.json"], let data = try? KerasArchive.read(entry, from: archive, path: path, limit: 1 << 20),
            let metadata = try? JSONDecoder().decode(JSONValue.self, from: data)
        {
            model.dataDescription = DataDescription(json: metadata["neuralkit"])
        }
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
        let inputShape =
            try (layers.first as? InputLayer)?.shape
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
