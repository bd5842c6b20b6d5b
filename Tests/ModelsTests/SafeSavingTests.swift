import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training
import ZIPFoundation

/// Nothing read that is not ours, nothing lost: weights files that reach outside themselves, corrupt
/// entries, full disks, interrupted saves, byte-identical saves.
@Suite final class SafeSavingTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safe-saving-\(UUID().uuidString)").path

    init() throws { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: directory) }

    static func fixture(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Fixtures/hostile/\(name)", withExtension: nil) else {
            throw SavingError.io("missing fixture \(name)")
        }
        return url.path
    }

    static func small(seed: UInt64 = 1) throws -> Sequential {
        try Sequential([Dense(units: 2, inputShape: [3])], seed: seed)
    }

    @Test func weightsThatReachOutsideTheFileAreRefused() throws {
        let model = try Self.small()
        try model.loadWeights(from: try Self.fixture("plain.weights.h5"))
        #expect(model.getWeights()[0].scalars == [0, 1, 2, 3, 4, 5])
        for (name, words) in [
            ("external_storage.weights.h5", "outside the file"), ("external_link.weights.h5", "external or soft link"),
            ("soft_link.weights.h5", "external or soft link"), ("chunked.weights.h5", "chunks"),
        ] {
            let fresh = try Self.small(seed: 2)
            try fresh.build(inputShape: [3])
            let before = fresh.getWeights().map(\.scalars)
            #expect(throws: SavingError.self, "\(name)") { try fresh.loadWeights(from: try Self.fixture(name)) }
            #expect { try fresh.loadWeights(from: try Self.fixture(name)) } throws: { "\($0)".contains(words) && "\($0)".contains(name) }
            #expect(fresh.getWeights().map(\.scalars) == before, "\(name): nothing changed")
        }
    }

    @Test func aFlippedBitInAnEntryFailsItsChecksum() throws {
        let path = directory + "/flipped.keras"
        let model = try Self.small()
        try model.save(to: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        guard let entry = archive["model.weights.h5"] else { throw SavingError.io("no weights entry") }
        // A byte in the middle of the stored weights (the HDF5 data, not its header).
        guard let start = bytes.firstRange(of: Data([0x89, 0x48, 0x44, 0x46]))?.lowerBound else { throw SavingError.io("no HDF5 entry") }
        let offset = start + Int(entry.uncompressedSize) / 2
        bytes[offset] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect { try Model.load(from: path) } throws: { "\($0)".contains("CRC-32") && "\($0)".contains(path) }
    }

    @Test func errorsNameTheUsersFileNeverATemporaryOne() throws {
        let path = directory + "/named.keras"
        try Self.small().save(to: path)
        // Replace the weights with bytes that are not HDF5, keeping the zip valid.
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .update)
        guard let entry = archive["model.weights.h5"] else { throw SavingError.io("no weights entry") }
        try archive.remove(entry)
        let junk = Data(repeating: 7, count: 100)
        try archive.addEntry(with: "model.weights.h5", type: .file, uncompressedSize: Int64(junk.count), compressionMethod: .none) { position, size in
            junk.subdata(in: Int(position)..<Int(position) + size)
        }
        #expect { try Model.load(from: path) } throws: { error in
            "\(error)".contains("\(path) (model.weights.h5)") && !"\(error)".contains("neuralkit-load") && !"\(error)".contains("/tmp/")
                || "\(error)".contains(path) && !"\(error)".contains("neuralkit-load")
        }
        #expect { try Model.load(from: directory) } throws: { "\($0)".contains("not a regular file") && "\($0)".contains(self.directory) }
        try FileManager.default.createDirectory(atPath: directory + "/saved", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory + "/saved/saved_model.pb", contents: Data())
        #expect { try Model.load(from: directory + "/saved") } throws: { "\($0)".contains("SavedModel") && "\($0)".contains("model.keras") }
        #expect { try Self.small().save(to: directory + "/no/such/folder/m.keras") } throws: {
            "\($0)".contains("/no/such/folder") && "\($0)".contains("does not exist")
        }
    }

    @Test func aSaveLeavesNoTemporariesAndRemovesStaleOnes() throws {
        let path = directory + "/tidy.keras"
        // A temporary left by a process that was killed (pid 2^22 + 1 is above Linux's default pid_max).
        let stale = directory + "/.tidy.keras.neuralkit-4194305-42.tmp"
        FileManager.default.createFile(atPath: stale, contents: Data(repeating: 1, count: 10))
        try Self.small().save(to: path)
        try Self.small().saveWeights(to: directory + "/tidy.weights.h5")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == ["tidy.keras", "tidy.weights.h5"])
    }

    @Test func theSameModelGivesTheSameBytesWithSourceDateEpoch() throws {
        setenv("SOURCE_DATE_EPOCH", "1700000000", 1)
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        let model = try Self.small()
        model.compile(loss: .meanSquaredError, optimizer: Adam())
        try model.fit(try Tensor([[1, 2, 3], [4, 5, 6]]), try Tensor([[1, 0], [0, 1]]), epochs: 2, verbose: .silent)
        try model.save(to: directory + "/a.keras")
        try model.save(to: directory + "/b.keras")
        let a = try Data(contentsOf: URL(fileURLWithPath: directory + "/a.keras"))
        let b = try Data(contentsOf: URL(fileURLWithPath: directory + "/b.keras"))
        #expect(a == b)
        try model.saveWeights(to: directory + "/a.weights.h5")
        try model.saveWeights(to: directory + "/b.weights.h5")
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/a.weights.h5")) == Data(contentsOf: URL(fileURLWithPath: directory + "/b.weights.h5")))
    }

    /// A full disk (a tiny tmpfs, mounted as root; skipped elsewhere) leaves the previous file as it was.
    @Test func aFullDiskLeavesThePreviousFileByteIdentical() throws {
        let mountPoint = directory + "/full"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard getuid() == 0, runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]) == 0 else { return }
        defer { _ = runTool("/bin/umount", [mountPoint]) }
        let path = mountPoint + "/model.keras"
        try Self.small().save(to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let large = try Sequential([Dense(units: 200, inputShape: [100]), Dense(units: 10)], seed: 3)
        #expect { try large.save(to: path) } throws: { "\($0)".contains(path) && "\($0)".contains("unchanged") }
        #expect { try large.saveWeights(to: mountPoint + "/model.weights.h5") } throws: { "\($0)".contains("unchanged") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint) == ["model.keras"])
        #expect(try Model.load(from: path).getWeights().count == 2)
    }

}
