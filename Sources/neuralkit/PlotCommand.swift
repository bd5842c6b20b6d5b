import ArgumentParser
import Foundation
import Models
import Plotting
import TensorBoardModule

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw learning curves (PNG, SVG or PDF) from a training report, a CSV log or a TensorBoard log folder.",
        discussion: """
            The chapter's figure: every metric per epoch, training solid and validation dashed in one colour per
            metric, on a grid, the y axis from 0 to 1 when the values fit.

            Examples:
              neuralkit train --dataset iris --epochs 30 --validation-split 0.2 --report iris.json
              neuralkit plot iris.json --output iris.png
              neuralkit plot adam.csv sgd.csv --compare --output compare.svg --metrics loss
            """
    )

    @Argument(help: "A `neuralkit train --report` JSON file, a CSV log (--csv-log, Keras's CSVLogger) or a TensorBoard log folder; several with --compare.")
    var histories: [String]

    @Option(name: .shortAndLong, help: "The figure to write: its extension (.png, .svg or .pdf) chooses the format.")
    var output: String

    @Flag(help: "Draw several histories side by side, on one y scale.")
    var compare = false

    @Option(help: "The figure's title (default: the file's name).")
    var title: String?

    @Option(help: "The metrics to draw, comma-separated, each with its val_ partner (default: all but learning_rate).")
    var metrics: String?

    func validate() throws {
        if histories.count > 1 && !compare {
            throw ValidationError("\(histories.count) histories given; add --compare to draw them side by side, or give one")
        }
        try FlagChecks.outputFile(output, flag: "--output", what: "the figure", figure: true)
    }

    func run() throws {
        do {
            let runs = try histories.map { try HistoryFile.read($0, folderReader: Self.tensorBoardRun) }
            let keys = metrics?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            try LearningCurves.draw(runs, to: output, title: title, metrics: keys)
        } catch { throw CommandError("\(error)") }
        Console(dataOnStandardOutput: false, quiet: false).say("Drew \(histories.count == 1 ? "the learning curves" : "\(histories.count) runs") to \(output)")
    }

    /// A TensorBoard log folder (the one given to `--tensorboard`) as a run.
    static func tensorBoardRun(_ folder: String) throws -> TrainingRun {
        let (series, epochs) = try EventFileReader.history(inLogDirectory: folder)
        return TrainingRun(name: URL(fileURLWithPath: folder).lastPathComponent, series: series, epochs: epochs)
    }
}
