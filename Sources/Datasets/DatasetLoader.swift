import Foundation
import Tensors

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Finds dataset files, in this order: a folder the caller names; the cache (`$NEURALKIT_DATA` or
/// `~/.neuralkit/datasets`); the folders a system package installs (Debian's `dataset-fashion-mnist`);
/// and last, a download from the dataset's mirrors into the cache, checked by SHA-256.
public struct DatasetLoader: Sendable {
    /// The cache folder that downloads go to.
    public var cacheDirectory: String
    /// Whether a missing dataset may be downloaded.
    public var allowDownload: Bool
    /// Mirrors to use instead of the dataset's own (for a private mirror, or a test server).
    public var mirrors: [String]?
    /// Whether to look in the dataset's system folders.
    public var useSystemFolders: Bool

    public init(cacheDirectory: String? = nil, allowDownload: Bool = true, mirrors: [String]? = nil, useSystemFolders: Bool = true) {
        let environment = ProcessInfo.processInfo.environment
        self.cacheDirectory =
            cacheDirectory ?? environment["NEURALKIT_DATA"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".neuralkit/datasets")
        self.allowDownload = allowDownload
        self.mirrors = mirrors
        self.useSystemFolders = useSystemFolders
    }

    public func load(_ spec: IDXDatasetSpec, directory: String? = nil) throws -> ImageDataset {
        let folder = try locate(spec, directory: directory)
        func read(_ index: Int, rank: Int) throws -> Tensor {
            let name = spec.files[index].name
            guard let path = try existingFile(name, in: folder) else {
                throw DatasetError.fileNotFound("\(folder) lacks \(name)[.gz]; the \(spec.name) folder is incomplete")
            }
            return try IDX.decode(try contents(of: path), name: path, expectedRank: rank)
        }
        let (xTrain, yTrain, xTest, yTest) = (try read(0, rank: 3), try read(1, rank: 1), try read(2, rank: 3), try read(3, rank: 1))
        guard xTrain.shape[0] == yTrain.shape[0], xTest.shape[0] == yTest.shape[0] else {
            throw DatasetError.corrupt(
                "\(spec.name) in \(folder): \(xTrain.shape[0]) training images but \(yTrain.shape[0]) labels, "
                    + "or \(xTest.shape[0]) test images but \(yTest.shape[0]) labels")
        }
        if let bad = (yTrain.scalars + yTest.scalars).first(where: { Int($0) >= spec.classNames.count }) {
            throw DatasetError.corrupt("\(spec.name) in \(folder): label \(Int(bad)) is not one of the \(spec.classNames.count) classes")
        }
        return ImageDataset(xTrain: xTrain, yTrain: yTrain, xTest: xTest, yTest: yTest, classNames: spec.classNames, source: folder)
    }

    /// The folder that holds all four files, downloading them if allowed and needed.
    public func locate(_ spec: IDXDatasetSpec, directory: String? = nil) throws -> String {
        if let directory {
            guard try hasAll(spec, directory) else {
                throw DatasetError.fileNotFound(
                    "\(directory) does not hold the \(spec.name) files "
                        + spec.files.map { $0.name + "[.gz]" }.joined(separator: ", "))
            }
            return directory
        }
        let cache = (cacheDirectory as NSString).appendingPathComponent(spec.folder)
        // A folder that holds some of the files but not all is the user's, half-filled: say so rather
        // than quietly reading another copy.
        let present = try spec.files.filter { try existingFile($0.name, in: cache) != nil }
        if !present.isEmpty && present.count < spec.files.count {
            let missing = spec.files.filter { file in !present.contains { $0.name == file.name } }.map { $0.name + "[.gz]" }
            throw DatasetError.fileNotFound(
                "\(cache) holds only part of \(spec.name): \(missing.joined(separator: ", ")) missing; "
                    + "add them, or remove the folder to use another copy or download it")
        }
        let candidates = [cache] + (useSystemFolders ? spec.systemFolders : [])
        for candidate in candidates where try hasAll(spec, candidate) { return candidate }
        guard allowDownload else {
            throw DatasetError.fileNotFound(
                "\(spec.name) was not found in \(candidates.joined(separator: " or ")), and downloading is off; "
                    + "install it (Debian: apt-get install dataset-fashion-mnist) or allow the download")
        }
        try download(spec, into: cache)
        return cache
    }

    private func hasAll(_ spec: IDXDatasetSpec, _ folder: String) throws -> Bool {
        try spec.files.allSatisfy { try existingFile($0.name, in: folder) != nil }
    }

    private func existingFile(_ name: String, in folder: String) throws -> String? {
        for candidate in [name + ".gz", name] {
            let path = (folder as NSString).appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    private func contents(of path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.fileNotFound("cannot read \(path)")
        }
        // MNIST-sized files: 47 MB decompressed at most; a bound well above it stops a gzip bomb.
        return path.hasSuffix(".gz") ? try Gzip.decompress(data, name: path, limit: 256 << 20) : data
    }

    /// Downloads every file (`name.gz`) from the first mirror that has it, checks its SHA-256, and
    /// moves it into place atomically.
    private func download(_ spec: IDXDatasetSpec, into folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, expected) in spec.files {
            let target = (folder as NSString).appendingPathComponent(name + ".gz")
            if FileManager.default.fileExists(atPath: target) { continue }
            var failures: [String] = []
            var fetched: Data?
            for mirror in mirrors ?? spec.mirrors {
                guard let url = URL(string: mirror.hasSuffix("/") ? mirror + name + ".gz" : mirror + "/" + name + ".gz") else { continue }
                do {
                    let data = try Data(contentsOf: url)
                    let digest = try SHA256.hexDigest(try Gzip.decompress(data, name: url.absoluteString, limit: 256 << 20))
                    guard digest == expected else {
                        failures.append("\(url): SHA-256 \(digest) is not the expected \(expected)")
                        continue
                    }
                    fetched = data
                    break
                } catch {
                    failures.append("\(url): \(error)")
                }
            }
            guard let fetched else {
                throw DatasetError.fileNotFound("could not download \(spec.name)'s \(name).gz: " + failures.joined(separator: "; "))
            }
            let temporary = target + ".part-\(ProcessInfo.processInfo.processIdentifier)"
            guard FileManager.default.createFile(atPath: temporary, contents: fetched), rename(temporary, target) == 0 else {
                try? FileManager.default.removeItem(atPath: temporary)
                throw DatasetError.fileNotFound("could not write \(target)")
            }
        }
    }
}
