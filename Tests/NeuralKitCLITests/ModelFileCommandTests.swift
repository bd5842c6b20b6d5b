import Datasets
import Foundation
import TestSupport
import Testing

/// `neuralkit train --save`, then `evaluate` and `predict` on the saved file: the models carry their own
/// scaling, so they take raw data, and Keras computes the same predictions from the same files.
@Suite struct ModelFileCommandTests {
    static let pythonModels = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../tools/chapter_models.py").standardized.path

    /// The first rows of California housing, raw, as a CSV file with the dataset's column names.
    static func housingCSV(rows: Int) throws -> URL {
        let housing = try CaliforniaHousing.load()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("houses-\(UUID().uuidString).csv")
        var text = (housing.featureNames + ["value"]).joined(separator: ",") + "\n"
        for row in 0..<rows { text += (housing.features[row].map { "\($0)" } + ["\(housing.target[row])"]).joined(separator: ",") + "\n" }
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The numbers of a `neuralkit predict` CSV column.
    static func column(_ csv: String, _ name: String) -> [Float] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let index = lines.first?.firstIndex(of: name) else { return [] }
        return lines.dropFirst().compactMap { Float($0[index]) }
    }

    @Test func housingModelEvaluatesAndPredictsOnRawRowsAsKerasDoes() throws {
        let model = temporaryPath("housing.keras")
        let csv = try Self.housingCSV(rows: 12)
        defer {
            try? FileManager.default.removeItem(atPath: model)
            try? FileManager.default.removeItem(at: csv)
        }
        let trained = try runProduct("neuralkit", ["train", "--example", "california-housing", "--epochs", "2", "--verbose", "0", "--save", model])
        #expect(trained.status == 0, "\(trained.standardError)")
        let testLoss = trained.standardOutput.split(separator: "\n").first { $0.hasPrefix("Test loss: ") }?.dropFirst("Test loss: ".count)

        // evaluate on the same held-out rows gives train's test loss.
        let evaluated = try runProduct("neuralkit", ["evaluate", model, "--dataset", "california-housing"])
        #expect(evaluated.status == 0, "\(evaluated.standardError)")
        #expect(evaluated.standardOutput.contains("test rows, 5160 samples"))
        #expect(testLoss != nil && evaluated.standardOutput.contains("loss: \(testLoss!)"), "\(evaluated.standardOutput)")

        // predict on a user's CSV of raw rows, target column left out of the features.
        let predicted = try runProduct("neuralkit", ["predict", model, "--csv", csv.path, "--target", "value"])
        #expect(predicted.status == 0, "\(predicted.standardError)")
        #expect(predicted.standardOutput.hasPrefix("target,prediction\n"))
        let ours = Self.column(predicted.standardOutput, "prediction")
        #expect(ours.count == 12)

        let script = """
            m = keras.models.load_model(sys.argv[1])
            data = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, dtype=np.float32)
            print(json.dumps(m.predict(data[:, :8], verbose=0).reshape(-1).tolist()))
            """
        guard let line = try runKerasScript(script, [model, csv.path]) else { return }
        expectClose(try JSONDecoder().decode([Float].self, from: Data(line.utf8)), ours, tolerance: 1e-5)
    }

    @Test func subclassedWideAndDeepMovesToKerasAndPredictsFromColumns() throws {
        let model = temporaryPath("wide-deep.keras")
        let csv = try Self.housingCSV(rows: 10)
        defer {
            try? FileManager.default.removeItem(atPath: model)
            try? FileManager.default.removeItem(at: csv)
        }
        let trained = try runProduct("neuralkit", ["train", "--example", "wide-deep-subclassed", "--epochs", "1", "--verbose", "0", "--save", model])
        #expect(trained.status == 0, "\(trained.standardError)")
        let summary = try runProduct("neuralkit", ["summary", model])
        #expect(summary.status == 0 && summary.standardOutput.contains("normalization_1 (Normalization)"), "\(summary.standardError)")

        let withoutColumns = try runProduct("neuralkit", ["predict", model, "--csv", csv.path, "--target", "value"])
        #expect(withoutColumns.status == 1 && withoutColumns.standardError.contains("--input-columns"))
        #expect(!withoutColumns.standardError.contains("USAGE"))

        let output = temporaryPath("predictions.csv")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let predicted = try runProduct(
            "neuralkit",
            [
                "predict", model, "--csv", csv.path, "--target", "value",
                "--input-columns", "0-4", "--input-columns", "AveRooms,AveBedrms,Population,AveOccup,Latitude,Longitude", "--output", output,
            ])
        #expect(predicted.status == 0, "\(predicted.standardError)")
        let table = try String(contentsOfFile: output, encoding: .utf8)
        #expect(table.hasPrefix("target,main_output,aux_output\n"))
        let main = Self.column(table, "main_output"), aux = Self.column(table, "aux_output")
        #expect(main.count == 10 && aux.count == 10)

        let script = """
            exec(open(sys.argv[3]).read())
            m = keras.models.load_model(sys.argv[1])
            data = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, dtype=np.float32)
            main, aux = m.predict((data[:, 0:5], data[:, 2:8]), verbose=0)
            print(json.dumps({"main": main.reshape(-1).tolist(), "aux": aux.reshape(-1).tolist()}))
            """
        guard let line = try runKerasScript(script, [model, csv.path, Self.pythonModels]) else { return }
        struct Result: Decodable {
            let main: [Float]
            let aux: [Float]
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        expectClose(result.main, main, tolerance: 1e-5)
        expectClose(result.aux, aux, tolerance: 1e-5)
    }

    @Test func aClassifierPredictsClassNamesAndEvaluatesAsTrained() throws {
        let model = temporaryPath("iris.keras")
        defer { try? FileManager.default.removeItem(atPath: model) }
        let trained = try runProduct(
            "neuralkit",
            [
                "train", "--dataset", "iris", "--layers", "16", "--optimizer", "adam",
                "--learning-rate", "0.02", "--epochs", "30", "--verbose", "0", "--save", model,
            ])
        #expect(trained.status == 0, "\(trained.standardError)")
        let accuracy = trained.standardOutput.split(separator: "\n").first { $0.hasPrefix("Test accuracy: ") }?.dropFirst("Test accuracy: ".count)
        let evaluated = try runProduct("neuralkit", ["evaluate", model, "--dataset", "iris", "--report", model + ".json"])
        defer { try? FileManager.default.removeItem(atPath: model + ".json") }
        #expect(accuracy != nil && evaluated.standardOutput.contains("accuracy: \(accuracy!)"), "\(evaluated.standardOutput)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model + ".json"))) as! [String: Any]
        #expect(report["samples"] as? Int == 38)

        let predicted = try runProduct("neuralkit", ["predict", model, "--dataset", "iris", "--limit", "4"])
        #expect(predicted.status == 0, "\(predicted.standardError)")
        let lines = predicted.standardOutput.split(separator: "\n")
        #expect(lines.first == "class,class_name,target,p_0,p_1,p_2" && lines.count == 5, "\(predicted.standardOutput)")
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            let probabilities = fields[3...].compactMap { Float($0) }
            #expect(Swift.abs(probabilities.reduce(0, +) - 1) < 1e-4)
            #expect(["setosa", "versicolor", "virginica"].contains(String(fields[1])))
        }
    }

    @Test func badRequestsAreExplained() throws {
        let model = temporaryPath("housing.keras")
        defer { try? FileManager.default.removeItem(atPath: model) }
        _ = try runProduct("neuralkit", ["train", "--example", "california-housing", "--epochs", "1", "--verbose", "0", "--save", model])
        let wrongData = try runProduct("neuralkit", ["predict", model, "--dataset", "iris"])
        #expect(wrongData.status == 1 && wrongData.standardError.contains("takes samples of shape (8,)"), "\(wrongData.standardError)")
        let noData = try runProduct("neuralkit", ["evaluate", model])
        #expect(noData.status != 0 && noData.standardError.contains("--dataset NAME or --csv FILE"))
        let csv = try Self.housingCSV(rows: 3)
        defer { try? FileManager.default.removeItem(at: csv) }
        let noTarget = try runProduct("neuralkit", ["evaluate", model, "--csv", csv.path])
        #expect(noTarget.status == 1 && noTarget.standardError.contains("--target"))
        let missing = try runProduct("neuralkit", ["evaluate", "/nonexistent.keras", "--dataset", "iris"])
        #expect(missing.status == 1 && missing.standardError.contains("no such file"))
        let notZip = try runProduct("neuralkit", ["predict", csv.path, "--dataset", "iris"])
        #expect(notZip.status == 1 && notZip.standardError.contains("not a readable .keras"), "\(notZip.standardError)")
    }
}

@Suite struct ScaleOptionTests {
    /// `--scale` multiplies the features before the model sees them: predicting with `--scale 1/2` on a
    /// file of doubled values gives the predictions of the original rows.
    @Test func scaleMultipliesTheFeatures() throws {
        let model = temporaryPath("housing.keras")
        let csv = try ModelFileCommandTests.housingCSV(rows: 6)
        let doubled = temporaryPath("doubled.csv")
        defer { for path in [model, csv.path, doubled] { try? FileManager.default.removeItem(atPath: path) } }
        let trained = try runProduct("neuralkit", ["train", "--example", "california-housing", "--epochs", "1", "--verbose", "0", "--save", model])
        #expect(trained.status == 0, "\(trained.standardError)")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        let scaledRows = lines.dropFirst().map { $0.split(separator: ",").dropLast().map { "\(Double($0)! * 2)" }.joined(separator: ",") }
        try ([lines[0].split(separator: ",").dropLast().joined(separator: ",")] + scaledRows).joined(separator: "\n")
            .write(toFile: doubled, atomically: true, encoding: .utf8)
        let plain = try runProduct("neuralkit", ["predict", model, "--csv", csv.path, "--target", "value"])
        let halved = try runProduct("neuralkit", ["predict", model, "--csv", doubled, "--scale", "1/2"])
        #expect(plain.status == 0 && halved.status == 0, "\(plain.standardError) \(halved.standardError)")
        expectClose(
            ModelFileCommandTests.column(halved.standardOutput, "prediction"),
            ModelFileCommandTests.column(plain.standardOutput, "prediction"), tolerance: 1e-5)
        let bad = try runProduct("neuralkit", ["predict", model, "--csv", csv.path, "--scale", "1/0"])
        #expect(bad.status == 1 && bad.standardError.contains("--scale"))
    }
}
