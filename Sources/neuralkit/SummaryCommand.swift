import ArgumentParser
import Models

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print the summary of a model saved as .keras (by NeuralKit or by Keras 3)."
    )

    @Argument(help: "The .keras file.")
    var file: String

    func run() throws {
        let model = try loadModel(file)
        print(try model.summary(), terminator: "")
        if let loss = model.loss, let optimizer = model.optimizer {
            print("Compiled with loss \(loss.name), optimizer \(optimizer.name), metrics \(model.metricsList.first?.map(\.rawValue) ?? [])")
        }
    }
}
