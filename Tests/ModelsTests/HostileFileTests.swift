import Foundation
import Layers
import Models
import Serialization
import Tensors
import TestSupport
import Testing
import Training
import ZIPFoundation

/// Truncated, corrupt and hostile `.keras` files: each is a thrown error that says what is wrong, never a
/// crash, and never an allocation the file's own size does not justify.
@Suite final class HostileFileTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)").path

    init() throws { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// A genuine small model file, and its entries.
    func genuine() throws -> (path: String, entries: [String: Data]) {
        let model = try Sequential([Dense(units: 4, activation: .relu, inputShape: [3]), Dense(units: 2, activation: .softmax)], seed: 1)
        let path = directory + "/genuine-\(UUID().uuidString).keras"
        try model.save(to: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var entries: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            entries[entry.path] = data
        }
        return (path, entries)
    }

    /// Writes a zip with the given entries (in order), deflated or stored.
    func zip(_ entries: [(String, Data)], compressed: Bool = false) throws -> String {
        let path = directory + "/crafted-\(UUID().uuidString).keras"
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, data) in entries {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: compressed ? .deflate : .none
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return path
    }

    func loadError(_ path: String) -> String {
        do {
            _ = try Model.load(from: path)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// The genuine config with one change.
    func config(_ change: (inout JSONValue) -> Void) throws -> Data {
        var config = try JSONDecoder().decode(JSONValue.self, from: try genuine().entries["config.json"]!)
        change(&config)
        return Data(config.jsonString().utf8)
    }

    func layerConfig(_ index: Int, _ key: String, _ value: JSONValue) -> (inout JSONValue) -> Void {
        { config in
            guard case var .object(top) = config, case var .object(inner) = top["config"]!, case var .array(layers) = inner["layers"]!,
                case var .object(layer) = layers[index], case var .object(layerConfig) = layer["config"]!
            else { return }
            layerConfig[key] = value
            layer["config"] = .object(layerConfig)
            layers[index] = .object(layer)
            inner["layers"] = .array(layers)
            top["config"] = .object(inner)
            config = .object(top)
        }
    }

    @Test func truncatedFilesAtEveryLengthAreErrors() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try genuine().path))
        for fraction in [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99] {
            let path = directory + "/truncated.keras"
            try data.prefix(Int(Double(data.count) * fraction)).write(to: URL(fileURLWithPath: path))
            #expect(throws: SavingError.self, "cut at \(fraction)") { try Model.load(from: path) }
        }
        // Flipped bytes inside the weights: the CRC check or HDF5 notices.
        var corrupt = data
        for offset in stride(from: data.count / 2, to: data.count / 2 + 64, by: 1) { corrupt[offset] ^= 0x5A }
        let path = directory + "/flipped.keras"
        try corrupt.write(to: URL(fileURLWithPath: path))
        #expect(throws: SavingError.self) { try Model.load(from: path) }
    }

    @Test func entriesThatClimbOutOfTheArchiveAreRefused() throws {
        let entries = try genuine().entries
        let path = try zip([
            ("metadata.json", entries["metadata.json"]!), ("config.json", entries["config.json"]!),
            ("model.weights.h5", entries["model.weights.h5"]!), ("../../etc/evil", Data("x".utf8)),
        ])
        #expect(loadError(path).contains("points outside the archive"))
        let missing = try zip([("metadata.json", entries["metadata.json"]!), ("config.json", entries["config.json"]!)])
        #expect(loadError(missing).contains("no model.weights.h5"))
    }

    @Test func aZipBombIsRefusedBeforeItExpands() throws {
        let entries = try genuine().entries
        let bomb = try zip([("config.json", Data(count: 50 << 20)), ("model.weights.h5", entries["model.weights.h5"]!)], compressed: true)
        #expect(loadError(bomb).contains("zip bomb"))
    }

    @Test func anEntryThatLiesAboutItsSizeIsCaught() throws {
        // A deflated config.json of 600 KB whose headers claim 100 bytes.
        let entries = try genuine().entries
        let padding = Data(repeating: UInt8(ascii: " "), count: 600_000)
        let path = try zip([("config.json", entries["config.json"]! + padding), ("model.weights.h5", entries["model.weights.h5"]!)], compressed: true)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func patch(signature: UInt32, sizeOffset: Int) {
            var index = 0
            while index + 30 < bytes.count {
                let word = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
                if word == signature {
                    let nameLength = Int(bytes[index + (signature == 0x0201_4B50 ? 28 : 26)]) | Int(bytes[index + (signature == 0x0201_4B50 ? 29 : 27)]) << 8
                    let nameStart = index + (signature == 0x0201_4B50 ? 46 : 30)
                    if nameStart + nameLength <= bytes.count, String(decoding: bytes[nameStart..<nameStart + nameLength], as: UTF8.self) == "config.json" {
                        bytes[index + sizeOffset] = 100
                        for k in 1..<4 { bytes[index + sizeOffset + k] = 0 }
                    }
                }
                index += 1
            }
        }
        patch(signature: 0x0403_4B50, sizeOffset: 22)
        patch(signature: 0x0201_4B50, sizeOffset: 24)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let message = loadError(path)
        #expect(message.contains("config.json inflates past its declared size"), "\(message)")
    }

    @Test func configsThatAskForTooMuchAreErrors() throws {
        let weights = try genuine().entries["model.weights.h5"]!
        func load(_ config: Data) throws -> String { loadError(try zip([("config.json", config), ("model.weights.h5", weights)])) }

        let huge = try load(try config(layerConfig(1, "units", 1_000_000_000_000)))
        #expect(huge.contains("exceed") && huge.contains("weights"), "\(huge)")
        let negative = try load(try config(layerConfig(1, "units", -3)))
        #expect(negative.contains("units must be positive"), "\(negative)")
        let shape = try load(try config(layerConfig(0, "batch_shape", [nil, 3_000_000_000, 3_000_000_000])))
        #expect(shape.contains("2³¹"), "\(shape)")
        let variable = try load(try config(layerConfig(0, "batch_shape", [nil, nil])))
        #expect(variable.contains("variable-size"), "\(variable)")
        let wrongShape = try load(try config(layerConfig(1, "units", 5)))
        #expect(wrongShape.contains("dense") && wrongShape.contains("shape"), "\(wrongShape)")
        let notJSON = try load(Data("{\"class_name\": ".utf8))
        #expect(notJSON.contains("not valid JSON"))
        let deep = try load(Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8))
        #expect(deep != "no error")
    }

    @Test func codeInAConfigIsNeverRun() throws {
        let lambda: JSONValue = [
            "class_name": "Sequential",
            "config": [
                "layers": [
                    ["class_name": "InputLayer", "config": ["batch_shape": [nil, 2]]],
                    [
                        "module": "keras.layers", "class_name": "Lambda",
                        "config": ["function": ["class_name": "__lambda__", "config": ["code": "4wEAAAAAAAAA"]]],
                    ],
                ]
            ],
        ]
        let error = #expect(throws: ConfigError.self) { try Model.fromKerasConfig(lambda) }
        #expect("\(error!)".contains("Python code") && "\(error!)".contains("never runs code"))
        let unknown: JSONValue = ["class_name": "Sequential", "config": ["layers": [["class_name": "Conv2D", "config": [:]]]]]
        #expect("\(#expect(throws: ConfigError.self) { try Model.fromKerasConfig(unknown) }!)".contains("'Conv2D'"))
    }

    @Test func aFailedSaveLeavesThePreviousFileIntact() throws {
        let (path, _) = try genuine()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let unsaveable = PlainSubclass()
        try unsaveable.build(inputShape: [3])
        #expect(throws: SavingError.self) { try unsaveable.save(to: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).allSatisfy { !$0.hasSuffix(".tmp") })
        _ = try Model.load(from: path)
    }
}
