import Foundation
import Models
import Plotting
import Tuning

extension TuneCommand {
    /// `--summary`: the study's space and results, read from its database alone.
    func printSummary() throws {
        let path = (directory as NSString).appendingPathComponent("study.db")
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandError("there is no study in \(directory) (no study.db); run a search there first, e.g. neuralkit tune --directory \(directory)")
        }
        do {
            let study = try Study(directory: directory)
            let (objective, space) = try study.summaryInfo()
            print(Tuner.spaceSummary(space))
            print("")
            print(try resultsTable(try study.trials(), objective: objective, count: Int.max))
            if let plot { try drawPlot(try study.trials(), objective: objective, space: space, to: plot) }
        } catch let error as TuningError { throw CommandError("\(error)") }
    }

    /// The trials as a table, best first, then the unfinished and failed ones; and a count by status.
    func resultsTable(_ trials: [Trial], objective: Objective, count: Int) throws -> String {
        let ranked = trials.filter { $0.status == .completed && $0.score != nil }.sorted {
            objective.isBetter($0.score ?? .nan, than: $1.score ?? .nan)
                || (!objective.isBetter($1.score ?? .nan, than: $0.score ?? .nan) && $0.number < $1.number)
        }
        let others = trials.filter { !($0.status == .completed && $0.score != nil) }
        let names = Array(Set(trials.flatMap(\.values.keys))).sorted()
        var rows = [["rank", "trial", objective.name] + names + ["seconds", "status"]]
        for (rank, trial) in ranked.prefix(count).enumerated() { rows.append(row(trial, rank: String(rank + 1), names: names)) }
        for trial in others { rows.append(row(trial, rank: "-", names: names)) }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { String(repeating: " ", count: widths[$0.offset] - $0.element.count) + $0.element }.joined(separator: "  ")
        }
        var counts: [String] = []
        for status in [TrialStatus.completed, .running, .invalid, .failed, .stopped] {
            let number = trials.filter { $0.status == status }.count
            if number > 0 { counts.append("\(number) \(status.rawValue.lowercased())") }
        }
        lines.insert("Results (\(objective.description), best first): \(trials.count) trials, \(counts.joined(separator: ", "))", at: 0)
        for trial in trials where trial.status == .failed { lines.append("trial \(trial.id) failed: \(trial.message ?? "")") }
        return lines.joined(separator: "\n")
    }

    private func row(_ trial: Trial, rank: String, names: [String]) -> [String] {
        [rank, trial.id, trial.score.map { String(format: "%.4f", $0) } ?? "-"] + names.map { trial.values[$0].map(Self.format) ?? "-" }
            + [String(format: "%.1f", trial.seconds ?? 0), trial.status.rawValue.lowercased()]
    }

    /// `--plot`: the scores by trial and against each hyperparameter (see ``SearchPlot``).
    func drawPlot(_ trials: [Trial], objective: Objective, space: [HyperParameter], to path: String) throws {
        var names: [String] = []
        let dimensions = space.compactMap { parameter -> SearchPlot.Dimension? in
            guard !names.contains(parameter.name) else { return nil }
            names.append(parameter.name)
            let values = trials.map { $0.values[parameter.name] }
            switch parameter.kind {
            case .fixed: return nil
            case let .int(_, _, _, sampling, _):
                return SearchPlot.Dimension(name: parameter.name, numbers: values.map { $0?.number }, logarithmic: sampling == .log, integers: true)
            case let .float(_, _, _, sampling, _):
                return SearchPlot.Dimension(name: parameter.name, numbers: values.map { $0?.number }, logarithmic: sampling == .log)
            case let .choice(choices, _, _) where choices.first?.typeName == "str" || choices.first?.typeName == "bool":
                let labels = choices.map(\.description)
                return SearchPlot.Dimension(
                    name: parameter.name, numbers: values.map { value in value.flatMap { labels.firstIndex(of: $0.description) }.map(Double.init) },
                    categories: labels)
            case .boolean:
                return SearchPlot.Dimension(
                    name: parameter.name, numbers: values.map { $0.map { $0 == .bool(true) ? 1 : 0 } }, categories: ["False", "True"])
            case .choice:
                return SearchPlot.Dimension(name: parameter.name, numbers: values.map { $0?.number })
            }
        }
        let scores = trials.map { $0.status == .completed ? $0.score : nil }
        do {
            try SearchPlot.draw(scores: scores, objective: objective.name, maximize: objective.direction == .max, dimensions: dimensions, to: path)
        } catch { throw CommandError("--plot: \(error)") }
        print("Drew the search to \(path)")
    }

    /// Saves the best trial's model (as it saved it, not retrained) and reports its test metrics.
    func saveBestModel(_ search: Tuner, _ problem: TuningProblem, to path: String, console: Console) throws {
        guard let trial = try search.bestTrials(1).first, var model = try search.bestModels(1).first else {
            throw CommandError("no trial completed, so there is no best model to save to \(path)")
        }
        if refit {
            let cap = ProcessInfo.processInfo.environment["NEURALKIT_MAX_EPOCHS"].flatMap(Int.init) ?? Int.max
            do { model = try search.refitBest(problem.data, epochs: Swift.min(epochs, cap)) } catch { throw CommandError("--refit: \(error)") }
        }
        do { try model.save(to: path) } catch { throw CommandError("\(error)") }
        let metrics = try model.evaluate(problem.test.x, problem.test.y, batchSize: compute.batchSize)
        let text = metrics.keys.sorted().map { "test \($0) \(String(format: "%.4f", metrics[$0] ?? .nan))" }.joined(separator: ", ")
        print("Best trial \(trial.id)\(refit ? ", trained again on all the training data" : ""): \(text); saved to \(path)")
    }
}
