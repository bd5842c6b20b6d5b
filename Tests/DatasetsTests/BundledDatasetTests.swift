import Datasets
import Foundation
import Testing

@Suite struct BundledDatasetTests {
    @Test func irisIsScikitLearns() throws {
        let iris = try Iris.load()
        #expect(iris.features.count == 150 && iris.features[0].count == 4)
        #expect(iris.targetNames == ["setosa", "versicolor", "virginica"])
        #expect(iris.featureNames[2] == "petal length (cm)")
        let means = (0..<4).map { j in iris.features.reduce(0) { $0 + $1[j] } / 150 }
        for (mean, expected) in zip(means, [5.843333, 3.057333, 3.758, 1.199333]) { #expect(Swift.abs(mean - expected) < 1e-6) }
        #expect(iris.features[34] == [4.9, 3.1, 1.5, 0.2])
        #expect(Dictionary(grouping: iris.labels, by: { $0 }).mapValues(\.count) == [0: 50, 1: 50, 2: 50])
    }

    @Test func digitsIsScikitLearns() throws {
        let digits = try Digits.load()
        #expect(digits.features.count == 1797 && digits.features[0].count == 64)
        #expect(Set(digits.labels) == Set(0...9))
        #expect(digits.features.allSatisfy { $0.allSatisfy { (0...16).contains($0) } })
        #expect(digits.labels.prefix(5) == [0, 1, 2, 3, 4])
    }

    @Test func featuresAndClassesByName() throws {
        let iris = try Iris.load()
        #expect(try iris.featureIndex("petal_width") == 3)
        #expect(try iris.featureIndex("Petal Width (cm)") == 3)
        #expect(try iris.classIndex("Virginica") == 2)
        let error = #expect(throws: DatasetError.self) { try iris.featureIndex("petal_area") }
        #expect("\(error!)".contains("petal_length"))
        #expect(throws: DatasetError.self) { try iris.classIndex("daisy") }
        #expect(try iris.selectingFeatures(["petal_width", "sepal_length"]).features[0] == [0.2, 5.1])
    }

    @Test func gzipRejectsCorruptAndTruncatedInput() throws {
        #expect(throws: DatasetError.self) { try Gzip.decompress(Data("not gzip at all, not at all".utf8)) }
        let original = Data((0..<10_000).map { UInt8($0 % 251) })
        let compressed = try gzip(original)
        #expect(try Gzip.decompress(compressed) == original)
        #expect(throws: DatasetError.self) { try Gzip.decompress(compressed.prefix(compressed.count / 2)) }
        #expect(throws: DatasetError.self) { try Gzip.decompress(compressed, limit: 1000) }
        var flipped = compressed
        flipped[20] ^= 0xFF
        #expect(throws: DatasetError.self) { try Gzip.decompress(flipped) }
    }

    private func gzip(_ data: Data) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("blob")
        try data.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-n", file.path]
        try process.run()
        process.waitUntilExit()
        return try Data(contentsOf: directory.appendingPathComponent("blob.gz"))
    }
}
