import ArgumentParser
import Foundation
import Models
import Plotting

struct LRFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lr-find",
        abstract: "Find a good learning rate: train for one epoch with the rate growing exponentially, and suggest one.",
        discussion: """
            The chapter's method: start at a tiny rate (1e-5), multiply it by a constant factor after each batch
            up to 10, watch the loss fall, then explode; a good rate is about a tenth of the one where the loss
            was lowest. The model is made exactly as `neuralkit train` would make it from the same options, and
            is thrown away afterwards.

            Examples:
              neuralkit lr-find --dataset iris --optimizer adam --plot iris-lr.png
              neuralkit lr-find --start-rate 1e-4 --end-rate 1 --report lr.json
              neuralkit train --learning-rate <the suggestion> ...
            """
    )

    @OptionGroup(title: "What to train") var setup: JobOptions

    @OptionGroup var compute: ComputeOptions

    @Option(help: "The first learning rate tried.")
    var startRate: Float = 1e-5

    @Option(help: "The last learning rate tried.")
    var endRate: Float = 10

    @Option(help: "The number of batches (and rates) to try (default: one epoch's batches, at least 100).")
    var steps: Int?

    @Option(help: "Write the rates, losses and suggestion as JSON to FILE, or - for standard output.")
    var report: String?

    @Option(help: "Draw the loss against the rate (log scale) to FILE (.png, .svg or .pdf).")
    var plot: String?

    @Flag(help: "Print nothing but errors and warnings.")
    var quiet = false

    func validate() throws {
        guard startRate > 0, endRate > startRate, endRate.isFinite else {
            throw ValidationError("--start-rate and --end-rate need 0 < start < end; got \(startRate) and \(endRate)")
        }
        try FlagChecks.outputFile(plot, flag: "--plot", what: "the figure", figure: true)
        if let steps, steps < 2 { throw ValidationError("--steps needs at least 2 batches, not \(steps)") }
        try FlagChecks.outputFile(report, flag: "--report", what: "the report")
    }

    func run() throws {
        try compute.applyThreads()
        let console = Console(dataOnStandardOutput: report == "-", quiet: quiet)
        let job = try setup.makeJob()
        setup.warnAboutIgnoredOptions(job, validationSplit: nil)
        let model = try setup.makeModel(for: job)
        guard job.xTrain.count == 1, job.yTrain.count == 1 else {
            throw CommandError("lr-find takes a model with one input and one output; \(job.name) has \(job.xTrain.count) and \(job.yTrain.count)")
        }
        let search: LearningRateSearch
        do {
            search = try model.findLearningRate(
                job.xTrain[0], job.yTrain[0], from: startRate, to: endRate, steps: steps, batchSize: compute.batchSize)
        } catch { throw CommandError(error) }
        let last = search.rates.last ?? startRate
        console.say(
            "Tried \(search.rates.count) rates from \(format(startRate)) to \(format(last))"
                + (search.diverged ? "; the loss exploded at \(format(last))" : ""))
        let best = search.lowestIndex
        console.say("Lowest smoothed loss: \(String(format: "%.4f", search.smoothedLosses[best])) at rate \(format(search.rates[best]))")
        console.say("Suggested learning rate: \(format(search.suggestedRate)) (a tenth of the rate at the lowest loss)")
        if let plot {
            do { try LearningRatePlot.draw(search, to: plot, title: "Learning-rate search: \(job.name)") } catch { throw CommandError("--plot: \(error)") }
            console.say("Drew the loss against the rate to \(plot)")
        }
        if let report {
            let document: [String: Any] = [
                "rates": search.rates.map(Double.init), "losses": search.losses.map(Double.init),
                "smoothed_losses": search.smoothedLosses.map(Double.init), "suggested_rate": Double(search.suggestedRate),
                "diverged": search.diverged, "example": job.name,
            ]
            try Console.writeJSON(document, to: report, what: "the report")
        }
    }

    private func format(_ rate: Float) -> String { String(format: "%.2e", rate) }
}
