import Layers
import Training

extension Model {
    /// Sets the loss, optimizer and metrics that `fit` and `evaluate` use. With several outputs, the
    /// loss and the metrics apply to each.
    public func compile(loss: Loss, optimizer: Optimizer = RMSprop(), metrics: [MetricKind] = []) {
        let count = Swift.max(outputNames.count, 1)
        losses = Array(repeating: loss, count: count)
        lossWeights = Array(repeating: 1, count: count)
        outputMetrics = Array(repeating: metrics, count: count)
        self.optimizer = optimizer
    }

    /// Compiles a model with several outputs: one loss per output, in order, each weighted by
    /// `lossWeights` in the total loss, and one list of metrics per output.
    public func compile(losses: [Loss], lossWeights: [Float]? = nil, optimizer: Optimizer = RMSprop(), metrics: [[MetricKind]]? = nil) throws {
        let names = outputNames
        guard losses.count == names.count else {
            throw ModelError.invalidArgument(
                "\(name) has \(names.count) outputs (\(names.joined(separator: ", "))) but \(losses.count) losses were given; give one per output")
        }
        if let lossWeights, lossWeights.count != names.count {
            throw ModelError.invalidArgument("\(name) has \(names.count) outputs but \(lossWeights.count) loss weights")
        }
        if let metrics, metrics.count != names.count {
            throw ModelError.invalidArgument("\(name) has \(names.count) outputs but \(metrics.count) metric lists; give one list per output")
        }
        self.losses = losses
        self.lossWeights = lossWeights ?? Array(repeating: 1, count: names.count)
        self.outputMetrics = metrics ?? Array(repeating: [], count: names.count)
        self.optimizer = optimizer
    }

    /// Compiles a model with several outputs by output name (the output layers' names).
    public func compile(
        losses: [String: Loss], lossWeights: [String: Float]? = nil, optimizer: Optimizer = RMSprop(),
        metrics: [String: [MetricKind]]? = nil
    ) throws {
        let names = outputNames
        for key in Array(losses.keys) + Array((lossWeights ?? [:]).keys) + Array((metrics ?? [:]).keys) where !names.contains(key) {
            throw ModelError.invalidArgument("\(name) has no output named '\(key)'; its outputs are \(names.joined(separator: ", "))")
        }
        let ordered = try names.map { output in
            guard let loss = losses[output] else { throw ModelError.invalidArgument("no loss given for output '\(output)' of \(name)") }
            return loss
        }
        try compile(
            losses: ordered, lossWeights: lossWeights.map { weights in names.map { weights[$0] ?? 1 } },
            optimizer: optimizer, metrics: metrics.map { lists in names.map { lists[$0] ?? [] } })
    }

    func compiledOptimizer() throws -> Optimizer {
        guard let optimizer, !losses.isEmpty else {
            throw ModelError.notCompiled("\(name) is not compiled; call compile(loss:optimizer:metrics:) before fit or evaluate")
        }
        return optimizer
    }
}
