import Foundation

/// Keeps training safe from crashes, as Keras's `BackupAndRestore`: at the end of every epoch it saves
/// the whole training state (weights, optimizer, epoch, random streams, learning rate and every
/// callback's own state: early stopping's patience, the CSV log's length, History) to one file in
/// `backupDir`, replaced atomically. When `fit` starts and a backup is there, training resumes after the
/// backed-up epoch, and finishes with the same weights and History, bit for bit, as a run that was never
/// interrupted (same data, seed and callbacks). A backup that cannot be read is an error naming the
/// file, never a silent restart. With `deleteBackup` (Keras's `delete_checkpoint`, the default), the
/// backup is removed when training completes.
public final class BackupAndRestore: Callback {
    public let backupDir: String
    public let deleteBackup: Bool
    /// The epoch (0-based) the last `fit` resumed at, or nil if it started afresh.
    public private(set) var resumedAtEpoch: Int?
    /// The backup file: `training-backup.h5` in `backupDir`.
    public var backupPath: String { URL(fileURLWithPath: backupDir).appendingPathComponent("training-backup.h5").path }

    public let verbose: Bool
    /// Whether it writes (and at the end deletes) the backup; false on the ranks other than 0 of an MPI
    /// job, which restore from it but leave writing to rank 0.
    public var writes = true
    private let sink: OutputSink

    /// With `verbose`, a resumed run says so as training begins.
    public init(backupDir: String, deleteBackup: Bool = true, verbose: Bool = false, output: OutputSink = .standardOutput) {
        self.backupDir = backupDir
        self.deleteBackup = deleteBackup
        self.verbose = verbose
        self.sink = output
    }

    /// Makes the folder, then restores the backup in it if there is one.
    public override func onTrainBegin(logs: Logs) throws {
        resumedAtEpoch = nil
        do {
            try FileManager.default.createDirectory(atPath: backupDir, withIntermediateDirectories: true)
        } catch {
            throw SavingError.io("cannot create the backup folder \(backupDir): \(AtomicFile.describe(error)); choose a folder you can write")
        }
        guard FileManager.default.fileExists(atPath: backupPath), let model else { return }
        let backup = try TrainingBackup.read(backupPath, into: model)
        let others = otherCallbacks()
        for callback in others {
            if let state = backup.callbackStates[TrainingBackup.key(for: callback, in: others)] { try callback.restoreBackupState(state) }
        }
        model.stopTraining = backup.stopTraining
        model.stopReason = backup.stopReason
        model.resumeEpoch = backup.epoch + 1
        resumedAtEpoch = backup.epoch + 1
        if verbose { sink.write("Resuming from the backup in \(backupDir): epochs 1 to \(backup.epoch + 1) are done\n") }
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard writes, let model else { return }
        try TrainingBackup.write(model, epoch: epoch, callbacks: otherCallbacks(), to: backupPath)
    }

    public override func onTrainEnd(logs: Logs) throws {
        if deleteBackup && writes { try? FileManager.default.removeItem(atPath: backupPath) }
    }

    /// The callbacks of this `fit` whose state the backup keeps: all but backups.
    private func otherCallbacks() -> [Callback] {
        (model?.activeCallbacks ?? []).filter { !($0 is BackupAndRestore) }
    }
}
