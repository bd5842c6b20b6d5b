import Serialization
import Tensors

/// Per-epoch or per-batch values: metric name → value (`loss`, `accuracy`, `val_loss`, …).
public typealias Logs = [String: Float]

/// Hooks called by `fit`, `evaluate` and `predict`, all doing nothing unless overridden. A callback
/// acts through `model` (for instance, setting `model.stopTraining`).
open class Callback {
    /// The model being trained, set before `onTrainBegin`.
    public internal(set) weak var model: Model?
    /// `epochs`, `steps` (batches per epoch) and `verbose`, as Keras's `params`.
    public internal(set) var params: [String: Int] = [:]

    /// Values this callback added to the epoch's logs (``addLog(_:_:)``), merged by the callback list.
    var addedLogs: Logs = [:]

    public init() {}

    /// Adds a value to this epoch's logs, seen by the callbacks after this one and kept in History, as
    /// Keras's callbacks write `logs["learning_rate"]`. Call it from ``onEpochEnd(_:logs:)``.
    public func addLog(_ key: String, _ value: Float) { addedLogs[key] = value }

    /// What this callback must remember for ``BackupAndRestore`` to resume it exactly where it was
    /// (early stopping's patience count, a log's length); nil when it keeps nothing between epochs.
    open func backupState() throws -> CallbackState? { nil }

    /// Takes back a state from ``backupState()``, after ``onTrainBegin(logs:)`` of a resumed run.
    open func restoreBackupState(_ state: CallbackState) throws {}

    open func onTrainBegin(logs: Logs) throws {}
    open func onTrainEnd(logs: Logs) throws {}
    open func onEpochBegin(_ epoch: Int, logs: Logs) throws {}
    open func onEpochEnd(_ epoch: Int, logs: Logs) throws {}
    open func onTrainBatchBegin(_ batch: Int, logs: Logs) throws {}
    open func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {}
    open func onTestBegin(logs: Logs) throws {}
    open func onTestEnd(logs: Logs) throws {}
    open func onTestBatchBegin(_ batch: Int, logs: Logs) throws {}
    open func onTestBatchEnd(_ batch: Int, logs: Logs) throws {}
    open func onPredictBegin(logs: Logs) throws {}
    open func onPredictEnd(logs: Logs) throws {}
    open func onPredictBatchBegin(_ batch: Int, logs: Logs) throws {}
    open func onPredictBatchEnd(_ batch: Int, logs: Logs) throws {}
}

/// A callback's state in a training backup: named values, and tensors (best weights), all kept bit for
/// bit (floats by their bit patterns, so NaN and the last digit survive).
public struct CallbackState {
    public private(set) var values: [String: JSONValue] = [:]
    public var tensors: [Tensor]

    public init(tensors: [Tensor] = []) { self.tensors = tensors }

    init(values: [String: JSONValue], tensors: [Tensor]) {
        self.values = values
        self.tensors = tensors
    }

    public mutating func set(_ key: String, _ value: Int) { values[key] = .int(value) }
    public mutating func set(_ key: String, _ value: Bool) { values[key] = .bool(value) }
    public mutating func set(_ key: String, _ value: String) { values[key] = .string(value) }
    public mutating func set(_ key: String, _ value: Float?) { values[key] = value.map { .string(String($0.bitPattern, radix: 16)) } ?? .null }
    public mutating func set(_ key: String, _ values: [Float]) {
        self.values[key] = .array(values.map { .string(String($0.bitPattern, radix: 16)) })
    }

    /// A saved integer, or a clear error when the backup lacks it.
    public func int(_ key: String) throws -> Int {
        guard case let .number(value) = values[key], let int = Int(exactly: value) else { throw missing(key) }
        return int
    }

    public func string(_ key: String) throws -> String {
        guard case let .string(value) = values[key] else { throw missing(key) }
        return value
    }

    public func bool(_ key: String) throws -> Bool {
        guard case let .bool(value) = values[key] else { throw missing(key) }
        return value
    }

    /// A saved float (nil when saved as nil).
    public func float(_ key: String) throws -> Float? {
        if values[key] == .null { return nil }
        guard case let .string(bits) = values[key], let float = Self.float(bits) else { throw missing(key) }
        return float
    }

    public func floats(_ key: String) throws -> [Float] {
        guard case let .array(list) = values[key] else { throw missing(key) }
        return try list.map { value in
            guard case let .string(bits) = value, let float = Self.float(bits) else { throw missing(key) }
            return float
        }
    }

    private static func float(_ bits: String) -> Float? { UInt32(bits, radix: 16).map(Float.init(bitPattern:)) }

    private func missing(_ key: String) -> Error {
        SavingError.corrupt("the backup has no valid '\(key)' for a callback; was it written by another version or another set of callbacks?")
    }
}

/// A callback from closures, for one-off hooks (Keras's `LambdaCallback`).
public final class LambdaCallback: Callback {
    public var epochEnd: ((Int, Logs) throws -> Void)?
    public var batchEnd: ((Int, Logs) throws -> Void)?
    public var trainBegin: ((Logs) throws -> Void)?
    public var trainEnd: ((Logs) throws -> Void)?

    public init(
        onEpochEnd: ((Int, Logs) throws -> Void)? = nil, onTrainBatchEnd: ((Int, Logs) throws -> Void)? = nil,
        onTrainBegin: ((Logs) throws -> Void)? = nil, onTrainEnd: ((Logs) throws -> Void)? = nil
    ) {
        epochEnd = onEpochEnd
        batchEnd = onTrainBatchEnd
        trainBegin = onTrainBegin
        trainEnd = onTrainEnd
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws { try epochEnd?(epoch, logs) }
    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { try batchEnd?(batch, logs) }
    public override func onTrainBegin(logs: Logs) throws { try trainBegin?(logs) }
    public override func onTrainEnd(logs: Logs) throws { try trainEnd?(logs) }
}
