import ArgumentParser
import Foundation
import Layers
import Models
import Tensors
import Training

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a saved .keras model (by NeuralKit or by Keras 3), writing CSV.",
        discussion: """
            One CSV row per sample: for a classifier the predicted class (and its name, when the data names its classes) \
            then each class's output; for a regressor, each output's value; with --target or a dataset, the true target too. \
            The data goes in as it comes (raw pixels, raw table columns): models saved by `neuralkit train` scale their inputs themselves.

              neuralkit predict classifier.keras --dataset fashion-mnist --limit 5
              neuralkit predict housing.keras --csv new-houses.csv --output predictions.csv
            """
    )

    @Argument(help: "The .keras file.")
    var file: String

    @OptionGroup var data: DataOptions

    @Option(help: "Write the predictions to this CSV file (default, or -: standard output).")
    var output: String?

    @Flag(help: "Print nothing but the predictions, errors and warnings.")
    var quiet = false

    @Option(help: "Predict only the first N samples.")
    var limit: Int?

    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive") }
    }

    func run() throws {
        try compute.applyThreads()
        let model = try loadModel(file)
        var selected = try data.load(needTargets: false, description: model.dataDescription)
        if let limit, limit < selected.count {
            selected.features = try selected.features.slice(0..<limit)
            selected.targets = try selected.targets?.slice(0..<limit)
        }
        let predictions: [Tensor]
        do { predictions = try model.predict(try data.inputs(for: model, selected), batchSize: compute.batchSize) } catch { throw CommandError(error) }
        let table = try Self.csv(
            predictions, outputNames: model.outputNames, classifier: Self.isClassifier(model, predictions),
            classNames: selected.classNames, targets: selected.targets)
        if let output, output != "-" {
            try Console.writeData(Data(table.utf8), to: output, what: "the predictions")
            Console(quiet: quiet).say("Wrote \(selected.count) predictions of \(model.name) on \(selected.description) to \(output)")
        } else {
            FileHandle.standardOutput.write(Data(table.utf8))
        }
    }

    /// A classifier: trained with a cross-entropy on several classes, or (uncompiled) giving rows of
    /// probabilities.
    static func isClassifier(_ model: Model, _ predictions: [Tensor]) -> Bool {
        guard predictions.count == 1, predictions[0].rank == 2, predictions[0].shape[1] > 1 else { return false }
        if let loss = model.loss { return loss is SparseCategoricalCrossentropy || loss is CategoricalCrossentropy }
        let width = predictions[0].shape[1]
        return predictions[0].scalars.chunked(width).allSatisfy { row in
            row.allSatisfy { $0 >= 0 } && Swift.abs(row.reduce(0, +) - 1) < 1e-3
        }
    }

    static func csv(_ predictions: [Tensor], outputNames: [String], classifier: Bool, classNames: [String], targets: Tensor?) throws -> String {
        let rows = predictions[0].shape[0]
        var header: [String] = []
        if classifier {
            header.append("class")
            if !classNames.isEmpty { header.append("class_name") }
        }
        if targets != nil { header.append("target") }
        let widths = predictions.map { $0.rank > 1 ? $0.elementCount / Swift.max($0.shape[0], 1) : 1 }
        for (name, width) in zip(outputNames, widths) {
            let base = predictions.count == 1 ? (classifier ? "p" : "prediction") : name
            header += width == 1 ? [base] : (0..<width).map { "\(base)_\($0)" }
        }
        var lines = [header.joined(separator: ",")]
        let outputs = predictions.map(\.scalars), truth = targets?.scalars
        for row in 0..<rows {
            var fields: [String] = []
            if classifier {
                let values = outputs[0][(row * widths[0])..<((row + 1) * widths[0])]
                let best = (values.indices.max { values[$0] < values[$1] } ?? row * widths[0]) - row * widths[0]
                fields.append(String(best))
                if !classNames.isEmpty { fields.append(best < classNames.count ? quoted(classNames[best]) : "") }
            }
            if let truth {
                fields.append(classifier ? String(Int(truth[row])) : format(truth[row]))
            }
            for (values, width) in zip(outputs, widths) {
                fields += values[(row * width)..<((row + 1) * width)].map(format)
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Float) -> String { "\(value)" }

    private static func quoted(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

extension Array {
    /// Consecutive slices of `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
