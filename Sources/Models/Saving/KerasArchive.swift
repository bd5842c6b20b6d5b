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
        let fileSize = Int64(clamping: (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? Int.max)
        var count = 0
        for entry in archive {
            count += 1
            guard count <= 10_000 else { throw SavingError.corrupt("\(path) holds more than 10,000 entries; a Keras model file holds a handful") }
            let name = entry.path
            if name.hasPrefix("/") || name.contains("\\") || name.split(separator: "/").contains("..") || name.contains("\0") {
                throw SavingError.corrupt("\(path) has an entry named '\(name)', which points outside the archive; refusing a hostile file")
            }
            let expanded = Int64(clamping: entry.uncompressedSize), packed = Int64(clamping: entry.compressedSize)
            // A stored entry is as long as it says, and no entry is longer than the file that holds it.
            if packed > fileSize || (!entry.isCompressed && expanded != packed) {
                throw SavingError.corrupt(
                    "\(path): \(name) declares \(entry.uncompressedSize) bytes, which the \(fileSize)-byte file "
                        + "cannot hold; the file is truncated or corrupt")
            }
            if expanded > 1 << 20, expanded / Swift.max(packed, 1) > maximumCompressionRatio {
                throw SavingError.corrupt(
                    "\(path): \(name) would expand \(entry.compressedSize) bytes to \(entry.uncompressedSize) "
                        + "(more than \(maximumCompressionRatio):1); refusing what looks like a zip bomb")
            }
        }
    }

    /// `config.json`, size- and CRC-checked, parsed.
    static func readConfig(from archive: Archive, path: String) throws -> JSONValue {
        guard let entry = archive["config.json"] else { throw SavingError.corrupt("\(path) has no config.json; it is not a Keras 3 model file") }
        let data = try read(entry, from: archive, path: path, limit: 64 << 20)
        do { return try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw SavingError.corrupt("\(path): config.json is not valid JSON")
        }
    }

    /// An entry's bytes, stopping at `limit` and at the entry's declared size, with its CRC-32 compared
    /// to the archive's (one flipped bit is an error, as Python's `zipfile.testzip()` finds it).
    static func read(_ entry: Entry, from archive: Archive, path: String, limit: Int64) throws -> Data {
        guard Int64(clamping: entry.uncompressedSize) <= limit else {
            throw SavingError.corrupt("\(path): \(entry.path) claims \(entry.uncompressedSize) bytes, more than the \(limit) allowed")
        }
        let declared = Int(clamping: entry.uncompressedSize)
        var data = Data()
        // Reserve only what the archive really holds (a declared size is the file's claim, not a fact).
        data.reserveCapacity(Swift.min(declared, Int(clamping: entry.compressedSize) * Int(maximumCompressionRatio), 1 << 26))
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= declared else {
                    throw SavingError.corrupt("\(path): \(entry.path) inflates past its declared size of \(declared) bytes")
                }
                data.append(chunk)
            }
        } catch let error as SavingError { throw error } catch {
            throw SavingError.corrupt("\(path): cannot read \(entry.path) (truncated or corrupt file?)")
        }
        guard data.count == declared else {
            throw SavingError.corrupt("\(path): \(entry.path) holds \(data.count) bytes but declares \(declared); the file is truncated or corrupt")
        }
        guard checksum == entry.checksum else {
            throw SavingError.corrupt(
                "\(path): \(entry.path) fails its CRC-32 check (stored \(String(entry.checksum, radix: 16)), "
                    + "read \(String(checksum, radix: 16))); the file is corrupt")
        }
        return data
    }

    /// Reads a freshly written archive back: the same entries, in order, each with the bytes given and a
    /// matching CRC. What a full disk or a failing write could have spoiled is found before the rename.
    static func verify(_ url: URL, holds entries: [(String, Data)]) throws {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw SavingError.io("the written file cannot be read back; was the disk full?")
        }
        let names = archive.map(\.path)
        guard names == entries.map(\.0) else { throw SavingError.io("the written file lists \(names), not \(entries.map(\.0))") }
        for (name, expected) in entries {
            guard let entry = archive[name] else { throw SavingError.io("the written file lacks \(name)") }
            guard try read(entry, from: archive, path: url.lastPathComponent, limit: Int64(expected.count)) == expected else {
                throw SavingError.io("\(name) reads back differently from what was written")
            }
        }
    }
}
