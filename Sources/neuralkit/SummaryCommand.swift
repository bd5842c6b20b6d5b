import ArgumentParser
import Models

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print the summary of a model saved as .keras (by NeuralKit or by Keras 3)."
    )

    @Argument(help: "The .keras file (or a Keras 2 .h5 model file).")
    var file: String

    @Option(help: "Load these weights (a .weights.h5 file, Keras's save_weights layout) into the model first.")
    var weights: String?

    func run() throws {
        let model = try loadModel(file)
        if let weights {
            do { try model.loadWeights(from: weights) } catch { throw CommandError("\(error)") }
        }
        print(try model.summary(), terminator: "")
        if let loss = model.loss, let optimizer = model.optimizer {
            print("Compiled with loss \(loss.name), optimizer \(optimizer.name), metrics \(model.metricsList.first?.map(\.rawValue) ?? [])")
        }
    }
}
