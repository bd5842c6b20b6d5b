import Foundation

/// Saves the model (or its weights) as training goes, as Keras 3's `ModelCheckpoint`: every epoch or
/// every N batches, to a path that may name the epoch and any logged value
/// (`ckpt-{epoch:02d}-{val_loss:.2f}.keras`, see ``PathTemplate``); with `saveBestOnly`, only when the
/// monitored value improves on the best so far (or on `initialValueThreshold`). Each save is atomic: a
/// crash or a full disk during a save leaves the previous file as it was.
public final class ModelCheckpoint: MonitorCallback {
    /// When to save: at each epoch end, or after every `n` batches.
    public enum Frequency: Sendable, Equatable {
        case epoch
        case batches(Int)
    }

    public let filepath: PathTemplate
    public let saveBestOnly: Bool
    public let saveWeightsOnly: Bool
    public let saveFrequency: Frequency
    public let verbose: Bool
    /// The path of the last file saved, if any.
    public private(set) var lastSavedPath: String?
    private var batchesSinceLastSave = 0
    private var lastBatchSeen = 0
    private var currentEpoch = 0
    private let sink: OutputSink

    /// Fails at once on a path that does not end as the format requires (`.keras`, or `.weights.h5` with
    /// `saveWeightsOnly`), a malformed template, or a batch frequency below 1.
    public init(
        _ filepath: String, monitor: String = "val_loss", verbose: Bool = false, saveBestOnly: Bool = false,
        saveWeightsOnly: Bool = false, mode: Mode = .auto, saveFrequency: Frequency = .epoch,
        initialValueThreshold: Float? = nil, output: OutputSink = .standardOutput
    ) throws {
        if saveWeightsOnly {
            guard filepath.hasSuffix(".weights.h5") else {
                throw ModelError.invalidArgument(
                    "with saveWeightsOnly, the checkpoint path must end in .weights.h5 (Keras's weights format); got \(filepath)")
            }
        } else if !filepath.hasSuffix(".keras") {
            throw ModelError.invalidArgument(
                "the checkpoint path must end in .keras (Keras's model format), or in .weights.h5 with saveWeightsOnly; got \(filepath)")
        }
        if case let .batches(count) = saveFrequency, count < 1 {
            throw ModelError.invalidArgument("a checkpoint every \(count) batches is not possible; give 1 or more, or .epoch")
        }
        self.filepath = try PathTemplate(filepath)
        self.saveBestOnly = saveBestOnly
        self.saveWeightsOnly = saveWeightsOnly
        self.saveFrequency = saveFrequency
        self.verbose = verbose
        self.sink = output
        super.init(monitor: monitor, mode: mode, baseline: initialValueThreshold)
    }

    /// Checks, before the first epoch, that the template names only keys this training logs.
    public override func onTrainBegin(logs: Logs) throws {
        guard let model else { return }
        var known = Set(model.expectedLogKeys + ["epoch", "learning_rate"])
        if saveFrequency != .epoch { known.insert("batch") }
        if let unknown = filepath.keys.first(where: { !known.contains($0) }), !model.expectedLogKeys.isEmpty {
            throw ModelError.invalidArgument(
                "the checkpoint path \(filepath.template) names {\(unknown)}, which this training does not log; "
                    + "the keys are: \(known.sorted().joined(separator: ", "))")
        }
        if saveBestOnly { _ = try resolvedDirection() }
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws { currentEpoch = epoch }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard case let .batches(count) = saveFrequency else { return }
        batchesSinceLastSave += batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen
        lastBatchSeen = batch
        guard batchesSinceLastSave >= count else { return }
        batchesSinceLastSave = 0
        try save(epoch: currentEpoch, batch: batch, logs: logs)
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        if saveFrequency == .epoch { try save(epoch: epoch, batch: nil, logs: logs) }
    }

    private func save(epoch: Int, batch: Int?, logs: Logs) throws {
        guard let model else { return }
        var values = logs.mapValues(Double.init)
        values["epoch"] = Double(epoch + 1)
        if let batch { values["batch"] = Double(batch + 1) }
        let path = try filepath.render(values)
        guard try shouldSave(epoch: epoch, logs: logs, path: path) else { return }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SavingError.io("cannot create the checkpoint folder \(folder): \(AtomicFile.describe(error)); choose a folder you can write")
        }
        if saveWeightsOnly { try model.saveWeights(to: path) } else { try model.save(to: path) }
        lastSavedPath = path
    }

    /// Keras's rule and messages: always without `saveBestOnly`; with it, on an improvement only (a
    /// missing monitor saves, with a warning).
    private func shouldSave(epoch: Int, logs: Logs, path: String) throws -> Bool {
        guard saveBestOnly else {
            say("Epoch \(epoch + 1): saving model to \(path)")
            return true
        }
        guard let current = monitoredValue(in: logs, warning: "can save the best model only with \(monitor) available; saving anyway") else { return true }
        let bestText = best.map { String(format: "%.5f", $0) } ?? "None"
        if try isImprovement(current, over: best) {
            say("Epoch \(epoch + 1): \(monitor) improved from \(bestText) to \(String(format: "%.5f", current)), saving model to \(path)")
            best = current
            return true
        }
        say("Epoch \(epoch + 1): \(monitor) did not improve from \(bestText)")
        return false
    }

    private func say(_ line: String) { if verbose { sink.line(line) } }

    public override func backupState() throws -> CallbackState? {
        var state = monitorState()
        state.set("batches_since_last_save", batchesSinceLastSave)
        state.set("last_batch_seen", lastBatchSeen)
        return state
    }

    public override func restoreBackupState(_ state: CallbackState) throws {
        try restoreMonitorState(state)
        batchesSinceLastSave = try state.int("batches_since_last_save")
        lastBatchSeen = try state.int("last_batch_seen")
    }
}
