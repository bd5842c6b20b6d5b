import Foundation
import Models

/// One event file being appended to: named as TensorFlow 2 names them,
/// `events.out.tfevents.<unix seconds, 10 digits>.<hostname>.<pid>.<n>.v2`, where `n` is the first
/// number that makes the name new in the folder. Each record goes to the file with one `write`, so a
/// reader (a live TensorBoard) sees it at once, and a kill can only cut the last record short.
final class EventFile {
    let path: String
    private var descriptor: Int32

    /// Creates the folder (and its parents) if needed, then a new event file in it.
    init(directory: String, date: Date = Date()) throws {
        let folder = URL(fileURLWithPath: directory)
        try Self.makeFolders(folder.standardizedFileURL.path, for: directory)
        let prefix = "events.out.tfevents.\(Self.padded(Int(date.timeIntervalSince1970), to: 10)).\(Self.hostname()).\(getpid())"
        var counter = 0
        while true {
            let candidate = folder.appendingPathComponent("\(prefix).\(counter).v2").path
            let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
            if opened >= 0 {
                path = candidate
                descriptor = opened
                return
            }
            guard errno == EEXIST else { throw Self.unwritable(directory, reason: String(cString: strerror(errno))) }
            counter += 1
        }
    }

    deinit { close() }

    /// Appends one record holding `data`.
    func append(_ data: Data) throws {
        guard descriptor >= 0 else { throw TensorBoardError.io("the event file \(path) is closed; create a new SummaryWriter") }
        do { try AtomicFile.writeAll(TFRecord.frame(data), to: descriptor) } catch {
            throw TensorBoardError.io("cannot write to the event file \(path): \(error); free some space or choose another log folder")
        }
    }

    /// Asks the system to put the file's bytes on the disk.
    func sync() { if descriptor >= 0 { _ = fsync(descriptor) } }

    func close() {
        if descriptor >= 0 { _ = Foundation.close(descriptor) }
        descriptor = -1
    }

    private static func unwritable(_ directory: String, reason: String) -> TensorBoardError {
        .io("cannot write TensorBoard logs to the folder \(directory): \(reason); choose a folder you can create and write to")
    }

    /// Makes `path` and its missing parents, saying which one failed and why (`mkdir`'s own reason).
    private static func makeFolders(_ path: String, for directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw unwritable(directory, reason: "\(path) is a file, not a folder") }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try makeFolders(parent, for: directory) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            let reason = String(cString: strerror(errno))
            throw unwritable(directory, reason: path == directory ? reason : "\(reason) (making \(path))")
        }
    }

    private static func padded(_ value: Int, to width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }

    /// The machine's name, as TensorFlow's `port::Hostname()` gives it.
    private static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
