import Foundation
import TensorBoardModule
import Tuning

extension TuneCommand {
    /// `--tensorboard DIR`: the experiment (hyperparameters and metrics) in DIR itself, for TensorBoard's
    /// HParams dashboard.
    func writeExperiment(_ space: [HyperParameter], objective: Objective, to directory: String) throws {
        var names: Set<String> = []
        let infos = space.compactMap { parameter -> HParams.Info? in
            guard names.insert(parameter.name).inserted else { return nil }
            switch parameter.kind {
            case let .int(min, max, _, _, _): return HParams.Info(name: parameter.name, interval: Double(min)...Double(max))
            case let .float(min, max, _, _, _): return HParams.Info(name: parameter.name, interval: min...max)
            case let .choice(values, _, _): return HParams.Info(name: parameter.name, discrete: values.map(Self.hparamsValue))
            case .boolean: return HParams.Info(name: parameter.name, discrete: [.bool(false), .bool(true)])
            case let .fixed(value): return HParams.Info(name: parameter.name, discrete: [Self.hparamsValue(value)])
            }
        }
        let metrics = Array(Set([objective.name, "loss", "val_loss"])).sorted()
        do {
            let writer = try SummaryWriter(logDir: directory)
            try writer.hparamsExperiment(infos, metrics: metrics)
            writer.close()
        } catch { throw CommandError("--tensorboard: \(error)") }
    }

    /// One run per ended trial, `DIR/trial_ID`: its values, each epoch's History as scalars, and how it ended.
    func writeTrial(_ trial: Trial, study: Study, to directory: String) throws {
        do {
            let writer = try SummaryWriter(logDir: (directory as NSString).appendingPathComponent("trial_\(trial.id)"))
            try writer.hparamsSessionStart(trial.values.mapValues(Self.hparamsValue))
            let start = trial.placement?.initialEpoch ?? 0
            for (metric, values) in try study.history(trial: trial.number).sorted(by: { $0.key < $1.key }) {
                for (epoch, value) in values.enumerated() where value.isFinite { try writer.scalar(metric, Float(value), step: start + epoch) }
            }
            try writer.hparamsSessionEnd(trial.status == .completed ? .success : .failure)
            writer.close()
        } catch { throw CommandError("--tensorboard: \(error)") }
    }

    static func hparamsValue(_ value: HyperValue) -> HParams.Value {
        switch value {
        case .int(let number): .number(Double(number))
        case .float(let number): .number(number)
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        }
    }
}
