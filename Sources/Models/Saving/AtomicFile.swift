import CCleanup
import Foundation

/// Writing files so that nothing is lost: the new bytes go to a temporary file beside the target
/// (`.<name>.neuralkit-<pid>-<random>.tmp`, on the same disk whatever `TMPDIR` says); the writer, the
/// check, the `fsync` and the rename are each verified before the target is replaced, and the
/// directory is synced after. On any failure the temporary is removed and the previous file is left
/// byte-identical, and the error says so. A temporary is removed on SIGINT, SIGTERM or SIGHUP; one left
/// by a `kill -9` is removed by the next write to the same directory.
public enum AtomicFile {
    /// Replaces `path` with what `write` puts in the temporary file it is given, after `verify` (if
    /// any) accepts the finished temporary. `what` names the content for messages ("the model").
    public static func replace(_ path: String, what: String, write: (URL) throws -> Void, verify: ((URL) throws -> Void)? = nil) throws {
        try checkFolder(of: path, what: what)
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent()
        removeStaleTemporaries(of: target)
        let temporary = directory.appendingPathComponent(
            ".\(target.lastPathComponent).neuralkit-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        let slot = nk_cleanup_register(temporary.path)
        defer {
            nk_cleanup_unregister(slot)
            unlink(temporary.path)
        }
        do {
            try write(temporary)
            try verify?(temporary)
            try sync(temporary.path, what: what, target: path)
        } catch let error as SavingError {
            throw SavingError.io("cannot save \(what) to \(path): \(error); the previous file, if any, is unchanged")
        } catch {
            throw SavingError.io("cannot save \(what) to \(path): \(describe(error)); the previous file, if any, is unchanged")
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw SavingError.io("cannot save \(what) to \(path): \(reason); the previous file, if any, is unchanged")
        }
        // The rename is durable once the directory is synced; a failure here leaves the new file in place.
        try? sync(directory.path, what: what, target: path)
    }

    /// Replaces `path` with `data`, atomically (see the type's description).
    public static func write(_ data: Data, to path: String, what: String) throws {
        try replace(path, what: what, write: { try write(data, to: $0) })
    }

    /// Fails early, before any work, when the target's folder is missing or the target is a folder.
    public static func checkFolder(of path: String, what: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SavingError.io("cannot save \(what) to \(path): the folder \(directory) does not exist; create it first")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw SavingError.io("cannot save \(what) to \(path): it is a folder; give a file name")
        }
    }

    /// Writes bytes in full, checking each write.
    public static func write(_ data: Data, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw SavingError.io(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        try writeAll(data, to: descriptor)
    }

    /// Writes every byte to an open file, retrying interrupted and partial writes; a failure throws the
    /// system's reason (a full disk: "No space left on device").
    public static func writeAll(_ data: Data, to descriptor: Int32) throws {
        try data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var done = 0
            while done < buffer.count {
                let wrote = Foundation.write(descriptor, base + done, buffer.count - done)
                if wrote < 0 && errno == EINTR { continue }
                guard wrote > 0 else { throw SavingError.io(String(cString: strerror(errno))) }
                done += wrote
            }
        }
    }

    /// Flushes a file or directory to disk.
    private static func sync(_ path: String, what: String, target: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw SavingError.io(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SavingError.io(String(cString: strerror(errno))) }
    }

    /// Removes the temporaries of `target` left by processes that no longer run.
    static func removeStaleTemporaries(of target: URL) {
        let directory = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).neuralkit-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let fields = name.dropFirst(prefix.count).split(separator: "-")
            guard let pid = fields.first.flatMap({ Int32($0) }), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { unlink(directory.appendingPathComponent(name).path) }
        }
    }

    /// A write error in words: the system's reason when there is one, never a raw Foundation domain.
    static func describe(_ error: Error) -> String {
        let code = errno
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return code != 0 ? "a write failed (\(String(cString: strerror(code))))" : "a write failed"
    }
}

extension AtomicFile {
    /// `SOURCE_DATE_EPOCH` (the reproducible-builds convention) as a date, for the dates files record, so
    /// that the same content gives the same bytes; nil when unset.
    public static var sourceDate: Date? {
        ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init).map { Date(timeIntervalSince1970: $0) }
    }
}
