import ArgumentParser

@main
struct NeuralKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neuralkit",
        abstract: "Neural networks from chapter 10 of Hands-On Machine Learning, in Swift.",
        subcommands: [TrainCommand.self, EvaluateCommand.self, PredictCommand.self, SummaryCommand.self, PerceptronCommand.self, InfoCommand.self],
        defaultSubcommand: nil
    )
}
