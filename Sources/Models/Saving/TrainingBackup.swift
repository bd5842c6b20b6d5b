import Foundation
import Serialization
import Tensors
import Training

/// The file ``BackupAndRestore`` keeps: one HDF5 file holding the weights and the optimizer in
/// Keras's `.weights.h5` layout, plus a `neuralkit_backup` group with the rest of the training state
/// (the last finished epoch, every random stream, the learning rate, whether training was told to stop,
/// each callback's state and tensors). One file, replaced atomically, so a crash at any moment leaves
/// either the previous backup or the new one, never half of each.
struct TrainingBackup {
    static let group = "neuralkit_backup"
    static let formatVersion = 1

    /// The last epoch (0-based) whose end the backup records.
    var epoch: Int
    var stopTraining: Bool
    var stopReason: String?
    /// Each callback's state, keyed by ``key(for:in:)``.
    var callbackStates: [String: CallbackState]

    /// A callback's name in the file: its class and its rank among callbacks of that class.
    static func key(for callback: Callback, in callbacks: [Callback]) -> String {
        let name = String(describing: type(of: callback))
        let rank = callbacks.prefix { $0 !== callback }.filter { String(describing: type(of: $0)) == name }.count
        return "\(name)#\(rank)"
    }

    /// Writes the backup of `model` at the end of `epoch`, atomically.
    static func write(_ model: Model, epoch: Int, callbacks: [Callback], to path: String) throws {
        var states: [String: CallbackState] = [:]
        for callback in callbacks { if let state = try callback.backupState() { states[key(for: callback, in: callbacks)] = state } }
        // A closure's learning rate is code the training script makes again; only data is backed up.
        var rate: JSONValue = .null
        if let learningRate = model.optimizer?.learningRate, !learningRate.isClosure { rate = try learningRate.kerasJSON() }
        var document: [String: JSONValue] = [
            "format": .int(formatVersion), "epoch": .int(epoch), "stop_training": .bool(model.stopTraining),
            "stop_reason": model.stopReason.map { .string($0) } ?? .null,
            "random_states": .array(model.randomStates().map { .array($0.map { .string(String($0, radix: 16)) }) }),
            "learning_rate": rate,
        ]
        document["callbacks"] = .object(
            states.mapValues { .object(["values": .object($0.values), "tensor_count": .int($0.tensors.count)]) })
        let json = JSONValue.object(document).jsonString()
        let image = try model.weightsImage(name: path) { file in
            try file.createGroup(group)
            try file.setAttribute("state", json, on: group)
            for (key, state) in states where !state.tensors.isEmpty {
                try file.createGroup("\(group)/callbacks/\(key)")
                for (index, tensor) in state.tensors.enumerated() { try file.write(tensor, at: "\(group)/callbacks/\(key)/\(index)") }
            }
        }
        try AtomicFile.replace(path, what: "the training backup", write: { try AtomicFile.write(image, to: $0) })
    }

    /// Reads a backup into `model` (weights, optimizer, random streams, learning rate) and returns the
    /// rest. Any flaw is an error naming the file: a backup is never skipped in silence.
    static func read(_ path: String, into model: Model) throws -> TrainingBackup {
        func corrupt(_ reason: String) -> SavingError {
            .corrupt(
                "the training backup \(path) cannot be used: \(reason). Delete \(path) (or its folder) to start training "
                    + "from the beginning, or point the backup folder elsewhere")
        }
        let file: HDF5File
        do { file = try HDF5File(reading: path) } catch { throw corrupt("\(error)") }
        guard let json = try file.strings("state", of: group)?.first,
            case let .object(document)? = try? JSONDecoder().decode(
                JSONValue.self, from: Data(json.utf8))
        else { throw corrupt("it has no readable training state") }
        guard document["format"] == .int(formatVersion) else { throw corrupt("it was written by another version of NeuralKit") }
        guard case let .number(epochValue)? = document["epoch"], let epoch = Int(exactly: epochValue), epoch >= 0,
            case let .array(randomJSON)? = document["random_states"], case let .bool(stop)? = document["stop_training"]
        else { throw corrupt("its epoch, random states or stop flag are missing") }
        let randomStates = try randomJSON.map { value -> [UInt64] in
            guard case let .array(words) = value else { throw corrupt("a random state is not a list") }
            return try words.map { word in
                guard case let .string(hex) = word, let parsed = UInt64(hex, radix: 16) else { throw corrupt("a random state word is not hexadecimal") }
                return parsed
            }
        }
        var states: [String: CallbackState] = [:]
        if case let .object(callbacks)? = document["callbacks"] {
            for (key, value) in callbacks {
                guard case let .object(entry) = value, case let .object(values)? = entry["values"],
                    case let .number(count)? = entry["tensor_count"], let tensorCount = Int(exactly: count), tensorCount >= 0
                else { throw corrupt("the state of callback \(key) is malformed") }
                let tensors = try (0..<tensorCount).map { try file.read("\(group)/callbacks/\(key)/\($0)") }
                states[key] = CallbackState(values: values, tensors: tensors)
            }
        }
        do {
            try model.loadWeights(from: file)
            try model.setRandomStates(randomStates)
            if let optimizer = model.optimizer, let rate = document["learning_rate"], rate != .null {
                optimizer.learningRate = try LearningRate(keras: rate, default: optimizer.currentLearningRate)
            }
        } catch { throw corrupt("\(error)") }
        var reason: String?
        if case let .string(text)? = document["stop_reason"] { reason = text }
        return TrainingBackup(epoch: epoch, stopTraining: stop, stopReason: reason, callbackStates: states)
    }
}
