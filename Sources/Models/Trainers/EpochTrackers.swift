import Tensors
import Training

/// An epoch's running values: the total loss, each output's loss (for several outputs), the metrics.
final class EpochTrackers {
    let total = MeanMetric(name: "loss")
    let outputLosses: [MeanMetric]
    let metrics: [[Metric]]

    init(outputNames: [String], metrics: [[Metric]]) {
        outputLosses = outputNames.map { MeanMetric(name: "\($0)_loss") }
        self.metrics = metrics
    }

    func reset() {
        total.reset()
        outputLosses.forEach { $0.reset() }
        metrics.joined().forEach { $0.reset() }
    }

    func update(_ result: StepResult, with batch: Batch) throws {
        total.add(result.total, weight: Float(batch.count))
        for (tracker, value) in zip(outputLosses, result.outputLosses) { tracker.add(value, weight: Float(batch.count)) }
        for (index, list) in metrics.enumerated() {
            for metric in list { try metric.update(batch.targets[index], result.predictions[index], sampleWeight: batch.sampleWeight) }
        }
    }

    func logs() -> Logs {
        var logs: Logs = [total.name: total.result()]
        for tracker in outputLosses { logs[tracker.name] = tracker.result() }
        for metric in metrics.joined() { for (key, value) in metric.logEntries() { logs[key] = value } }
        return logs
    }
}

extension Model {
    /// The loss trackers and metrics of an epoch, named as Keras 3 names History keys.
    func makeTrackers() -> EpochTrackers {
        let names = outputNames
        let multiple = names.count > 1
        var metrics: [[Metric]] = []
        for (index, kinds) in outputMetrics.enumerated() {
            let width = index < outputWidths.count ? outputWidths[index] : 1
            metrics.append(
                kinds.map { kind in
                    kind.makeMetric(loss: losses[index], outputWidth: width, name: multiple ? "\(names[index])_\(kind.rawValue)" : kind.rawValue)
                })
        }
        return EpochTrackers(outputNames: multiple ? names : [], metrics: metrics)
    }
}
