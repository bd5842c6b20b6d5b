import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

/// BackupAndRestore: a run interrupted at any epoch and started again with the same code ends with the
/// same weights, History, CSV log and callback decisions, bit for bit, as a run never interrupted.
@Suite struct BackupAndRestoreTests {
    struct Crash: Error {}

    /// Fails the run during epoch `epoch` (at a batch, or at the epoch end before the backup).
    final class CrashAt: Callback {
        let epoch: Int, batch: Int?
        init(epoch: Int, batch: Int?) {
            self.epoch = epoch
            self.batch = batch
        }
        override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
            if let crashBatch = self.batch, current == epoch, batch == crashBatch { throw Crash() }
        }
        var current = -1
        override func onEpochBegin(_ epoch: Int, logs: Logs) throws { current = epoch }
        override func onEpochEnd(_ epoch: Int, logs: Logs) throws { if batch == nil && epoch == self.epoch { throw Crash() } }
    }

    static func data() throws -> (Tensor, Tensor) {
        var generator = RandomGenerator(seed: 9)
        let x = (0..<96).map { _ in (0..<4).map { _ in generator.nextNormal() } }
        let y = x.map { Float($0[0] + 0.5 * $0[1] > 0 ? ($0[2] > 0 ? 2 : 1) : 0) }
        return (try Tensor(x), try Tensor(y))
    }

    static func model() throws -> Sequential {
        let model = try Sequential(
            [Dense(units: 16, activation: .relu, inputShape: [4]), Dropout(rate: 0.3), Dense(units: 3, activation: .softmax)], seed: 5)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.02), metrics: [.accuracy])
        return model
    }

    /// One run's callbacks, made anew as a restarted program would.
    static func callbacks(folder: String, extra: [Callback] = []) throws -> [Callback] {
        extra + [
            EarlyStopping(monitor: "val_loss", patience: 4, restoreBestWeights: true),
            try ReduceLROnPlateau(monitor: "val_loss", factor: 0.5, patience: 1),
            CSVLogger(folder + "/log.csv"),
            BackupAndRestore(backupDir: folder + "/backup"),
        ]
    }

    static func run(folder: String, crashes: [(epoch: Int, batch: Int?)]) throws -> (weights: [Tensor], history: History, csv: Data, model: Model) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (x, y) = try data()
        for crash in crashes {
            let model = try model()
            #expect(throws: Crash.self) {
                try model.fit(
                    x, y, batchSize: 8, epochs: 25, verbose: .silent,
                    callbacks: try callbacks(folder: folder, extra: [CrashAt(epoch: crash.epoch, batch: crash.batch)]), validationSplit: 0.25)
            }
        }
        let model = try model()
        let history = try model.fit(x, y, batchSize: 8, epochs: 25, verbose: .silent, callbacks: try callbacks(folder: folder), validationSplit: 0.25)
        let csv = try Data(contentsOf: URL(fileURLWithPath: folder + "/log.csv"))
        return (model.getWeights(), history, csv, model)
    }

    @Test func anInterruptedRunEndsBitIdenticalToAnUninterruptedOne() throws {
        let reference = try Self.run(folder: temporaryPath("reference"), crashes: [])
        #expect(reference.history.epoch.count < 25, "early stopping should end the reference run early")
        #expect(reference.history.history["learning_rate"]?.min() ?? 1 < 0.02, "the plateau should lower the rate")
        for crashes in [[(2, 5)], [(0, nil), (3, nil)], [(1, 0), (4, 8), (6, nil)]] as [[(Int, Int?)]] {
            let resumed = try Self.run(folder: temporaryPath("resumed"), crashes: crashes.map { (epoch: $0.0, batch: $0.1) })
            let sameWeights = resumed.weights.map(\.scalars) == reference.weights.map(\.scalars)
            let sameHistory = resumed.history.history == reference.history.history && resumed.history.epoch == reference.history.epoch
            let sameLog = resumed.csv == reference.csv
            #expect(sameWeights, "weights after crashes \(crashes)")
            #expect(sameHistory, "History after crashes \(crashes)")
            #expect(sameLog, "the CSV log after crashes \(crashes)")
            #expect(resumed.model.stopReason == reference.model.stopReason && resumed.model.restoredEpoch == reference.model.restoredEpoch)
        }
    }

    @Test func theBackupIsDeletedWhenTrainingCompletes() throws {
        let folder = temporaryPath("complete")
        _ = try Self.run(folder: folder, crashes: [(1, nil)])
        #expect(!FileManager.default.fileExists(atPath: folder + "/backup/training-backup.h5"))
        #expect(FileManager.default.fileExists(atPath: folder + "/backup"))
    }

    @Test func aCorruptBackupIsAnErrorThatNamesTheFileNeverARestart() throws {
        let folder = temporaryPath("corrupt")
        try FileManager.default.createDirectory(atPath: folder + "/backup", withIntermediateDirectories: true)
        let path = folder + "/backup/training-backup.h5"
        let (x, y) = try Self.data()
        for bytes in [Data("not hdf5".utf8), Data()] {
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect {
                try Self.model().fit(x, y, epochs: 2, verbose: .silent, callbacks: [BackupAndRestore(backupDir: folder + "/backup")])
            } throws: { "\($0)".contains(path) && "\($0)".contains("start training") }
        }
        // A backup of another architecture is refused too, naming the file.
        let other = try Sequential([Dense(units: 3, activation: .softmax, inputShape: [4])], seed: 1)
        other.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam())
        try? FileManager.default.removeItem(atPath: path)
        #expect(throws: Crash.self) {
            try other.fit(x, y, epochs: 3, verbose: .silent, callbacks: [CrashAt(epoch: 1, batch: nil), BackupAndRestore(backupDir: folder + "/backup")])
        }
        #expect { try Self.model().fit(x, y, epochs: 3, verbose: .silent, callbacks: [BackupAndRestore(backupDir: folder + "/backup")]) } throws: {
            "\($0)".contains(path)
        }
    }

    @Test func anUnwritableBackupFolderIsAClearError() throws {
        let file = temporaryPath("plain-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let (x, y) = try Self.data()
        #expect { try Self.model().fit(x, y, epochs: 1, verbose: .silent, callbacks: [BackupAndRestore(backupDir: file + "/backup")]) } throws: {
            "\($0)".contains(file + "/backup") && "\($0)".contains("cannot create the backup folder")
        }
    }

    /// A disk that fills up during training (a tiny tmpfs, mounted as root; skipped elsewhere): the backup or
    /// checkpoint that fails is an error, and the previous one stays intact and resumes.
    @Test func aFullDiskKeepsThePreviousBackupAndCheckpoint() throws {
        let mountPoint = temporaryPath("full-disk")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard getuid() == 0, runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint]) == 0 else { return }
        defer { _ = runTool("/bin/umount", [mountPoint]) }
        let (x, y) = try Self.data()
        let filler = mountPoint + "/filler"
        // After the first epoch's backup and checkpoint, something else fills the disk.
        let fill = DiskFiller(path: filler, atEpoch: 1)
        let first = try Self.model()
        #expect {
            try first.fit(
                x, y, epochs: 3, verbose: .silent,
                callbacks: [try ModelCheckpoint(mountPoint + "/best.keras", monitor: "loss"), BackupAndRestore(backupDir: mountPoint + "/backup"), fill])
        } throws: { "\($0)".contains(mountPoint) && "\($0)".contains("unchanged") }
        let backup = mountPoint + "/backup/training-backup.h5"
        #expect(FileManager.default.fileExists(atPath: backup) && FileManager.default.fileExists(atPath: mountPoint + "/best.keras"))
        #expect(try Model.load(from: mountPoint + "/best.keras").getWeights().count == 4)
        try FileManager.default.removeItem(atPath: filler)
        let resumed = BackupAndRestore(backupDir: mountPoint + "/backup")
        try Self.model().fit(x, y, epochs: 3, verbose: .silent, callbacks: [resumed])
        #expect(resumed.resumedAtEpoch == 1)
    }

    /// Fills the disk with a file at the start of an epoch.
    final class DiskFiller: Callback {
        let path: String, epoch: Int
        init(path: String, atEpoch epoch: Int) {
            self.path = path
            self.epoch = epoch
        }
        override func onEpochBegin(_ epoch: Int, logs: Logs) throws {
            guard epoch == self.epoch else { return }
            let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
            defer { close(descriptor) }
            let chunk = [UInt8](repeating: 1, count: 1024)
            while write(descriptor, chunk, chunk.count) > 0 {}
        }
    }

}
