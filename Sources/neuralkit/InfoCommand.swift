import ArgumentParser
import Tensors

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show which BLAS library, CPU kernels and thread count NeuralKit uses."
    )

    @OptionGroup var compute: ComputeOptions

    func run() throws {
        try compute.applyThreads()
        print("neuralkit \(NeuralKitCommand.version)")
        print(BLAS.configuration)
    }
}
