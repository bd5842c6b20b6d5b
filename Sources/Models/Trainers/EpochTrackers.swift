import Tensors
import Training

/// An epoch's running values: the total loss, each output's loss (for several outputs), the metrics.
final class EpochTrackers {
    let total = MeanMetric(name: "loss")
    let outputLosses: [MeanMetric]
    let metrics: [[Metric]]
    /// The metrics whose log entries were one value under their own name once updated this epoch (a metric's
    /// entries may change with its first batch: an F-score learns its classes there).
    private var singleValued: Set<ObjectIdentifier> = []
    /// Whether a batch was added since the last reset.
    private var updated = false

    init(outputNames: [String], metrics: [[Metric]]) {
        outputLosses = outputNames.map { MeanMetric(name: "\($0)_loss") }
        self.metrics = metrics
    }

    func reset() {
        singleValued.removeAll(keepingCapacity: true)
        updated = false
        total.reset()
        outputLosses.forEach { $0.reset() }
        metrics.joined().forEach { $0.reset() }
    }

    func update(_ result: StepResult, with batch: Batch) throws {
        updated = true
        let samples = Float(batch.count)
        total.add(result.total, weight: samples)
        for index in 0..<Swift.min(outputLosses.count, result.outputLosses.count) { outputLosses[index].add(result.outputLosses[index], weight: samples) }
        for output in 0..<metrics.count {
            for index in 0..<metrics[output].count {
                try metrics[output][index].update(batch.targets[output], result.predictions[output], sampleWeight: batch.sampleWeight)
            }
        }
    }

    /// The running values, keyed as in History.
    func logs() -> Logs {
        var logs: Logs = [:]
        write(into: &logs)
        return logs
    }

    /// Writes the running values into `logs`. The keys are the same at every step, so a logs dictionary that
    /// nobody else holds is updated in place, without allocating: a metric found to have a single value once
    /// updated (its name, ``Metric/result()``) is read without building its list of entries.
    func write(into logs: inout Logs) {
        logs[total.name] = total.result()
        for index in 0..<outputLosses.count { logs[outputLosses[index].name] = outputLosses[index].result() }
        for list in 0..<metrics.count {
            for index in 0..<metrics[list].count {
                let metric = metrics[list][index]
                if singleValued.contains(ObjectIdentifier(metric)) {
                    logs[metric.name] = metric.result()
                    continue
                }
                let entries = metric.logEntries()
                if updated && entries.count == 1 && entries[0].0 == metric.name { singleValued.insert(ObjectIdentifier(metric)) }
                for (key, value) in entries { logs[key] = value }
            }
        }
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
