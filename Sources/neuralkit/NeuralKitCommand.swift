import ArgumentParser
import Foundation

@main
struct NeuralKitCommand: ParsableCommand {
    static let version = "0.5.0"

    static let configuration = CommandConfiguration(
        commandName: "neuralkit",
        abstract: "Neural networks from chapter 10 of Hands-On Machine Learning, in Swift.",
        discussion: "Shell completion: neuralkit --generate-completion-script bash (or zsh, fish); see the README.",
        version: "neuralkit \(version)",
        subcommands: [
            TrainCommand.self, TuneCommand.self, LRFindCommand.self, PlotCommand.self, EvaluateCommand.self, PredictCommand.self,
            SummaryCommand.self, QuantizeCommand.self,
            PerceptronCommand.self,
            InfoCommand.self,
        ],
        defaultSubcommand: nil
    )

    /// Parses and runs, with hints for the two commonest slips: a mistyped subcommand ("did you mean
    /// `train`?") and space-separated layer sizes (`--layers 300 100`).
    static func main() {
        // A parent may have started us with these signals blocked; unblocked, an interrupted save can
        // remove its temporary file (see AtomicFile) instead of the signal waiting forever.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        let arguments = Array(CommandLine.arguments.dropFirst())
        let names = configuration.subcommands.map { $0._commandName }
        if let first = arguments.first, !first.hasPrefix("-"), !names.contains(first), first != "help" {
            let hint = FlagChecks.closest(to: first, in: names).map { "; did you mean '\($0)'?" } ?? "; the commands are \(names.joined(separator: ", "))"
            exit(withMessage: "unknown command '\(first)'\(hint)")
        }
        if let index = arguments.firstIndex(of: "--layers"), index + 2 < arguments.count,
            Int(arguments[index + 2]) != nil, !arguments[index + 1].hasPrefix("-")
        {
            exit(withMessage: "--layers takes sizes separated by commas: --layers \(arguments[index + 1]),\(arguments[index + 2])")
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let error as CommandError {
            FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }

    /// A usage error (exit status 64, as `sysexits.h`'s EX_USAGE).
    private static func exit(withMessage message: String) -> Never {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
        Foundation.exit(64)
    }
}
