import Foundation
import Models

extension Tuner {
    /// The completed trials, best first (ties: the earlier trial).
    public func bestTrials(_ count: Int = 1) throws -> [Trial] {
        Array(oracle.ranked(try study.trials()).prefix(max(count, 0)))
    }

    /// The hyperparameters of the best trials, best first.
    public func bestHyperparameters(_ count: Int = 1) throws -> [HyperParameters] {
        try bestTrials(count).map { HyperParameters(space: space.space, values: $0.values) }
    }

    /// The best trials' models, loaded from the `.keras` file each trial saved at its best epoch (not retrained).
    public func bestModels(_ count: Int = 1) throws -> [Model] {
        try bestTrials(count).map { trial in
            guard let file = trial.modelPath else { throw TuningError.noResults("trial \(trial.id) saved no model") }
            return try Model.load(from: (directory as NSString).appendingPathComponent(file))
        }
    }

    /// Keras Tuner's `search_space_summary()`: each parameter with its settings.
    public func searchSpaceSummary() -> String { Self.spaceSummary(space.space) }

    /// The text of `search_space_summary()` for a space.
    public static func spaceSummary(_ parameters: [HyperParameter]) -> String {
        var lines = ["Search space summary", "Default search space size: \(parameters.count)"]
        for parameter in parameters {
            lines.append("\(parameter.name) (\(parameter.className))")
            let conditions = parameter.conditions.map { "\($0.parent) in \($0.values)" }
            var settings = ["'conditions': \(conditions)"]
            switch parameter.kind {
            case let .int(min, max, step, sampling, value):
                settings += [
                    "'default': \(value.map(String.init) ?? "None")", "'min_value': \(min)", "'max_value': \(max)",
                    "'step': \(step.map(String.init) ?? "None")", "'sampling': '\(sampling.rawValue)'",
                ]
            case let .float(min, max, step, sampling, value):
                settings += [
                    "'default': \(value.map { String($0) } ?? "None")", "'min_value': \(min)", "'max_value': \(max)",
                    "'step': \(step.map { String($0) } ?? "None")", "'sampling': '\(sampling.rawValue)'",
                ]
            case let .choice(values, ordered, value):
                settings += ["'default': \(value?.description ?? values[0].description)", "'values': \(values)", "'ordered': \(ordered)"]
            case let .boolean(value): settings += ["'default': \(value)"]
            case let .fixed(value): settings += ["'value': \(value)"]
            }
            lines.append("{" + settings.joined(separator: ", ") + "}")
        }
        return lines.joined(separator: "\n")
    }

    /// Keras Tuner's `results_summary(num_trials)`: the best trials with their values and scores.
    public func resultsSummary(_ count: Int = 10) throws -> String {
        try Self.resultsSummary(try study.trials(), objective: objective, directory: directory, count: count)
    }

    /// The text of `results_summary` for the trials of a study.
    public static func resultsSummary(_ trials: [Trial], objective: Objective, directory: String, count: Int) throws -> String {
        let ranked = trials.filter { $0.status == .completed && $0.score != nil }.sorted {
            objective.isBetter($0.score ?? .nan, than: $1.score ?? .nan)
                || (!objective.isBetter($1.score ?? .nan, than: $0.score ?? .nan) && $0.number < $1.number)
        }
        var lines = [
            "Results summary", "Results in \(directory)", "Showing \(min(count, ranked.count)) best trials",
            "Objective(name=\"\(objective.name)\", direction=\"\(objective.direction.rawValue)\")",
        ]
        for trial in ranked.prefix(count) {
            lines += ["", "Trial \(trial.id) summary", "Hyperparameters:"]
            lines += trial.values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            lines.append("Score: \(trial.score.map { String($0) } ?? "None")")
        }
        let failed = trials.filter { $0.status == .failed || $0.status == .invalid }
        if !failed.isEmpty { lines += ["", "\(failed.count) trial(s) failed; the study's trials table keeps their errors"] }
        return lines.joined(separator: "\n")
    }
}
