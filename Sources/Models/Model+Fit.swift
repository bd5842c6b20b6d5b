import Foundation
import Layers
import Tensors
import Training

extension Model {
    /// Trains for `epochs` passes over `x`, `y` in mini-batches, as Keras's `fit`.
    ///
    /// - `validationSplit`: the fraction of samples, taken from the *end* of the data before any
    ///   shuffling (Keras's rule), held out for validation; ignored when `validationData` is given.
    /// - `shuffle`: reorders the training samples every epoch, from the model's seed.
    /// - `sampleWeight`, `classWeight`: weight each sample's loss (class weights by the sample's label).
    /// - `initialEpoch`: the epoch to start at (to resume training); epochs counts to `epochs` in total.
    @discardableResult
    public func fit(
        _ x: Tensor, _ y: Tensor, batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [], validationSplit: Float = 0, validationData: (x: Tensor, y: Tensor)? = nil,
        shuffle: Bool = true, sampleWeight: Tensor? = nil, classWeight: [Int: Float]? = nil, initialEpoch: Int = 0,
        output: OutputSink = .standardOutput
    ) throws -> History {
        let (loss, optimizer) = try compiled()
        try checkData(x, y, sampleWeight: sampleWeight, role: "training")
        guard batchSize > 0 else { throw ModelError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        guard epochs >= 0, initialEpoch >= 0 else { throw ModelError.invalidArgument("epochs and initialEpoch must not be negative") }
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw ModelError.invalidArgument("validationSplit must lie in [0, 1), not \(validationSplit)")
        }
        try ensureBuilt(for: x)
        try checkSparseLabels(y, loss: loss, role: "training")
        if let validationData { try checkSparseLabels(validationData.y, loss: loss, role: "validation") }

        var trainX = x, trainY = y, trainWeights = try sampleWeights(y, sampleWeight, classWeight)
        var validation = validationData
        if let validation {
            try checkData(validation.x, validation.y, sampleWeight: nil, role: "validation")
        } else if validationSplit > 0 {
            let count = x.shape[0]
            let splitAt = Int((Float(count) * (1 - validationSplit)).rounded(.down))
            guard splitAt > 0 && splitAt < count else {
                throw ModelError.invalidArgument("validationSplit \(validationSplit) of \(count) samples leaves an empty training or validation set")
            }
            validation = (try x.slice(splitAt..<count), try y.slice(splitAt..<count))
            trainX = try x.slice(0..<splitAt)
            trainY = try y.slice(0..<splitAt)
            trainWeights = try trainWeights?.slice(0..<splitAt)
        }

        let count = trainX.shape[0]
        let steps = (count + batchSize - 1) / batchSize
        let history = History()
        var all: [Callback] = [history]
        if verbose != .silent { all.append(ProgressBar(verbosity: verbose, sink: output)) }
        all += callbacks
        for callback in all {
            callback.model = self
            callback.params = ["epochs": epochs, "steps": steps, "verbose": verbose.rawValue]
        }
        self.history = history
        stopTraining = false
        let metrics = makeMetrics(loss: loss, y: y)
        let lossTracker = MeanMetric(name: "loss")
        try all.forEach { try $0.onTrainBegin(logs: [:]) }
        var order = Array(0..<count)
        var lastLogs: Logs = [:]
        for epoch in initialEpoch..<Swift.max(epochs, initialEpoch) {
            try all.forEach { try $0.onEpochBegin(epoch, logs: [:]) }
            if shuffle { order.shuffle(using: &generator) }
            lossTracker.reset()
            metrics.forEach { $0.reset() }
            var logs: Logs = [:]
            for step in 0..<steps {
                let indices = Array(order[(step * batchSize)..<Swift.min((step + 1) * batchSize, count)])
                try all.forEach { try $0.onTrainBatchBegin(step, logs: logs) }
                let xb = try trainX.gather(indices), yb = try trainY.gather(indices)
                let wb = try trainWeights?.gather(indices)
                let (lossValue, prediction) = try trainStep(xb, yb, wb, loss: loss, optimizer: optimizer)
                lossTracker.add(lossValue, weight: Float(indices.count))
                for metric in metrics { try metric.update(yb, prediction, sampleWeight: wb) }
                logs = currentLogs(lossTracker, metrics)
                try all.forEach { try $0.onTrainBatchEnd(step, logs: logs) }
            }
            if let validation {
                let results = try evaluate(validation.x, validation.y, batchSize: batchSize, verbose: .silent)
                for (key, value) in results { logs["val_" + key] = value }
            }
            try all.forEach { try $0.onEpochEnd(epoch, logs: logs) }
            lastLogs = logs
            if stopTraining { break }
        }
        try all.forEach { try $0.onTrainEnd(logs: lastLogs) }
        return history
    }

    /// One gradient step on one batch: forward, loss (with regularization), backward, update.
    func trainStep(_ x: Tensor, _ y: Tensor, _ weights: Tensor?, loss: Loss, optimizer: Optimizer) throws -> (Float, Tensor) {
        let prediction = try call(x, training: true)
        var total = try loss(y, prediction, sampleWeight: weights)
        if let penalty = try regularizationLoss() { total = try total + penalty }
        guard let value = total.scalar else { throw ModelError.invalidArchitecture("\(name): the loss is not a scalar") }
        try total.backward()
        try optimizer.apply(to: trainableWeights)
        return (value, prediction.detached())
    }

    /// One training step on one batch; returns the batch's loss and metrics.
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> Logs {
        let (loss, optimizer) = try compiled()
        try checkData(x, y, sampleWeight: sampleWeight, role: "training")
        try ensureBuilt(for: x)
        let metrics = makeMetrics(loss: loss, y: y)
        let (value, prediction) = try trainStep(x, y, sampleWeight, loss: loss, optimizer: optimizer)
        for metric in metrics { try metric.update(y, prediction, sampleWeight: sampleWeight) }
        var logs = currentLogs(MeanMetric(name: "loss"), metrics)
        logs["loss"] = value
        return logs
    }

    /// The loss and metrics of one batch, without training (Keras's `test_on_batch`).
    public func testOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> Logs {
        try evaluate(x, y, batchSize: Swift.max(x.shape.first ?? 1, 1), sampleWeight: sampleWeight)
    }

    /// The loss and metrics over `x`, `y`, computed in batches without recording gradients.
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32, sampleWeight: Tensor? = nil,
                         verbose: Verbosity = .silent, output: OutputSink = .standardOutput) throws -> Logs {
        let (loss, _) = try compiled()
        try checkData(x, y, sampleWeight: sampleWeight, role: "evaluation")
        guard batchSize > 0 else { throw ModelError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        try ensureBuilt(for: x)
        let metrics = makeMetrics(loss: loss, y: y)
        let tracker = MeanMetric(name: "loss")
        let count = x.shape[0]
        let start = Date()
        try GradientMode.withoutRecording {
            for begin in stride(from: 0, to: count, by: batchSize) {
                let range = begin..<Swift.min(begin + batchSize, count)
                let xb = try x.slice(range), yb = try y.slice(range), wb = try sampleWeight?.slice(range)
                let prediction = try call(xb, training: false)
                var value = try loss(yb, prediction, sampleWeight: wb)
                if let penalty = try regularizationLoss() { value = try value + penalty }
                tracker.add(value.scalar!, weight: Float(range.count))
                for metric in metrics { try metric.update(yb, prediction, sampleWeight: wb) }
            }
        }
        let logs = currentLogs(tracker, metrics)
        if verbose != .silent {
            let steps = (count + batchSize - 1) / batchSize
            let elapsed = Date().timeIntervalSince(start)
            output.write("\(steps)/\(steps) - \(Int(elapsed.rounded()))s - \(ProgressBar.perStep(elapsed / Double(steps)))\(ProgressBar.format(logs))\n")
        }
        return logs
    }

    /// The model's outputs for `x`, computed in batches without recording gradients.
    public func predict(_ x: Tensor, batchSize: Int = 32) throws -> Tensor {
        guard batchSize > 0 else { throw ModelError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        try ensureBuilt(for: x)
        try checkFinite(x, "prediction inputs")
        let count = x.shape[0]
        if count <= batchSize { return try predictOnBatch(x) }
        var parts: [Tensor] = []
        try GradientMode.withoutRecording {
            for begin in stride(from: 0, to: count, by: batchSize) {
                parts.append(try call(try x.slice(begin..<Swift.min(begin + batchSize, count)), training: false))
            }
        }
        return try Tensor.concatenate(parts, alongAxis: 0)
    }

    // MARK: - Helpers

    func compiled() throws -> (Loss, Optimizer) {
        guard let loss, let optimizer else {
            throw ModelError.notCompiled("\(name) is not compiled; call compile(loss:optimizer:metrics:) before fit or evaluate")
        }
        return (loss, optimizer)
    }

    func makeMetrics(loss: Loss, y: Tensor) -> [Metric] {
        let width = (try? outputShape(for: builtInputShape ?? [1]))?.last ?? 1
        return metricKinds.map { $0.makeMetric(loss: loss, outputWidth: width) }
    }

    func currentLogs(_ tracker: MeanMetric, _ metrics: [Metric]) -> Logs {
        var logs: Logs = ["loss": tracker.result()]
        for metric in metrics { logs[metric.name] = metric.result() }
        return logs
    }

    func checkData(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor?, role: String) throws {
        guard x.rank >= 1, y.rank >= 1 else {
            throw ModelError.invalidData("\(role) data needs a batch axis: x has shape \(x.shape), y \(y.shape)")
        }
        guard x.shape[0] > 0 else { throw ModelError.invalidData("the \(role) data has no samples") }
        guard x.shape[0] == y.shape[0] else {
            throw ModelError.invalidData("the \(role) data has \(x.shape[0]) inputs but \(y.shape[0]) targets; they must pair up one to one")
        }
        if let sampleWeight, sampleWeight.elementCount != x.shape[0] {
            throw ModelError.invalidData("\(sampleWeight.elementCount) sample weights for \(x.shape[0]) \(role) samples")
        }
        try checkFinite(x, "\(role) inputs")
        try checkFinite(y, "\(role) targets")
    }

    /// Sparse labels must be whole class indices below the model's number of outputs; checked up front
    /// so that the error names the sample in the caller's data, not in a shuffled batch.
    func checkSparseLabels(_ y: Tensor, loss: Loss, role: String) throws {
        guard loss.kind == .sparseCategoricalCrossentropy, let builtInputShape,
            let classes = try outputShape(for: builtInputShape).last else { return }
        if let bad = y.scalars.firstIndex(where: { $0.rounded() != $0 || $0 < 0 || Int($0) >= classes }) {
            throw ModelError.invalidData("the \(role) targets hold \(y.scalars[bad]) at sample \(bad), which is not a class index in 0..<\(classes); "
                + "sparse_categorical_crossentropy needs whole-number labels below the number of outputs")
        }
    }

    func checkFinite(_ tensor: Tensor, _ what: String) throws {
        if let bad = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
            let sample = bad / Swift.max(1, tensor.elementCount / Swift.max(tensor.shape.first ?? 1, 1))
            throw ModelError.invalidData("the \(what) contain \(tensor.scalars[bad]) at sample \(sample); remove or impute non-finite values")
        }
    }

    /// Per-sample weights from explicit weights and/or class weights (by label).
    func sampleWeights(_ y: Tensor, _ sampleWeight: Tensor?, _ classWeight: [Int: Float]?) throws -> Tensor? {
        guard let classWeight else { return try sampleWeight?.reshaped(to: [-1]) }
        let count = y.shape[0], width = y.elementCount / count
        let labels: [Int] = (0..<count).map { r in
            width == 1 ? Int(y.scalars[r]) : (0..<width).max { y.scalars[r * width + $0] < y.scalars[r * width + $1] }!
        }
        let weights = labels.map { classWeight[$0] ?? 1 }
        let combined = try Tensor(weights, shape: [count])
        return try sampleWeight.map { try $0.reshaped(to: [count]) * combined } ?? combined
    }
}
