import Datasets
import Foundation
import Tensors
import Testing
import Training

/// Data read from disk a batch at a time: the same values as loading the whole file, clear errors.
@Suite struct StreamingSourceTests {
    static func temporary(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func idx(_ dimensions: [Int], _ values: [UInt8]) -> [UInt8] {
        [0, 0, 8, UInt8(dimensions.count)] + dimensions.flatMap { d in (0..<4).reversed().map { UInt8((d >> ($0 * 8)) & 0xFF) } } + values
    }

    @Test func idxBatchesAreTheFilesSamples() throws {
        let pixels = (0..<(7 * 3 * 2)).map { UInt8($0 * 5 % 256) }
        let images = try Self.temporary("images.idx", Self.idx([7, 3, 2], pixels))
        let labels = try Self.temporary("labels.idx", Self.idx([7], [3, 1, 4, 1, 5, 9, 2]))
        defer { for p in [images, labels] { try? FileManager.default.removeItem(atPath: p) } }
        let source = try IDXFileSource(images: images, labels: labels)
        #expect(source.sampleCount == 7 && source.sampleShape == [3, 2])
        let whole = try IDX.decode(Data(Self.idx([7, 3, 2], pixels)), name: "x")
        let picked = try source.batch(at: [5, 0, 6])
        #expect(picked.inputs[0].shape == [3, 3, 2])
        #expect(picked.inputs[0].scalars == (try whole.gather([5, 0, 6])).scalars)
        #expect(picked.targets[0].scalars == [9, 3, 2])
        let range = try source.batch(in: 2..<5)
        #expect(range.inputs[0].scalars == (try whole.slice(2..<5)).scalars)
        #expect(range.targets[0].scalars == [4, 1, 5])
        #expect(throws: DatasetError.self) { try source.batch(at: [7]) }
    }

    @Test func badIDXFilesAreClearErrors() throws {
        let huge = try Self.temporary("huge.idx", [0, 0, 8, 3] + Array(repeating: 0xFF, count: 12))
        let short = try Self.temporary("short.idx", Self.idx([4, 2], [1, 2, 3]))
        let fewLabels = try Self.temporary("labels.idx", Self.idx([1], [1]))
        let images = try Self.temporary("images.idx", Self.idx([2, 1], [1, 2]))
        defer { for p in [huge, short, fewLabels, images] { try? FileManager.default.removeItem(atPath: p) } }
        #expect { try IDXFileSource(images: huge) } throws: { "\($0)".contains("huge.idx") && "\($0)".contains("corrupt") }
        #expect { try IDX.decode(Data([0, 0, 8, 3] + Array(repeating: 0xFF, count: 12)), name: "h") } throws: { "\($0)".contains("corrupt") }
        #expect { try IDXFileSource(images: short) } throws: { "\($0)".contains("short.idx") }
        #expect { try IDXFileSource(images: images, labels: fewLabels) } throws: { "\($0)".contains("1 labels") }
        #expect { try IDXFileSource(images: "/nonexistent/train.idx") } throws: { "\($0)".contains("/nonexistent/train.idx") }
        #expect { try IDXFileSource(images: "train-images-idx3-ubyte.gz") } throws: { "\($0)".contains("gunzip") }
    }

    static let csv = """
        a,b,"species"\r
        1.5,2,setosa\r
        \r
        "3",4.25,virginica
        5,"6",setosa

        7,8,versicolor
        """

    @Test func csvBatchesMatchTheWholeFile() throws {
        let path = try Self.temporary("table.csv", Array(Self.csv.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try CSVFileSource(path: path, target: "species")
        let whole = try CSVFile(contentsOf: path).dataset(target: "species")
        #expect(source.sampleCount == 4)
        #expect(source.classNames == whole.targetNames)
        #expect(source.featureNames == ["a", "b"])
        let all = try source.batch(in: 0..<4)
        #expect(all.inputs[0].scalars == whole.features.joined().map(Float.init))
        #expect(all.targets[0].scalars == whole.target.map(Float.init))
        #expect(try source.batch(at: [3, 1]).targets[0].scalars == [Float(whole.target[3]), Float(whole.target[1])])
        // One row reader for both: a doubled quote inside quotes is one quote (RFC 4180).
        #expect(try CSVFile(text: "x,y\n1,\"a\"\"b\"\n").rows[0].fields == ["1", "a\"b"])
        let regression = try CSVFileSource(path: path, target: "b", features: ["a"])
        #expect(regression.classNames.isEmpty)
        #expect(try regression.batch(in: 0..<4).targets[0].scalars == [2, 4.25, 6, 8])
    }

    @Test func badCSVFilesNameTheLine() throws {
        let badCell = try Self.temporary("bad.csv", Array("x,y\n1,2\n3,oops\n".utf8))
        let duplicate = try Self.temporary("dup.csv", Array("x,x,y\n1,2,3\n".utf8))
        let nul = try Self.temporary("nul.csv", Array("x,y\n2\u{0}abc,1\n".utf8))
        defer { for p in [badCell, duplicate, nul] { try? FileManager.default.removeItem(atPath: p) } }
        let source = try CSVFileSource(path: badCell, target: "y", classification: false)
        #expect { try source.batch(in: 0..<2) } throws: { "\($0)".contains("line 3") && "\($0)".contains("oops") }
        #expect { try CSVFileSource(path: duplicate, target: "y") } throws: { "\($0)".contains("'x' twice") }
        #expect { try CSVFileSource(path: nul, target: "y") } throws: { "\($0)".contains("line 2") && "\($0)".contains("NUL") }
        let featuresOnly = try CSVFileSource(path: nul)
        #expect { try featuresOnly.batch(at: [0]) } throws: { "\($0)".contains("nul.csv, line 2") && "\($0)".contains("NUL") }
    }
}

/// Bad input to the loaders and the catalogue, with the reason in the error.
@Suite struct LoaderBadInputTests {
    @Test func tooFewTrainingImagesForTheChaptersValidationSetIsAClearError() throws {
        let images = ImageDataset(
            xTrain: try .zeros([100, 28, 28]), yTrain: try .zeros([100]), xTest: try .zeros([10, 28, 28]),
            yTest: try .zeros([10]), classNames: FashionMNIST.classNames, source: "test")
        #expect { try DatasetSplits(images: images, name: "tiny") } throws: { "\($0)".contains("5,000") && "\($0)".contains("tiny") }
    }

    @Test func aHalfFilledDataFolderIsNotQuietlyReplaced() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("half-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("fashion-mnist"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        FileManager.default.createFile(atPath: folder.appendingPathComponent("fashion-mnist/train-images-idx3-ubyte").path, contents: Data([0]))
        let loader = DatasetLoader(cacheDirectory: folder.path)
        #expect { try FashionMNIST.load(loader: loader) } throws: { "\($0)".contains("only part") && "\($0)".contains("train-labels") }
    }

    @Test func aNumberTooLargeForFloat32NamesItsLineAndColumn() throws {
        #expect { try CSVFile(text: "x,y\n1,2\n1e39,3\n").dataset(target: "y") } throws: {
            "\($0)".contains("line 3") && "\($0)".contains("'x'") && "\($0)".contains("32-bit")
        }
    }
}
