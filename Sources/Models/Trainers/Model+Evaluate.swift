import Foundation
import Layers
import Tensors
import Training

extension Model {
    /// The loss and metrics over `x`, `y`, computed in batches without recording gradients.
    public func evaluate(
        _ x: Tensor, _ y: Tensor, batchSize: Int = 32, sampleWeight: Tensor? = nil,
        verbose: Verbosity = .silent, callbacks: [Callback] = [], output: OutputSink = .standardOutput
    ) throws -> Logs {
        try evaluate([x], [y], batchSize: batchSize, sampleWeight: sampleWeight, verbose: verbose, callbacks: callbacks, output: output)
    }

    /// The loss and metrics over one array per input and per output.
    public func evaluate(
        _ x: [Tensor], _ y: [Tensor], batchSize: Int = 32, sampleWeight: Tensor? = nil,
        verbose: Verbosity = .silent, callbacks: [Callback] = [], output: OutputSink = .standardOutput
    ) throws -> Logs {
        _ = try compiledOptimizer()
        try checkData(x, y, sampleWeight: sampleWeight, role: "evaluation")
        try ensureBuilt(for: x)
        try checkSparseLabels(y, role: "evaluation")
        return try evaluate(
            source: TensorSource(inputs: x, targets: y, sampleWeight: sampleWeight?.reshaped(to: [-1])),
            batchSize: batchSize, verbose: verbose, callbacks: callbacks, output: output)
    }

    /// The loss and metrics with inputs and targets given by name (`inputNames`, `outputNames`).
    public func evaluate(_ x: [String: Tensor], _ y: [String: Tensor], batchSize: Int = 32, sampleWeight: Tensor? = nil) throws -> Logs {
        try evaluate(try ordered(x, inputNames, "input"), try ordered(y, outputNames, "output"), batchSize: batchSize, sampleWeight: sampleWeight)
    }

    /// The loss and metrics over every batch of `source`, without recording gradients.
    ///
    /// With `distribution: .dataParallel(…)` (on every rank of the job together), each rank evaluates
    /// its part of the data (its own rows of a ``ShardedDataSource``, else a contiguous 1/n of it) and
    /// one allreduce sums the metrics' states, so every rank gets the values over all the data; only
    /// rank 0 shows progress.
    public func evaluate(
        source: any DataSource, batchSize: Int = 32, verbose: Verbosity = .silent, callbacks: [Callback] = [],
        output: OutputSink = .standardOutput, distribution: Distribution? = nil
    ) throws -> Logs {
        _ = try compiledOptimizer()
        let parallel = distribution?.dataParallel
        let part = try parallel.flatMap { try evaluationPart(of: source, on: $0) }
        let steps = try EpochIterator(source: part ?? source, batchSize: batchSize).steps
        let all = (verbose == .silent || parallel?.isChief == false ? [] : [ProgressBar(verbosity: verbose, sink: output)]) + callbacks
        do {
            return try evaluate(
                source: part ?? source, batchSize: batchSize,
                callbacks: CallbackList(all, model: self, params: ["steps": steps, "verbose": verbose.rawValue]),
                combiningOver: part == nil ? nil : parallel?.communicator)
        } catch {
            if let parallel { parallel.communicator.abort("\(error)") }
            throw error
        }
    }

    /// The evaluation loop, telling `callbacks` of each test event (inside `fit`, its own list). With
    /// `communicator`, `source` is this rank's part and the results are combined over the ranks.
    func evaluate(source: any DataSource, batchSize: Int, callbacks: CallbackList, combiningOver communicator: Communicator? = nil) throws -> Logs {
        guard source.sampleCount > 0 else { throw ModelError.invalidData("the evaluation data has no samples") }
        try ensureBuilt(from: source)
        let iterator = try EpochIterator(source: source, batchSize: batchSize)
        let trackers = makeTrackers()
        try callbacks.testBegin()
        try GradientMode.withoutRecording {
            try iterator.forEachBatch { step, batch in
                try callbacks.testBatchBegin(step, [:])
                let (total, parts, predictions) = try computeLoss(batch, training: false)
                let result = StepResult(total: total.scalar ?? .nan, outputLosses: parts.map { $0.scalar ?? .nan }, predictions: predictions)
                try trackers.update(result, with: batch)
                try callbacks.testBatchEnd(step, trackers.logs())
            }
        }
        if let communicator { try trackers.combine(over: communicator) }
        let logs = trackers.logs()
        try callbacks.testEnd(logs)
        return logs
    }

    /// The loss and metrics of one batch, without training (Keras's `test_on_batch`).
    public func testOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> Logs {
        try evaluate(x, y, batchSize: Swift.max(x.shape.first ?? 1, 1), sampleWeight: sampleWeight)
    }
}
