import ArgumentParser
import Tensors

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show which BLAS library, CPU kernels and thread count NeuralKit uses."
    )

    @Option(help: "Set the number of BLAS threads first.")
    var threads: Int?

    func run() throws {
        if let threads { try BLAS.setThreads(threads) }
        print(BLAS.configuration)
    }
}
