import Foundation

/// Writes a file so that a crash mid-write never leaves a truncated file in place of the old one:
/// the bytes go to a temporary file in the same directory, which is then renamed over the target.
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CommandError("could not write '\(path)': \(error.localizedDescription)")
        }
    }
}

import ArgumentParser
