import ArgumentParser
import ChapterModels
import Foundation
import Layers
import Models
import Tensors
import Training

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a saved .keras model (by NeuralKit or by Keras 3) on a dataset or a CSV file.",
        discussion: """
            The model computes its loss and metrics from its compile config, on the data as it comes (raw pixels, raw table \
            columns): models saved by `neuralkit train` scale their inputs themselves.

              neuralkit train --save classifier.keras
              neuralkit evaluate classifier.keras --dataset fashion-mnist
              neuralkit evaluate housing.keras --csv new-houses.csv --target MedHouseVal
              neuralkit evaluate wide-deep.keras --dataset california-housing --input-columns 0-4 --input-columns 2-7
            """
    )

    @Argument(help: "The .keras file.")
    var file: String

    @OptionGroup var data: DataOptions

    @Option(help: "The loss, when the file was saved without a compile config (e.g. mean_squared_error).")
    var loss: String?

    @OptionGroup var compute: ComputeOptions

    @Option(help: "Write the metrics as JSON to FILE, or - for standard output.")
    var report: String?

    @Flag(help: "Print nothing but errors and warnings.")
    var quiet = false

    func validate() throws {
        if let loss { _ = try lossNamed(loss) }
    }

    func run() throws {
        try compute.applyThreads()
        let console = Console(dataOnStandardOutput: report == "-", quiet: quiet)
        let model = try loadModel(file)
        if let loss, model.loss != nil { Console.warn("ignoring --loss \(loss): \(file) has its own loss (\(model.loss?.name ?? ""))") }
        if model.loss == nil {
            guard let loss else {
                throw CommandError("\(file) was saved without a compile config, so it has no loss; give one with --loss (e.g. --loss mean_squared_error)")
            }
            model.compile(loss: try lossNamed(loss), optimizer: SGD())
        }
        let start = Date()
        if let sharded = try evaluateInPlace(model) {
            guard sharded.chief else { return }
            try say(
                sharded.metrics, of: model, on: sharded.description, samples: sharded.samples, outputs: 1, seconds: Date().timeIntervalSince(start), console)
            return
        }
        let selected = try data.load(needTargets: true, description: model.dataDescription)
        let x = try data.inputs(for: model, selected)
        guard let truth = selected.targets else { throw CommandError("\(selected.description) has no targets to evaluate against; give --target COLUMN") }
        let targets = Array(repeating: truth, count: model.outputNames.count)
        let metrics: Logs
        do { metrics = try model.evaluate(x, targets, batchSize: compute.batchSize) } catch { throw CommandError(error) }
        try say(
            metrics, of: model, on: selected.description, samples: selected.count, outputs: targets.count, seconds: Date().timeIntervalSince(start), console)
    }

    /// Prints the metrics and writes the report.
    private func say(_ metrics: Logs, of model: Model, on description: String, samples: Int, outputs: Int, seconds: Double, _ console: Console) throws {
        console.say("\(model.name) on \(description)" + (outputs > 1 ? " (the targets for each of its \(outputs) outputs)" : ""))
        for key in metrics.keys.sorted() { console.say("\(key): \(String(format: "%.4f", metrics[key] ?? .nan))") }
        if let report {
            let document: [String: Any] = [
                "model": file, "data": description, "samples": samples, "metrics": metrics.mapValues(Double.init), "seconds": seconds,
            ]
            try Console.writeJSON(document, to: report, what: "the report")
        }
    }
}

/// Opens a `.keras` file, knowing the chapter's subclassed model.
func loadModel(_ path: String) throws -> Model {
    do { return try Model.load(contentsOf: URL(fileURLWithPath: path), customObjects: [WideAndDeepModel.self]) } catch {
        throw CommandError("\(error)")
    }
}
