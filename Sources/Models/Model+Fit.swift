import Foundation
import Layers
import Tensors
import Training

extension Model {
    /// Trains a model with one input and one output (see the version for several arrays).
    @discardableResult
    public func fit(
        _ x: Tensor, _ y: Tensor, batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [], validationSplit: Float = 0, validationData: (x: Tensor, y: Tensor)? = nil,
        shuffle: Bool = true, sampleWeight: Tensor? = nil, classWeight: [Int: Float]? = nil, initialEpoch: Int = 0,
        output: OutputSink = .standardOutput
    ) throws -> History {
        try fit([x], [y], batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
            validationSplit: validationSplit, validationData: validationData.map { ([$0.x], [$0.y]) }, shuffle: shuffle,
            sampleWeight: sampleWeight, classWeight: classWeight, initialEpoch: initialEpoch, output: output)
    }

    /// Trains with inputs and targets given by name (`inputNames`, `outputNames`).
    @discardableResult
    public func fit(
        _ x: [String: Tensor], _ y: [String: Tensor], batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [], validationSplit: Float = 0, validationData: (x: [String: Tensor], y: [String: Tensor])? = nil,
        shuffle: Bool = true, sampleWeight: Tensor? = nil, initialEpoch: Int = 0, output: OutputSink = .standardOutput
    ) throws -> History {
        try fit(try ordered(x, inputNames, "input"), try ordered(y, outputNames, "output"), batchSize: batchSize, epochs: epochs,
            verbose: verbose, callbacks: callbacks, validationSplit: validationSplit,
            validationData: try validationData.map { (try ordered($0.x, inputNames, "input"), try ordered($0.y, outputNames, "output")) },
            shuffle: shuffle, sampleWeight: sampleWeight, initialEpoch: initialEpoch, output: output)
    }

    /// Trains for `epochs` passes over the data in mini-batches, as Keras's `fit`: one array per input
    /// and one per output, in order.
    ///
    /// - `validationSplit`: the fraction of samples, taken from the *end* of the data before any
    ///   shuffling (Keras's rule), held out for validation; ignored when `validationData` is given.
    /// - `shuffle`: reorders the training samples every epoch, from the model's seed.
    /// - `sampleWeight`, `classWeight`: weight each sample's loss (class weights by the first output's label).
    /// - `initialEpoch`: the epoch to start at (to resume training); epochs counts to `epochs` in total.
    @discardableResult
    public func fit(
        _ x: [Tensor], _ y: [Tensor], batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [], validationSplit: Float = 0, validationData: (x: [Tensor], y: [Tensor])? = nil,
        shuffle: Bool = true, sampleWeight: Tensor? = nil, classWeight: [Int: Float]? = nil, initialEpoch: Int = 0,
        output: OutputSink = .standardOutput
    ) throws -> History {
        let optimizer = try compiledOptimizer()
        try checkData(x, y, sampleWeight: sampleWeight, role: "training")
        guard batchSize > 0 else { throw ModelError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        guard epochs >= 0, initialEpoch >= 0 else { throw ModelError.invalidArgument("epochs and initialEpoch must not be negative") }
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw ModelError.invalidArgument("validationSplit must lie in [0, 1), not \(validationSplit)")
        }
        try ensureBuilt(for: x)
        try checkSparseLabels(y, role: "training")
        if let validationData {
            try checkData(validationData.x, validationData.y, sampleWeight: nil, role: "validation")
            try checkSparseLabels(validationData.y, role: "validation")
        }

        var trainX = x, trainY = y, trainWeights = try sampleWeights(y[0], sampleWeight, classWeight)
        var validation = validationData
        if validation == nil && validationSplit > 0 {
            let count = x[0].shape[0]
            let splitAt = Int((Float(count) * (1 - validationSplit)).rounded(.down))
            guard splitAt > 0 && splitAt < count else {
                throw ModelError.invalidArgument("validationSplit \(validationSplit) of \(count) samples leaves an empty training or validation set")
            }
            validation = (try x.map { try $0.slice(splitAt..<count) }, try y.map { try $0.slice(splitAt..<count) })
            trainX = try x.map { try $0.slice(0..<splitAt) }
            trainY = try y.map { try $0.slice(0..<splitAt) }
            trainWeights = try trainWeights?.slice(0..<splitAt)
        }

        let count = trainX[0].shape[0]
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
        let trackers = makeTrackers()
        try all.forEach { try $0.onTrainBegin(logs: [:]) }
        var order = Array(0..<count)
        var lastLogs: Logs = [:]
        for epoch in initialEpoch..<Swift.max(epochs, initialEpoch) {
            try all.forEach { try $0.onEpochBegin(epoch, logs: [:]) }
            if shuffle { order.shuffle(using: &generator) }
            trackers.reset()
            var logs: Logs = [:]
            for step in 0..<steps {
                let indices = Array(order[(step * batchSize)..<Swift.min((step + 1) * batchSize, count)])
                try all.forEach { try $0.onTrainBatchBegin(step, logs: logs) }
                let xb = try trainX.map { try $0.gather(indices) }, yb = try trainY.map { try $0.gather(indices) }
                let wb = try trainWeights?.gather(indices)
                let result = try trainStep(xb, yb, wb, optimizer: optimizer)
                try trackers.update(result, targets: yb, sampleWeight: wb, batch: indices.count)
                logs = trackers.logs()
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

    /// The outcome of one forward pass on a batch: the total loss, each output's loss, the predictions.
    struct StepResult {
        var total: Float
        var outputLosses: [Float]
        var predictions: [Tensor]
    }

    /// The total loss of a batch: each output's loss weighted by `lossWeights`, plus regularization.
    func forwardLoss(_ x: [Tensor], _ y: [Tensor], _ weights: Tensor?, training: Bool) throws -> (Tensor, [Tensor], [Tensor]) {
        let predictions = try call(x, training: training)
        guard predictions.count == losses.count, predictions.count == y.count else {
            throw ModelError.invalidArchitecture("\(name) produced \(predictions.count) output(s) but has \(losses.count) loss(es) and "
                + "\(y.count) target array(s); a subclass with several outputs must name them all in init(outputNames:)")
        }
        var total: Tensor?
        var parts: [Tensor] = []
        for (index, prediction) in predictions.enumerated() {
            let part = try losses[index](y[index], prediction, sampleWeight: weights)
            parts.append(part)
            let weighted = lossWeights[index] == 1 ? part : part * lossWeights[index]
            total = try total.map { try $0 + weighted } ?? weighted
        }
        if let penalty = try regularizationLoss() { total = try total! + penalty }
        return (total!, parts, predictions)
    }

    /// One gradient step on one batch: forward, loss (with regularization), backward, update.
    func trainStep(_ x: [Tensor], _ y: [Tensor], _ weights: Tensor?, optimizer: Optimizer) throws -> StepResult {
        let (total, parts, predictions) = try forwardLoss(x, y, weights, training: true)
        guard let value = total.scalar else { throw ModelError.invalidArchitecture("\(name): the loss is not a scalar") }
        try total.backward()
        try optimizer.apply(to: trainableWeights)
        return StepResult(total: value, outputLosses: parts.map { $0.scalar! }, predictions: predictions.map { $0.detached() })
    }

    /// One training step on one batch; returns the batch's loss and metrics.
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> Logs {
        let optimizer = try compiledOptimizer()
        try checkData([x], [y], sampleWeight: sampleWeight, role: "training")
        try ensureBuilt(for: [x])
        let trackers = makeTrackers()
        let result = try trainStep([x], [y], sampleWeight, optimizer: optimizer)
        try trackers.update(result, targets: [y], sampleWeight: sampleWeight, batch: x.shape[0])
        return trackers.logs()
    }

    /// The loss and metrics of one batch, without training (Keras's `test_on_batch`).
    public func testOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> Logs {
        try evaluate(x, y, batchSize: Swift.max(x.shape.first ?? 1, 1), sampleWeight: sampleWeight)
    }

    /// The loss and metrics over `x`, `y`, computed in batches without recording gradients.
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32, sampleWeight: Tensor? = nil,
                         verbose: Verbosity = .silent, output: OutputSink = .standardOutput) throws -> Logs {
        try evaluate([x], [y], batchSize: batchSize, sampleWeight: sampleWeight, verbose: verbose, output: output)
    }

    /// The loss and metrics over one array per input and per output.
    public func evaluate(_ x: [Tensor], _ y: [Tensor], batchSize: Int = 32, sampleWeight: Tensor? = nil,
                         verbose: Verbosity = .silent, output: OutputSink = .standardOutput) throws -> Logs {
        _ = try compiledOptimizer()
        try checkData(x, y, sampleWeight: sampleWeight, role: "evaluation")
        guard batchSize > 0 else { throw ModelError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        try ensureBuilt(for: x)
        try checkSparseLabels(y, role: "evaluation")
        let trackers = makeTrackers()
        let count = x[0].shape[0]
        let start = Date()
        try GradientMode.withoutRecording {
            for begin in stride(from: 0, to: count, by: batchSize) {
                let range = begin..<Swift.min(begin + batchSize, count)
                let xb = try x.map { try $0.slice(range) }, yb = try y.map { try $0.slice(range) }
                let wb = try sampleWeight?.slice(range)
                let (total, parts, predictions) = try forwardLoss(xb, yb, wb, training: false)
                try trackers.update(StepResult(total: total.scalar!, outputLosses: parts.map { $0.scalar! }, predictions: predictions),
                    targets: yb, sampleWeight: wb, batch: range.count)
            }
        }
        let logs = trackers.logs()
        if verbose != .silent {
            let steps = (count + batchSize - 1) / batchSize
            let elapsed = Date().timeIntervalSince(start)
            output.write("\(steps)/\(steps) - \(Int(elapsed.rounded()))s - \(ProgressBar.perStep(elapsed / Double(steps)))\(ProgressBar.format(logs))\n")
        }
        return logs
    }

    /// The loss and metrics with inputs and targets given by name (`inputNames`, `outputNames`).
    public func evaluate(_ x: [String: Tensor], _ y: [String: Tensor], batchSize: Int = 32, sampleWeight: Tensor? = nil) throws -> Logs {
        try evaluate(try ordered(x, inputNames, "input"), try ordered(y, outputNames, "output"), batchSize: batchSize, sampleWeight: sampleWeight)
    }

    /// Every output, by output name, for inputs given by name.
    public func predict(_ x: [String: Tensor], batchSize: Int = 32) throws -> [String: Tensor] {
        let outputs = try predict(try ordered(x, inputNames, "input"), batchSize: batchSize)
        return Dictionary(uniqueKeysWithValues: zip(outputNames, outputs))
    }

    /// The outputs of a single-output model for `x`, computed in batches without recording gradients.
    public func predict(_ x: Tensor, batchSize: Int = 32) throws -> Tensor {
        let outputs = try predict([x], batchSize: batchSize)
        guard outputs.count == 1 else {
            throw ModelError.invalidData("\(name) has \(outputs.count) outputs; use predict(_: [Tensor]) to get them all")
        }
        return outputs[0]
    }

    // MARK: - Helpers

    func compiledOptimizer() throws -> Optimizer {
        guard let optimizer, !losses.isEmpty else {
            throw ModelError.notCompiled("\(name) is not compiled; call compile(loss:optimizer:metrics:) before fit or evaluate")
        }
        return optimizer
    }

    func ordered(_ arrays: [String: Tensor], _ names: [String], _ kind: String) throws -> [Tensor] {
        for key in arrays.keys where !names.contains(key) {
            throw ModelError.invalidData("\(name) has no \(kind) named '\(key)'; its \(kind)s are \(names.joined(separator: ", "))")
        }
        return try names.map { key in
            guard let array = arrays[key] else { throw ModelError.invalidData("no array given for \(kind) '\(key)' of \(name)") }
            return array
        }
    }

    /// The loss trackers and metrics of an epoch, named as Keras 3 names History keys.
    func makeTrackers() -> EpochTrackers {
        let names = outputNames
        let multiple = names.count > 1
        var metrics: [[Metric]] = []
        for (index, kinds) in outputMetrics.enumerated() {
            let width = index < outputWidths.count ? outputWidths[index] : 1
            metrics.append(kinds.map { kind in
                kind.makeMetric(loss: losses[index], outputWidth: width, name: multiple ? "\(names[index])_\(kind.rawValue)" : kind.rawValue)
            })
        }
        return EpochTrackers(outputNames: multiple ? names : [], metrics: metrics)
    }

    /// The width (last axis) of each output.
    var outputWidths: [Int] {
        if let graph { return graph.outputs.map { $0.shape.last ?? 1 } }
        return [(try? outputShape(for: builtInputShape ?? [1]))?.last ?? 1]
    }

    func checkData(_ x: [Tensor], _ y: [Tensor], sampleWeight: Tensor?, role: String) throws {
        let inputs = inputNames, outputs = outputNames
        guard x.count == inputs.count else {
            throw ModelError.invalidData("\(name) has \(inputs.count) input(s) (\(inputs.joined(separator: ", "))) but \(x.count) \(role) input arrays were given")
        }
        guard y.count == outputs.count else {
            throw ModelError.invalidData("\(name) has \(outputs.count) output(s) (\(outputs.joined(separator: ", "))) but \(y.count) \(role) target arrays were given")
        }
        for array in x + y where array.rank < 1 {
            throw ModelError.invalidData("\(role) data needs a batch axis; got an array of shape \(array.shape)")
        }
        let count = x[0].shape[0]
        guard count > 0 else { throw ModelError.invalidData("the \(role) data has no samples") }
        for (array, label) in zip(x + y, inputs.map { "input '\($0)'" } + outputs.map { "targets of '\($0)'" }) where array.shape[0] != count {
            throw ModelError.invalidData("the \(role) data has \(count) samples in its first input but \(array.shape[0]) in the \(label); "
                + "every array must have one row per sample")
        }
        if let sampleWeight, sampleWeight.elementCount != count {
            throw ModelError.invalidData("\(sampleWeight.elementCount) sample weights for \(count) \(role) samples")
        }
        for array in x { try checkFinite(array, "\(role) inputs") }
        for array in y { try checkFinite(array, "\(role) targets") }
    }

    /// Sparse labels must be whole class indices below the output's width; checked up front so that the
    /// error names the sample in the caller's data, not in a shuffled batch.
    func checkSparseLabels(_ y: [Tensor], role: String) throws {
        for (index, targets) in y.enumerated() where index < losses.count && losses[index].kind == .sparseCategoricalCrossentropy {
            guard index < outputWidths.count else { continue }
            let classes = outputWidths[index]
            if let bad = targets.scalars.firstIndex(where: { $0.rounded() != $0 || $0 < 0 || $0 >= Float(classes) }) {
                throw ModelError.invalidData("the \(role) targets hold \(targets.scalars[bad]) at sample \(bad), which is not a class index in 0..<\(classes); "
                    + "sparse_categorical_crossentropy needs whole-number labels below the number of outputs")
            }
        }
    }

    func checkFinite(_ tensor: Tensor, _ what: String) throws {
        if let bad = tensor.firstNonFiniteIndex {
            let sample = bad / Swift.max(1, tensor.elementCount / Swift.max(tensor.shape.first ?? 1, 1))
            throw ModelError.invalidData("the \(what) contain \(tensor.scalars[bad]) at sample \(sample); remove or impute non-finite values")
        }
    }

    /// Per-sample weights from explicit weights and/or class weights (by label).
    func sampleWeights(_ y: Tensor, _ sampleWeight: Tensor?, _ classWeight: [Int: Float]?) throws -> Tensor? {
        guard let classWeight else { return try sampleWeight?.reshaped(to: [-1]) }
        let count = y.shape[0], width = y.elementCount / count
        let labels: [Int] = (0..<count).map { r in
            width == 1 ? (y.scalars[r].magnitude < 1e9 ? Int(y.scalars[r]) : -1) : (0..<width).max { y.scalars[r * width + $0] < y.scalars[r * width + $1] }!
        }
        let weights = labels.map { classWeight[$0] ?? 1 }
        let combined = try Tensor(weights, shape: [count])
        return try sampleWeight.map { try $0.reshaped(to: [count]) * combined } ?? combined
    }
}

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

    func update(_ result: Model.StepResult, targets: [Tensor], sampleWeight: Tensor?, batch: Int) throws {
        total.add(result.total, weight: Float(batch))
        for (tracker, value) in zip(outputLosses, result.outputLosses) { tracker.add(value, weight: Float(batch)) }
        for (index, list) in metrics.enumerated() {
            for metric in list { try metric.update(targets[index], result.predictions[index], sampleWeight: sampleWeight) }
        }
    }

    func logs() -> Logs {
        var logs: Logs = [total.name: total.result()]
        for tracker in outputLosses { logs[tracker.name] = tracker.result() }
        for metric in metrics.joined() { logs[metric.name] = metric.result() }
        return logs
    }
}
