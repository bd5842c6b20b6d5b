import Foundation

/// Streams each epoch's logs to a CSV file, as Keras's `CSVLogger`: a header `epoch,<keys sorted>` (with
/// `val_` columns of NA added when the logs have none) and one row per epoch (0-based), values as Python
/// prints them, lines ending in CRLF as Python's csv
/// module writes them. With `append`, a file that already has rows is continued without a second
/// header. The file is opened at the first epoch end, so a run that fails before then leaves an earlier
/// log untouched; each row is flushed as it is written. Under ``BackupAndRestore`` a resumed run cuts
/// the file back to the backed-up epoch and continues it, so the log matches an uninterrupted run's.
public final class CSVLogger: Callback {
    public let filename: String
    public let separator: Character
    public let append: Bool
    private var keys: [String]?
    private var handle: FileHandle?
    /// The file's length after the last row written (what a backup records).
    private var length: UInt64 = 0
    /// A resumed run's length to cut the file back to, from the backup.
    private var resumeLength: UInt64?

    public init(_ filename: String, separator: Character = ",", append: Bool = false) {
        self.filename = filename
        self.separator = separator
        self.append = append
    }

    public override func onTrainBegin(logs: Logs) throws {
        keys = nil
        resumeLength = nil
        try? handle?.close()
        handle = nil
        try AtomicFile.checkFolder(of: filename, what: "the CSV log")
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        var logs = logs.mapValues { "\(Double($0))" }
        if keys == nil {
            // Keras's rule: a log without validation values still gets their columns (filled with NA).
            let sorted = logs.keys.sorted()
            keys = sorted.contains { $0.hasPrefix("val_") } ? sorted : sorted + sorted.map { "val_" + $0 }
        }
        let keys = self.keys ?? []
        if model?.stopTraining == true { logs = Dictionary(uniqueKeysWithValues: keys.map { ($0, logs[$0] ?? "NA") }) }
        var text = ""
        if handle == nil { text = try open() ? row(["epoch"] + keys) : "" }
        text += row(["\(epoch)"] + keys.map { logs[$0] ?? "NA" })
        try write(text)
    }

    public override func onTrainEnd(logs: Logs) throws {
        try? handle?.close()
        handle = nil
    }

    /// Opens the file for this run; returns whether a header is needed.
    private func open() throws -> Bool {
        let manager = FileManager.default
        var header = true
        do {
            if let resumeLength, manager.fileExists(atPath: filename) {
                let existing = try FileHandle(forUpdating: URL(fileURLWithPath: filename))
                try existing.truncate(atOffset: resumeLength)
                handle = existing
                header = resumeLength == 0
            } else if append, manager.fileExists(atPath: filename) {
                let existing = try FileHandle(forUpdating: URL(fileURLWithPath: filename))
                header = try existing.seekToEnd() == 0
                handle = existing
            } else {
                guard manager.createFile(atPath: filename, contents: nil) else { throw CocoaError(.fileWriteNoPermission) }
                handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filename))
            }
            length = try handle?.seekToEnd() ?? 0
        } catch {
            throw SavingError.io("cannot write the CSV log \(filename): \(AtomicFile.describe(error)); choose a file you can write")
        }
        return header
    }

    private func write(_ text: String) throws {
        do {
            try handle?.write(contentsOf: Data(text.utf8))
            length += UInt64(text.utf8.count)
        } catch {
            throw SavingError.io("cannot write the CSV log \(filename): \(AtomicFile.describe(error))")
        }
    }

    /// One CSV line, quoting fields that hold the separator, a quote or a line break.
    private func row(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(separator) || field.contains("\"") || field.contains("\n") || field.contains("\r")
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: String(separator)) + "\r\n"
    }

    public override func backupState() throws -> CallbackState? {
        var state = CallbackState()
        state.set("length", Int(length))
        state.set("keys", (keys ?? []).joined(separator: "\n"))
        state.set("has_keys", keys != nil)
        return state
    }

    public override func restoreBackupState(_ state: CallbackState) throws {
        resumeLength = UInt64(try state.int("length"))
        keys = try state.bool("has_keys") ? try state.string("keys").split(separator: "\n").map(String.init) : nil
    }
}
