import Foundation
import TestSupport
import Testing

@Suite struct PerceptronCommandTests {
    @Test func theChaptersExamplePrintsOne() throws {
        let result = try runProduct(
            "neuralkit",
            [
                "perceptron", "--dataset", "iris", "--features", "petal_length,petal_width",
                "--positive-class", "setosa", "--predict", "2,0.5",
            ])
        #expect(result.status == 0)
        #expect(result.standardOutput == "1\n")
        #expect(result.standardError.contains("training accuracy 1.0000"))
    }

    @Test func reportHoldsScikitLearnsNumbersWithoutShuffling() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("perceptron-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: report) }
        let result = try runProduct(
            "neuralkit",
            [
                "perceptron", "--dataset", "iris", "--features", "petal_length,petal_width",
                "--positive-class", "setosa", "--predict", "2,0.5", "--predict", "5,2", "--no-shuffle", "--report", report.path,
            ])
        #expect(result.status == 0)
        #expect(result.standardOutput == "1\n0\n")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as! [String: Any]
        let coefficients = json["coefficients"] as! [[Double]]
        #expect(Swift.abs(coefficients[0][0] + 0.5) < 1e-9 && Swift.abs(coefficients[0][1] + 0.8) < 1e-9)
        #expect(json["intercepts"] as? [Double] == [2])
        #expect(json["epochs"] as? Int == 8)
        #expect(json["updates"] as? Double == 1201)
        #expect(json["training_accuracy"] as? Double == 1)
        #expect(json["predictions"] as? [Int] == [1, 0])
    }

    @Test func sgdClassifierOnACSVFilePredictsClassNames() throws {
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("points-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        var text = "x,y,side\n"
        for i in 0..<40 { text += "\(Double(i) / 10),\(Double(i % 7) / 10),\(i < 20 ? "left" : "right")\n" }
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let result = try runProduct(
            "neuralkit",
            [
                "perceptron", "--csv", csv.path, "--target", "side", "--loss", "log_loss",
                "--predict", "0.1,0.3", "--predict", "3.8,0.2", "--seed", "2",
            ])
        #expect(result.status == 0)
        #expect(result.standardOutput == "left\nright\n")
        #expect(result.standardError.contains("SGDClassifier(loss: log_loss)"))
    }

    @Test(arguments: [
        (["--dataset", "iris", "--features", "petal_area"], "no feature 'petal_area'"),
        (["--dataset", "iris", "--positive-class", "daisy"], "no class 'daisy'"),
        (["--dataset", "roses"], "unknown dataset 'roses'"),
        (["--dataset", "iris", "--predict", "1,x,2,3"], "'x' is not a number"),
        (["--dataset", "iris", "--predict", "1,nan,2,3"], "nan"),
        (["--dataset", "iris", "--predict", "1,2"], "fitted on 4"),
        (["--dataset", "iris", "--loss", "cubic"], "unknown loss 'cubic'"),
        (["--csv", "/nonexistent.csv", "--target", "y"], "cannot read '/nonexistent.csv'"),
    ])
    func badInputGivesAClearErrorAndNoCrash(arguments: [String], expected: String) throws {
        let result = try runProduct("neuralkit", ["perceptron"] + arguments)
        #expect(result.status != 0)
        #expect(result.status < 128, "the process must exit, not crash")
        #expect(result.standardError.contains(expected), "\(result.standardError)")
    }

    @Test func helpDescribesTheChaptersExample() throws {
        let result = try runProduct("neuralkit", ["perceptron", "--help"])
        #expect(result.standardOutput.contains("--positive-class"))
        #expect(result.standardOutput.contains("neuralkit perceptron --dataset iris"))
    }

    @Test func infoReportsTheBLASKernels() throws {
        let result = try runProduct("neuralkit", ["info", "--threads", "2"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("kernels") && result.standardOutput.contains("2 thread(s)"))
    }
}

@Suite struct TrainCommandTests {
    @Test(arguments: ["wide-deep", "wide-deep-subclassed"])
    func wideAndDeepTrainsAndReports(example: String) throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("\(example)-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: report) }
        let result = try runProduct("neuralkit", ["train", "--example", example, "--epochs", "2", "--verbose", "2", "--report", report.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("main_output (Dense)"))
        #expect(result.standardOutput.contains("Epoch 2/2"))
        #expect(result.standardOutput.contains("Test main_output_loss: "))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as! [String: Any]
        let history = json["history"] as! [String: [Double]]
        #expect(Set(history.keys) == ["loss", "main_output_loss", "aux_output_loss", "val_loss", "val_main_output_loss", "val_aux_output_loss"])
        #expect((json["test_metrics"] as! [String: Double])["main_output_loss"]! < 1.5)
        #expect((json["epoch_seconds"] as! [Double]).count == 2)
        #expect((json["blas"] as! [String: Any])["core"] != nil)
        #expect(json["peak_memory_bytes"] as! Int > 0 && json["samples_per_second"] as! Double > 0)
    }

    @Test func californiaHousingPipesCleanLines() throws {
        let result = try runProduct("neuralkit", ["train", "--example", "california-housing", "--epochs", "2"])
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("\r") && !result.standardOutput.contains("\u{1B}"))
        #expect(result.standardOutput.contains("363/363 ━━━━━━━━━━━━━━━━━━━━ "))
        #expect(result.standardOutput.contains("Test loss: "))
    }

    @Test func badOptionsAreExplained() throws {
        let unknown = try runProduct("neuralkit", ["train", "--example", "cifar"])
        #expect(unknown.status != 0 && unknown.standardError.contains("wide-deep"))
        let layers = try runProduct("neuralkit", ["train", "--dataset", "iris", "--layers", "16,x"])
        #expect(layers.status != 0 && layers.standardError.contains("'x' is not a positive layer size"))
        let optimizer = try runProduct("neuralkit", ["train", "--dataset", "iris", "--optimizer", "lbfgs"])
        #expect(optimizer.status != 0 && optimizer.standardError.contains("unknown --optimizer 'lbfgs'"))
    }

    @Test func anyMLPOnABundledDataset() throws {
        let result = try runProduct(
            "neuralkit",
            [
                "train", "--dataset", "iris", "--layers", "16", "--optimizer", "adam",
                "--learning-rate", "0.02", "--epochs", "60", "--verbose", "0",
            ])
        #expect(result.status == 0, "\(result.standardError)")
        let accuracy = result.standardOutput.split(separator: "\n").first { $0.hasPrefix("Test accuracy: ") }
            .flatMap { Double($0.dropFirst("Test accuracy: ".count)) }
        #expect((accuracy ?? 0) >= 0.9)
    }
}

@Suite struct SaveCommandTests {
    @Test func trainSavesAModelThatSummaryOpens() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("housing-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let trained = try runProduct("neuralkit", ["train", "--example", "california-housing", "--epochs", "1", "--verbose", "0", "--save", path])
        #expect(trained.status == 0, "\(trained.standardError)")
        #expect(trained.standardOutput.contains("Saved the model to"))
        let summary = try runProduct("neuralkit", ["summary", path])
        #expect(summary.status == 0, "\(summary.standardError)")
        #expect(summary.standardOutput.contains("dense_1 (Dense)") && summary.standardOutput.contains("Total params: 318"))
        #expect(summary.standardOutput.contains("loss mean_squared_error, optimizer sgd"))
        let missing = try runProduct("neuralkit", ["summary", "/nonexistent.keras"])
        #expect(missing.status != 0 && missing.status < 128)
        let badName = try runProduct("neuralkit", ["train", "--save", "model.h5"])
        #expect(badName.status != 0 && badName.standardError.contains(".keras"))
    }
}
