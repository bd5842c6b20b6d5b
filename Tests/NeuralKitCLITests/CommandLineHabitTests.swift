import Foundation
import Layers
import Models
import TestSupport
import Testing

/// Unix and Keras habits on the command line: versions, `-` for standard streams, quiet runs, hints for
/// slips, flag names in errors, warnings for ignored options, tasks and metrics for CSV files.
@Suite struct CommandLineHabitTests {

    /// A small numeric CSV: two features and an integer class label 0, 1 or 2.
    static let labelled: String = {
        var text = "a,b,label\n"
        for i in 0..<60 { text += "\(Double(i % 3) + Double(i) * 0.01),\(Double((i * 7) % 5) * 0.1),\(i % 3)\n" }
        return text
    }()

    @Test func versionAndHintsForSlips() throws {
        let version = try runProduct("neuralkit", ["--version"])
        #expect(version.status == 0 && version.standardOutput.hasPrefix("neuralkit "))
        let typo = try runProduct("neuralkit", ["trian", "--dataset", "iris"])
        #expect(typo.status == 64 && typo.standardError.contains("did you mean 'train'?"), "\(typo.standardError)")
        let spaces = try runProduct("neuralkit", ["train", "--dataset", "iris", "--layers", "300", "100"])
        #expect(spaces.status == 64 && spaces.standardError.contains("--layers 300,100"))
        let unknownDataset = try runProduct("neuralkit", ["train", "--dataset", "irs"])
        #expect(unknownDataset.status == 1 && unknownDataset.standardError.contains("--dataset") && unknownDataset.standardError.contains("iris"))
    }

    @Test func badValuesNameTheirFlags() throws {
        for rate in ["nan", "inf", "-1", "0"] {
            let result = try runProduct("neuralkit", ["train", "--dataset", "iris", "--learning-rate", rate])
            #expect(result.status != 0 && result.standardError.contains("--learning-rate"), "\(rate): \(result.standardError)")
        }
        let emptyLayer = try runProduct("neuralkit", ["train", "--dataset", "iris", "--layers", "10,,5"])
        #expect(emptyLayer.status != 0 && emptyLayer.standardError.contains("empty size"))
        let huge = try runProduct("neuralkit", ["train", "--dataset", "iris", "--layers", "1000000,1000000"])
        #expect(huge.status != 0 && huge.standardError.contains("GB"), "\(huge.standardError)")
        let split = try runProduct("neuralkit", ["train", "--dataset", "iris", "--validation-split", "1.5"])
        #expect(split.status != 0 && split.standardError.contains("--validation-split") && !split.standardError.contains("validationSplit"))
        let threads = try runProduct("neuralkit", ["info", "--threads", "3000000000"])
        #expect(threads.status == 0 && threads.standardError.contains("cores"), "\(threads.standardError)")
        let loss = try runProduct("neuralkit", ["evaluate", "x.keras", "--dataset", "iris", "--loss", "foo"])
        #expect(loss.status != 0 && loss.standardError.contains("unknown --loss 'foo'"))
        let metrics = try runProduct("neuralkit", ["train", "--dataset", "iris", "--metrics", "accuracy,f7"])
        #expect(metrics.status != 0 && metrics.standardError.contains("--metrics") && metrics.standardError.contains("f7"))
        let from = try runProduct("neuralkit", ["train", "--dataset", "iris", "--from", "/nonexistent/iris.keras"])
        #expect(from.status != 0 && from.standardError.contains("/nonexistent/iris.keras"))
        let task = try runProduct("neuralkit", ["train", "--csv", "x.csv", "--target", "y", "--task", "clustering"])
        #expect(task.status != 0 && task.standardError.contains("--task"))
        let weights = try runProduct("neuralkit", ["summary", "/nonexistent/m.keras", "--weights", "w.weights.h5"])
        #expect(weights.status != 0 && weights.standardError.contains("/nonexistent/m.keras"))
        let perceptronRate = try runProduct("neuralkit", ["perceptron", "--dataset", "iris", "--learning-rate", "-2"])
        #expect(perceptronRate.status != 0 && perceptronRate.standardError.contains("--learning-rate"))
    }

    @Test func standardStreamsQuietRunsAndReports() throws {
        // A CSV from standard input, a report to standard output: the only thing on standard output is JSON.
        let result = try runProduct(
            "neuralkit",
            [
                "train", "--csv", "-", "--target", "label", "--task", "classification", "--epochs", "2",
                "--report", "-",
            ], input: Data(Self.labelled.utf8))
        #expect(result.status == 0, "\(result.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect((report?["test_metrics"] as? [String: Double])?["accuracy"] != nil)
        #expect(result.standardError.contains("Total params"))
        let quiet = try runProduct("neuralkit", ["train", "--dataset", "iris", "--epochs", "1", "--quiet"])
        #expect(quiet.status == 0 && quiet.standardOutput.isEmpty)
        let none = try runProduct("neuralkit", ["train", "--dataset", "iris", "--epochs", "0", "--verbose", "0", "--report", "-"])
        let noneReport = try JSONSerialization.jsonObject(with: Data(none.standardOutput.utf8)) as? [String: Any]
        #expect(none.status == 0 && (noneReport?["epochs"] as? [Int]) == [])
    }

    @Test func tasksMetricsAndContinuingASavedModel() throws {
        let csv = temporaryPath("labels.csv")
        try Self.labelled.write(toFile: csv, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: csv) }
        let regression = try runProduct("neuralkit", ["train", "--csv", csv, "--target", "label", "--epochs", "1", "--metrics", "rmse,mae", "--verbose", "0"])
        #expect(regression.standardOutput.contains("Test root_mean_squared_error") && regression.standardOutput.contains("Test mean_absolute_error"))
        let model = temporaryPath("labels.keras")
        defer { try? FileManager.default.removeItem(atPath: model) }
        let classification = try runProduct(
            "neuralkit",
            [
                "train", "--csv", csv, "--target", "label", "--task", "classification",
                "--epochs", "2", "--verbose", "0", "--save", model,
            ])
        #expect(classification.status == 0 && classification.standardOutput.contains("Test accuracy"), "\(classification.standardError)")
        let iterations = try Model.load(from: model).optimizer?.iterations ?? 0
        let more = try runProduct(
            "neuralkit",
            [
                "train", "--csv", csv, "--target", "label", "--task", "classification", "--from", model,
                "--epochs", "3", "--verbose", "0", "--save", model, "--layers", "5",
            ])
        #expect(more.status == 0 && more.standardError.contains("ignoring --layers"), "\(more.standardError)")
        let after = try Model.load(from: model).optimizer?.iterations ?? 0
        #expect(after > iterations)
        let ignored = try runProduct("neuralkit", ["train", "--example", "california-housing", "--epochs", "0", "--validation-split", "0.1", "--quiet"])
        #expect(ignored.standardError.contains("ignoring --validation-split"))
    }

    @Test func badCSVFilesAreRefusedWithTheirReason() throws {
        func run(_ text: String) throws -> CommandResult {
            try runProduct("neuralkit", ["train", "--csv", "-", "--target", "y", "--epochs", "1"], input: Data(text.utf8))
        }
        let oneClass = try run("x,y\n1,a\n2,a\n3,a\n")
        #expect(oneClass.status != 0 && oneClass.standardError.contains("at least two classes"), "\(oneClass.standardError)")
        let oneRow = try run("x,y\n1,2\n")
        #expect(oneRow.status != 0 && oneRow.standardError.contains("at least 2") && !oneRow.standardError.contains("trainTestSplit"))
        let duplicate = try run("x,x,y\n1,2,3\n4,5,6\n")
        #expect(duplicate.status != 0 && duplicate.standardError.contains("'x' twice"))
        let nul = try run("x,y\n2\u{0}abc,1\n3,4\n")
        #expect(nul.status != 0 && nul.standardError.contains("NUL"))
    }

    @Test func predictReshapesRowsToTheModelsInputOrSaysHowManyColumns() throws {
        let model = try Sequential([Flatten(inputShape: [2, 2]), Dense(units: 1)], seed: 1)
        try model.build(inputShape: [2, 2])
        let path = temporaryPath("square.keras")
        try model.save(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let four = try runProduct("neuralkit", ["predict", path, "--csv", "-", "--output", "-"], input: Data("a,b,c,d\n1,2,3,4\n5,6,7,8\n".utf8))
        #expect(four.status == 0 && four.standardOutput.split(separator: "\n").count == 3, "\(four.standardError)")
        let five = try runProduct("neuralkit", ["predict", path, "--csv", "-"], input: Data("a,b,c,d,e\n1,2,3,4,5\n".utf8))
        #expect(five.status != 0 && five.standardError.contains("4 values") && five.standardError.contains("--target"), "\(five.standardError)")
        let folder = temporaryPath("saved_model")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/saved_model.pb", contents: Data())
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let savedModel = try runProduct("neuralkit", ["summary", folder])
        #expect(savedModel.status != 0 && savedModel.standardError.contains("SavedModel"))
        let directory = try runProduct("neuralkit", ["summary", FileManager.default.temporaryDirectory.path])
        #expect(directory.status != 0 && directory.standardError.contains("not a regular file"))
    }
}
