import Datasets
import Foundation
import Tensors
import Testing

/// The IDX loaders, on small files this test writes, and the download path against a local HTTP
/// server on loopback (no test needs the internet).
@Suite(.serialized) struct ImageDatasetTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neuralkit-idx-\(UUID().uuidString)").path

    static func idx(_ dimensions: [Int], _ bytes: [UInt8]) -> Data {
        var data = Data([0, 0, 8, UInt8(dimensions.count)])
        for d in dimensions { data.append(contentsOf: [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)]) }
        data.append(contentsOf: bytes)
        return data
    }

    /// Four tiny IDX files (3 training and 2 test images of 2×2) and a spec whose checksums fit them.
    func makeDataset(in folder: String, gzip: Bool) throws -> IDXDatasetSpec {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files: [(String, Data)] = [
            ("train-images-idx3-ubyte", Self.idx([3, 2, 2], Array(0..<12))),
            ("train-labels-idx1-ubyte", Self.idx([3], [0, 1, 2])),
            ("t10k-images-idx3-ubyte", Self.idx([2, 2, 2], Array(100..<108))),
            ("t10k-labels-idx1-ubyte", Self.idx([2], [2, 1])),
        ]
        var entries: [(name: String, sha256: String)] = []
        for (name, data) in files {
            entries.append((name, try SHA256.hexDigest(data)))
            let path = (folder as NSString).appendingPathComponent(name)
            try data.write(to: URL(fileURLWithPath: path))
            if gzip { try run("/bin/gzip", ["-f", "-n", path]) }
        }
        return IDXDatasetSpec(name: "Tiny", folder: "tiny", files: entries, mirrors: [], systemFolders: [], classNames: ["a", "b", "c"])
    }

    func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
    }

    @Test func loadsRawAndGzippedFilesFromAGivenFolder() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for gzip in [false, true] {
            let spec = try makeDataset(in: folder + "/\(gzip)", gzip: gzip)
            let data = try DatasetLoader(allowDownload: false).load(spec, directory: folder + "/\(gzip)")
            #expect(data.xTrain.shape == [3, 2, 2] && data.xTest.shape == [2, 2, 2])
            #expect(data.xTrain.scalars == (0..<12).map(Float.init))
            #expect(data.yTrain.scalars == [0, 1, 2] && data.yTest.scalars == [2, 1])
        }
    }

    @Test func corruptFilesAreNamedAndExplained() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spec = try makeDataset(in: folder, gzip: false)
        let labels = (folder as NSString).appendingPathComponent("train-labels-idx1-ubyte")
        func message() -> String {
            do { _ = try DatasetLoader(allowDownload: false).load(spec, directory: folder) } catch { return "\(error)" }
            return "no error"
        }
        try Self.idx([3], [0, 1]).write(to: URL(fileURLWithPath: labels))  // truncated
        #expect(message().contains("holds 2 bytes of data") && message().contains("truncated"))
        try Data([0, 0, 9, 1, 0, 0, 0, 3, 0, 1, 2]).write(to: URL(fileURLWithPath: labels))  // wrong magic
        #expect(message().contains("magic number 0x00000901"))
        try Self.idx([2], [0, 1]).write(to: URL(fileURLWithPath: labels))  // 3 images, 2 labels
        #expect(message().contains("3 training images but 2 labels"))
        try Self.idx([3], [0, 1, 7]).write(to: URL(fileURLWithPath: labels))  // label out of range
        #expect(message().contains("label 7"))
        try Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9]).write(to: URL(fileURLWithPath: labels + ".gz"))
        try FileManager.default.removeItem(atPath: labels)
        #expect(message().contains("corrupt") || message().contains("truncated"))
        #expect(throws: DatasetError.self) { try DatasetLoader(allowDownload: false).load(spec, directory: "/nonexistent") }
    }

    @Test func missingDataWithoutDownloadSaysWhereItLooked() throws {
        let spec = IDXDatasetSpec(name: "Nowhere", folder: "nowhere", files: [("x", "00")], mirrors: [], systemFolders: ["/nonexistent/system"], classNames: [])
        let error = #expect(throws: DatasetError.self) { try DatasetLoader(cacheDirectory: folder, allowDownload: false).load(spec) }
        #expect("\(error!)".contains("/nonexistent/system") && "\(error!)".contains("downloading is off"))
    }

    @Test func downloadsFromAMirrorVerifiesAndCaches() throws {
        let served = folder + "/served", cache = folder + "/cache"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var spec = try makeDataset(in: served, gzip: true)
        let (server, port) = try startServer(serving: served)
        defer { stop(server) }
        let loader = DatasetLoader(cacheDirectory: cache, mirrors: ["http://127.0.0.1:\(port)/missing/", "http://127.0.0.1:\(port)/"])
        let data = try loader.load(spec)
        #expect(data.yTest.scalars == [2, 1])
        #expect(data.source == cache + "/tiny")
        #expect(FileManager.default.fileExists(atPath: cache + "/tiny/train-images-idx3-ubyte.gz"))
        // A second load reads the cache, even with no server.
        stop(server)
        #expect(try DatasetLoader(cacheDirectory: cache, allowDownload: false).load(spec).yTrain.scalars == [0, 1, 2])
        // A file whose checksum is wrong is rejected and nothing is left in the cache.
        let (second, secondPort) = try startServer(serving: served)
        defer { stop(second) }
        spec.files[0].sha256 = String(repeating: "0", count: 64)
        spec.folder = "tampered"
        let error = #expect(throws: DatasetError.self) {
            try DatasetLoader(cacheDirectory: cache, mirrors: ["http://127.0.0.1:\(secondPort)/"]).load(spec)
        }
        #expect("\(error!)".contains("SHA-256"))
        #expect(!FileManager.default.fileExists(atPath: cache + "/tampered/train-images-idx3-ubyte.gz"))
    }

    /// SIGKILL: the test runner's threads block SIGTERM, and a spawned child inherits that mask.
    func stop(_ server: Process) {
        guard server.isRunning else { return }
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    /// Python's http.server on a free loopback port.
    func startServer(serving directory: String) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = """
            import http.server, socketserver, sys, functools
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            handler.log_message = lambda *a: None
            with socketserver.TCPServer(("127.0.0.1", 0), handler) as s:
                print(s.server_address[1], flush=True)
                s.serve_forever()
            """
        process.arguments = ["python3", "-c", script, directory]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw DatasetError.fileNotFound("could not start the test HTTP server")
        }
        return (process, port)
    }

    @Test func theChaptersFashionMNISTLoadsFromTheSharedCopy() throws {
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data/fashion_mnist").standardized.path
        guard FileManager.default.fileExists(atPath: shared) else { return }
        let data = try FashionMNIST.load(directory: shared)
        #expect(data.xTrain.shape == [60000, 28, 28] && data.xTest.shape == [10000, 28, 28])
        #expect(data.yTrain.scalars.filter { $0 == 9 }.count == 6000)
        #expect(data.xTrain.scalars.max() == 255)
        #expect(data.classNames[9] == "Ankle boot")
    }

    @Test func californiaHousingIsScikitLearns() throws {
        let housing = try CaliforniaHousing.load()
        #expect(housing.features.count == 20640 && housing.featureNames.count == 8)
        let row0: [Double] = [8.3252, 41, 6.984127, 1.02381, 322, 2.555556, 37.88, -122.23]
        for (a, b) in zip(housing.features[0], row0) { #expect(Swift.abs(a - b) < 1e-5) }
        #expect(Swift.abs(housing.target[0] - 4.526) < 1e-9)
        let mean = housing.target.reduce(0, +) / 20640
        #expect(Swift.abs(mean - 2.068558) < 1e-6)
    }

    @Test func theBooksSplitsAreScikitLearns() throws {
        var random = NumPyRandomState(seed: 42)
        #expect(random.permutation(10) == [8, 1, 5, 0, 7, 2, 9, 4, 3, 6])
        var zero = NumPyRandomState(seed: 0)
        #expect(zero.permutation(7) == [6, 2, 1, 3, 0, 5, 4])
        let indices = Array(0..<20640)
        let outer = try trainTestSplit(indices, indices, scikitLearnRandomState: 42)
        #expect(outer.xTrain.count == 15480 && outer.xTest.count == 5160)
        #expect(Array(outer.xTrain.prefix(5)) == [8158, 18368, 19197, 3746, 13073])
        #expect(Array(outer.xTest.prefix(5)) == [20046, 3024, 15663, 20484, 9814])
        let inner = try trainTestSplit(outer.xTrain, outer.xTrain, scikitLearnRandomState: 42)
        #expect(inner.xTrain.count == 11610 && Array(inner.xTrain.prefix(5)) == [16860, 12184, 19319, 10523, 12294])
        #expect(Array(inner.xTest.prefix(5)) == [10919, 16047, 14172, 7641, 227])
    }
}
