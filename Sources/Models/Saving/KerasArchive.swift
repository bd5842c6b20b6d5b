import Foundation
import Serialization
import Tensors
import ZIPFoundation

/// Reading a `.keras` zip defensively: what `Model.load(from:)` checks before it trusts an entry.
enum KerasArchive {
    /// The largest weights file `load(from:)` opens (8 GiB).
    static let maximumWeightsBytes: Int64 = 8 << 30
    /// The largest expansion a compressed entry may claim: deflate manages about 1,000:1 only on
    /// degenerate data, which real weights and configs are not. Keras itself stores entries uncompressed.
    static let maximumCompressionRatio: Int64 = 200

    /// Refuses archives that are not what Keras writes: too many entries, entry names that climb out of
    /// the archive, sizes that cannot be, compression ratios of a zip bomb.
    static func checkEntries(of archive: Archive, path: String) throws {
        var count = 0
        for entry in archive {
            count += 1
            guard count <= 10_000 else { throw SavingError.corrupt("\(path) holds more than 10,000 entries; a Keras model file holds a handful") }
            let name = entry.path
            if name.hasPrefix("/") || name.contains("\\") || name.split(separator: "/").contains("..") || name.contains("\0") {
                throw SavingError.corrupt("\(path) has an entry named '\(name)', which points outside the archive; refusing a hostile file")
            }
            let expanded = Int64(clamping: entry.uncompressedSize), packed = Int64(clamping: entry.compressedSize)
            if expanded > 1 << 20, expanded / Swift.max(packed, 1) > maximumCompressionRatio {
                throw SavingError.corrupt("\(path): \(name) would expand \(entry.compressedSize) bytes to \(entry.uncompressedSize) "
                    + "(more than \(maximumCompressionRatio):1); refusing what looks like a zip bomb")
            }
        }
    }

    /// `config.json`, size-checked and parsed.
    static func readConfig(from archive: Archive, path: String) throws -> JSONValue {
        guard let entry = archive["config.json"] else { throw SavingError.corrupt("\(path) has no config.json; it is not a Keras 3 model file") }
        let limit: Int64 = 64 << 20
        guard Int64(clamping: entry.uncompressedSize) <= limit else {
            throw SavingError.corrupt("\(path): config.json claims \(entry.uncompressedSize) bytes, more than the \(limit) allowed")
        }
        var data = Data()
        let declared = Int(clamping: entry.uncompressedSize)
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > declared { throw SavingError.corrupt("\(path): config.json inflates past its declared size of \(declared) bytes") }
            }
        } catch let error as SavingError { throw error } catch {
            throw SavingError.corrupt("\(path): cannot read config.json (truncated or corrupt file?): \(error)")
        }
        do { return try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw SavingError.corrupt("\(path): config.json is not valid JSON")
        }
    }

    /// Streams an entry to a file, never holding it in memory, and stops at `limit` bytes.
    static func extract(_ entry: Entry, from archive: Archive, path: String, limit: Int64, to url: URL) throws {
        guard Int64(clamping: entry.uncompressedSize) <= limit else {
            throw SavingError.corrupt("\(path): \(entry.path) claims \(entry.uncompressedSize) bytes, more than the \(limit) allowed")
        }
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = try? FileHandle(forWritingTo: url) else {
            throw SavingError.io("cannot write a temporary copy of \(entry.path) at \(url.path)")
        }
        defer { try? handle.close() }
        var written: Int64 = 0
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                written += Int64(chunk.count)
                if written > Int64(clamping: entry.uncompressedSize) {
                    throw SavingError.corrupt("\(path): \(entry.path) inflates past its declared size")
                }
                try handle.write(contentsOf: chunk)
            }
        } catch let error as SavingError { throw error } catch {
            throw SavingError.corrupt("\(path): cannot read \(entry.path) (truncated or corrupt file?): \(error)")
        }
    }
}
