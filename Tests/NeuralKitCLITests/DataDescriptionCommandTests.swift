import Datasets
import Foundation
import Models
import TestSupport
import Testing

/// A saved model carries its column and class names, so evaluation data is read by name: a file that
/// lacks a class or orders its columns differently gives the right answer, never a silent wrong one.
@Suite struct DataDescriptionCommandTests {
    @Test func classesAndColumnsAreMatchedByName() throws {
        let model = temporaryPath("iris.keras")
        defer { try? FileManager.default.removeItem(atPath: model) }
        let trained = try runProduct(
            "neuralkit",
            [
                "train", "--dataset", "iris", "--layers", "16", "--optimizer", "adam", "--learning-rate", "0.02",
                "--epochs", "60", "--verbose", "0", "--save", model,
            ])
        #expect(trained.status == 0, "\(trained.standardError)")
        #expect(try Model.load(from: model).dataDescription?.classNames == Iris.classNames)

        // Only two of the three species, columns reversed, labels as names.
        let iris = try Iris.load()
        var text = Iris.featureNames.reversed().joined(separator: ",") + ",species\n"
        for (row, label) in zip(iris.features, iris.labels) where label != 0 {
            text += row.reversed().map { "\($0)" }.joined(separator: ",") + ",\(Iris.classNames[label])\n"
        }
        let path = temporaryPath("two-species.csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let evaluated = try runProduct("neuralkit", ["evaluate", model, "--csv", path, "--target", "species", "--report", "-", "--quiet"])
        let report = try JSONSerialization.jsonObject(with: Data(evaluated.standardOutput.utf8)) as? [String: Any]
        let accuracy = (report?["metrics"] as? [String: Double])?["accuracy"] ?? 0
        #expect(accuracy > 0.85, "\(evaluated.standardError)")
        let predicted = try runProduct("neuralkit", ["predict", model, "--csv", path, "--target", "species", "--limit", "3"])
        #expect(predicted.standardOutput.contains("versicolor"), "\(predicted.standardOutput)")

        let missing = temporaryPath("missing.csv")
        try "sepal length (cm),sepal width (cm),petal length (cm),species\n5,3,1,setosa\n".write(toFile: missing, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: missing) }
        let noColumn = try runProduct("neuralkit", ["evaluate", model, "--csv", missing, "--target", "species"])
        #expect(noColumn.status != 0 && noColumn.standardError.contains("petal width (cm)"), "\(noColumn.standardError)")
        let unknown = temporaryPath("unknown.csv")
        try (Iris.featureNames.joined(separator: ",") + ",species\n5,3,1,0.2,tulip\n").write(toFile: unknown, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: unknown) }
        let tulip = try runProduct("neuralkit", ["evaluate", model, "--csv", unknown, "--target", "species"])
        #expect(tulip.status != 0 && tulip.standardError.contains("tulip"), "\(tulip.standardError)")
    }
}
