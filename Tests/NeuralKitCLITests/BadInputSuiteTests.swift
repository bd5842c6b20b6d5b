import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing

/// Issue 12's bad inputs, grouped as the issue groups them, run against the tool as a user would: each
/// case asserts the exit status, that the message names the user's file or flag, and that an earlier file
/// is byte-identical afterwards. (Deeper cases live beside the code they test: SafeSavingTests,
/// NonFiniteWeightTests, StreamingSourceTests, LoaderBadInputTests, CommandLineHabitTests, FuzzFindingTests.)
@Suite struct BadInputSuiteTests {
    /// A folder with a trained model in it, whose bytes the cases check afterwards.
    struct Workspace {
        let folder: URL
        let model: String
        let original: Data

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("bad-input-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            model = folder.appendingPathComponent("model.keras").path
            let trained = try runProduct("neuralkit", ["train", "--dataset", "iris", "--layers", "4", "--epochs", "1", "--quiet", "--save", model])
            guard trained.status == 0 else { throw CocoaError(.fileWriteUnknown) }
            original = try Data(contentsOf: URL(fileURLWithPath: model))
        }

        func file(_ name: String, _ contents: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        /// Runs a command that must fail, naming `mention`, and leave the model as it was.
        func refuses(_ arguments: [String], naming mention: String, input: Data? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let result = try runProduct("neuralkit", arguments, input: input)
            #expect(result.status != 0, "\(arguments) succeeded", sourceLocation: sourceLocation)
            #expect(result.standardError.contains(mention), "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
            #expect(
                !result.standardError.contains("NSCocoaErrorDomain") && !result.standardError.contains("neuralkit-load-"),
                "\(result.standardError)", sourceLocation: sourceLocation)
            #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == original, "\(arguments) changed the model", sourceLocation: sourceLocation)
        }
    }

    @Test func securityAndDataLoss() throws {
        let work = try Workspace()
        defer { try? FileManager.default.removeItem(at: work.folder) }
        // 2: a save into a folder that does not exist fails before training, the model untouched.
        try work.refuses(["train", "--dataset", "iris", "--save", work.folder.path + "/missing/model.keras"], naming: "/missing")
        // 3: a flipped bit in the weights entry.
        var bytes = work.original
        if let start = bytes.firstRange(of: Data([0x89, 0x48, 0x44, 0x46]))?.lowerBound { bytes[start + 800] ^= 0x01 }
        let flipped = work.folder.appendingPathComponent("flipped.keras").path
        try bytes.write(to: URL(fileURLWithPath: flipped))
        try work.refuses(["summary", flipped], naming: "flipped.keras")
        // 1: weights "stored" in /etc/passwd (HDF5 external storage), for a model of their shape.
        let small = try Sequential([Dense(units: 2, inputShape: [3])], seed: 1)
        let smallPath = work.folder.appendingPathComponent("small.keras").path
        try small.save(to: smallPath)
        if let hostile = Bundle.module.url(forResource: "Fixtures/external_storage.weights", withExtension: "h5") {
            try work.refuses(["summary", smallPath, "--weights", hostile.path], naming: "outside the file")
        } else {
            Issue.record("missing fixture")
        }
        // 19: with SOURCE_DATE_EPOCH, two saves of one model are byte-identical.
        let environment = ProcessInfo.processInfo.environment.merging(["SOURCE_DATE_EPOCH": "1700000000"]) { $1 }
        let first = work.folder.appendingPathComponent("a.keras").path, second = work.folder.appendingPathComponent("b.keras").path
        for path in [first, second] {
            _ = try runProduct(
                "neuralkit", ["train", "--dataset", "iris", "--layers", "3", "--epochs", "1", "--quiet", "--save", path],
                environment: environment)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test func crashesAndHangs() throws {
        let work = try Workspace()
        defer { try? FileManager.default.removeItem(at: work.folder) }
        try work.refuses(["summary", work.folder.path], naming: work.folder.path)  // 6: a directory
        // 5: IDX dimensions whose product overflows, in a data folder given with --data-dir.
        let mnist = work.folder.appendingPathComponent("data/mnist")
        try FileManager.default.createDirectory(at: mnist, withIntermediateDirectories: true)
        for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] {
            try Data([0, 0, 8, 3] + Array(repeating: 0xFF, count: 12)).write(to: mnist.appendingPathComponent(name))
        }
        try work.refuses(["train", "--dataset", "mnist", "--data-dir", work.folder.appendingPathComponent("data").path], naming: "train-images-idx3-ubyte")
        try work.refuses(["train", "--dataset", "iris", "--layers", "2000000000"], naming: "--layers")  // 8
        let threads = try runProduct("neuralkit", ["info", "--threads", "100000"])  // 7: capped, not hung
        #expect(threads.status == 0 && threads.standardError.contains("cores"))
    }

    @Test func silentWrongAnswers() throws {
        let work = try Workspace()
        defer { try? FileManager.default.removeItem(at: work.folder) }
        try work.refuses(["train", "--csv", try work.file("one.csv", "x,y\n1,a\n2,a\n3,a\n"), "--target", "y"], naming: "two classes")  // 11
        try work.refuses(["train", "--csv", try work.file("dup.csv", "x,x,y\n1,2,3\n4,5,6\n"), "--target", "y"], naming: "'x' twice")  // 12
        try work.refuses(["train", "--csv", try work.file("nul.csv", "x,y\n2\u{0}abc,1\n3,4\n"), "--target", "y"], naming: "NUL")  // 13
        for rate in ["nan", "inf", "-1"] {
            try work.refuses(["train", "--dataset", "iris", "--learning-rate", rate, "--save", work.model], naming: "--learning-rate")
        }  // 14
        try work.refuses(["evaluate", work.model, "--dataset", "iris", "--loss", "foo"], naming: "--loss")  // 14
        let swapped = try work.file("swapped.csv", "petal width (cm),sepal length (cm),petal length (cm),sepal width (cm),species\n0.2,5.1,1.4,3.5,setosa\n")
        let read = try runProduct("neuralkit", ["predict", work.model, "--csv", swapped, "--target", "species"])  // 9: columns by name
        #expect(read.status == 0, "\(read.standardError)")
        // 10: a model file whose kernel holds NaN is refused when it loads.
        let model = try Sequential([Dense(units: 2, inputShape: [3])], seed: 1)
        try model.build(inputShape: [3])
        try model.layers[0].weights[0].assign(try Tensor([Float.nan, 0, 0, 0, 0, 0], shape: [3, 2]))
        let nanPath = work.folder.appendingPathComponent("nan.keras").path
        try model.save(to: nanPath)
        try work.refuses(["summary", nanPath], naming: "nan.keras")
    }

    @Test func messagesAUserCanActOn() throws {
        let work = try Workspace()
        defer { try? FileManager.default.removeItem(at: work.folder) }
        try work.refuses(["train", "--csv", try work.file("big.csv", "x,y\n1e39,1\n2,3\n"), "--target", "y"], naming: "big.csv, line 2")  // 15
        try work.refuses(["train", "--csv", try work.file("row.csv", "x,y\n1,2\n"), "--target", "y"], naming: "at least 2")  // 16
        try work.refuses(["train", "--dataset", "iris", "--layers", "10,,5"], naming: "--layers")  // 16
        let zero = try runProduct("neuralkit", ["train", "--dataset", "iris", "--epochs", "0", "--quiet"])  // 16: as Keras
        #expect(zero.status == 0)
    }
}
