import Foundation
import TestSupport
import Testing

/// The bundled data sets are package resources: a program copied without its resource folder says
/// what is missing and where it looked, instead of stopping.
@Suite struct BundledDataCommandTests {
    @Test func aProgramWithoutItsResourcesSaysWhatIsMissing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lonely-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = Bundle.main.bundleURL.appendingPathComponent("neuralkit")
        let alternative = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("neuralkit")
        let source = FileManager.default.isExecutableFile(atPath: original.path) ? original : alternative
        let copy = folder.appendingPathComponent("neuralkit")
        try FileManager.default.copyItem(at: source, to: copy)
        let process = Process()
        process.executableURL = copy
        process.arguments = ["train", "--dataset", "iris", "--epochs", "1"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NEURALKIT_RESOURCES")
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("NeuralKit_Datasets.resources") && text.contains("iris.csv.gz"), "\(text)")
        #expect(!text.contains("Fatal error"))
    }
}
