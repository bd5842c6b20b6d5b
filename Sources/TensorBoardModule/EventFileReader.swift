import Foundation
import SwiftProtobuf

/// One point of a scalar series read back from an event file.
public struct ScalarPoint: Sendable, Equatable {
    public let step: Int
    public let value: Double
    /// Seconds since 1970 when the point was written.
    public let wallTime: Double

    public init(step: Int, value: Double, wallTime: Double) {
        self.step = step
        self.value = value
        self.wallTime = wallTime
    }
}

/// Reads TensorBoard event files without TensorFlow: every record's checksums are checked, a record
/// cut short at the end of a file (a writer still at work, or killed) ends that file quietly, and a
/// damaged record before the end is an error that names the file.
///
/// Scalars are read in both forms TensorBoard reads: TF 2's tensors tagged for the `scalars`
/// plugin (what ``SummaryWriter`` and the ``TensorBoard`` callback write) and TF 1's `simple_value`.
public enum EventFileReader {
    /// The scalar series of one event file: tag → points, in the order written.
    public static func scalars(inFile path: String) throws -> [String: [ScalarPoint]] {
        var series: [String: [ScalarPoint]] = [:]
        var plugins: [String: String] = [:]
        try collectScalars(inFile: path, into: &series, plugins: &plugins)
        return series
    }

    /// The scalar series of every run in a log folder: run → tag → points. A run is a folder that holds
    /// event files, named by its path under `logDir` (`train`, `validation`; `.` for `logDir` itself),
    /// as TensorBoard names runs; its files are read in name order, which is the order of their creation.
    public static func scalars(inLogDirectory logDir: String) throws -> [String: [String: [ScalarPoint]]] {
        var runs: [String: [String: [ScalarPoint]]] = [:]
        for (run, files) in try eventFiles(inLogDirectory: logDir) {
            var series: [String: [ScalarPoint]] = [:]
            var plugins: [String: String] = [:]
            for file in files { try collectScalars(inFile: file, into: &series, plugins: &plugins) }
            runs[run] = series
        }
        return runs
    }

    /// The event files under `logDir`, by run, each run's files sorted by name.
    public static func eventFiles(inLogDirectory logDir: String) throws -> [String: [String]] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: logDir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TensorBoardError.io("the log folder \(logDir) does not exist or is not a folder; give the folder passed to tensorboard --logdir")
        }
        let root = URL(fileURLWithPath: logDir).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw TensorBoardError.io("cannot list the log folder \(logDir); check its permissions")
        }
        var runs: [String: [String]] = [:]
        for case let url as URL in walker where url.lastPathComponent.contains("tfevents") {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let folder = url.deletingLastPathComponent().standardizedFileURL.path
            let run = folder == root.path ? "." : String(folder.dropFirst(root.path.count + 1))
            runs[run, default: []].append(url.path)
        }
        return runs.mapValues { $0.sorted { ($0 as NSString).lastPathComponent < ($1 as NSString).lastPathComponent } }
    }

    /// The events of one file, decoded (for tests and tools that want more than scalars).
    static func events(inFile path: String) throws -> [Tensorboard_Event] {
        try TFRecord.records(inFile: path).enumerated().map { index, record in
            do { return try Tensorboard_Event(serializedBytes: record) } catch {
                throw TensorBoardError.corrupt(
                    "the event file \(path) is corrupt: record \(index + 1) has valid checksums but is not an Event (\(error)); "
                        + "it was not written by TensorBoard or NeuralKit")
            }
        }
    }

    /// Adds a file's scalars to `series`; `plugins` remembers each tag's plugin from the first value
    /// that named it (TensorFlow 1 wrote the metadata once per tag).
    private static func collectScalars(inFile path: String, into series: inout [String: [ScalarPoint]], plugins: inout [String: String]) throws {
        for event in try events(inFile: path) {
            guard case let .summary(summary) = event.what else { continue }
            for value in summary.value {
                if value.hasMetadata && !value.metadata.pluginData.pluginName.isEmpty {
                    plugins[value.tag] = value.metadata.pluginData.pluginName
                }
                let number: Double?
                switch value.value {
                case let .simpleValue(simple): number = Double(simple)
                case let .tensor(tensor) where plugins[value.tag] == "scalars": number = tensor.numbers?.first
                default: number = nil
                }
                guard let number else { continue }
                series[value.tag, default: []].append(ScalarPoint(step: Int(event.step), value: number, wallTime: event.wallTime))
            }
        }
    }
}
