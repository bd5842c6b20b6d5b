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
        output: OutputSink = .standardOutput, distribution: Distribution? = nil
    ) throws -> History {
        try fit(
            [x], [y], batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
            validationSplit: validationSplit, validationData: validationData.map { ([$0.x], [$0.y]) }, shuffle: shuffle,
            sampleWeight: sampleWeight, classWeight: classWeight, initialEpoch: initialEpoch, output: output, distribution: distribution)
    }

    /// Trains with inputs and targets given by name (`inputNames`, `outputNames`).
    @discardableResult
    public func fit(
        _ x: [String: Tensor], _ y: [String: Tensor], batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [], validationSplit: Float = 0, validationData: (x: [String: Tensor], y: [String: Tensor])? = nil,
        shuffle: Bool = true, sampleWeight: Tensor? = nil, initialEpoch: Int = 0, output: OutputSink = .standardOutput,
        distribution: Distribution? = nil
    ) throws -> History {
        try fit(
            try ordered(x, inputNames, "input"), try ordered(y, outputNames, "output"), batchSize: batchSize, epochs: epochs,
            verbose: verbose, callbacks: callbacks, validationSplit: validationSplit,
            validationData: try validationData.map { (try ordered($0.x, inputNames, "input"), try ordered($0.y, outputNames, "output")) },
            shuffle: shuffle, sampleWeight: sampleWeight, initialEpoch: initialEpoch, output: output, distribution: distribution)
    }

    /// Trains for `epochs` passes over the data in mini-batches, as Keras's `fit`: one array per input
    /// and one per output, in order.
    ///
    /// - `validationSplit`: the fraction of samples, taken from the *end* of the data before any
    ///   shuffling (Keras's rule), held out for validation; ignored when `validationData` is given.
    /// - `shuffle`: reorders the training samples every epoch, from the model's seed.
    /// - `sampleWeight`, `classWeight`: weight each sample's loss (class weights by the first output's label).
    /// - `initialEpoch`: the epoch to start at (to resume training); epochs counts to `epochs` in total.
    /// - `distribution`: `.dataParallel(…)` trains on all the ranks of an MPI job (see ``DataParallel``).
    @discardableResult
    public func fit(
        _ x: [Tensor], _ y: [Tensor], batchSize: Int = 32, epochs: Int = 1, verbose: Verbosity = .progressBar,
        callbacks: [Callback] = [], validationSplit: Float = 0, validationData: (x: [Tensor], y: [Tensor])? = nil,
        shuffle: Bool = true, sampleWeight: Tensor? = nil, classWeight: [Int: Float]? = nil, initialEpoch: Int = 0,
        output: OutputSink = .standardOutput, distribution: Distribution? = nil
    ) throws -> History {
        _ = try compiledOptimizer()
        try checkData(x, y, sampleWeight: sampleWeight, role: "training")
        guard batchSize > 0 else { throw ModelError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw ModelError.invalidArgument("validationSplit must lie in [0, 1), not \(validationSplit)")
        }
        try ensureBuilt(for: x)
        try checkSparseLabels(y, role: "training")
        if let validationData {
            try checkData(validationData.x, validationData.y, sampleWeight: nil, role: "validation")
            try checkSparseLabels(validationData.y, role: "validation")
        }
        var training = TensorSource(inputs: x, targets: y, sampleWeight: try sampleWeights(y[0], sampleWeight, classWeight))
        var validation = validationData.map { TensorSource(inputs: $0.x, targets: $0.y) }
        if validation == nil && validationSplit > 0 {
            let count = training.sampleCount
            let splitAt = Int((Float(count) * (1 - validationSplit)).rounded(.down))
            guard splitAt > 0 && splitAt < count else {
                throw ModelError.invalidArgument("validationSplit \(validationSplit) of \(count) samples leaves an empty training or validation set")
            }
            (training, validation) = try training.split(at: splitAt)
        }
        return try fit(
            source: training, validation: validation, batchSize: batchSize, epochs: epochs, verbose: verbose,
            callbacks: callbacks, shuffle: shuffle, initialEpoch: initialEpoch, output: output, distribution: distribution)
    }

    /// Trains on batches from any ``DataSource`` (arrays in memory, or a file read from disk as it goes),
    /// validating on `validation` after each epoch. This is the training loop: an ``EpochIterator`` hands
    /// out the batches, ``trainStep`` computes each step, a ``CallbackList`` hears every event.
    ///
    /// With `distribution: .dataParallel(…)`, the iterator hands each rank its shard of every global batch
    /// of `batchSize`, a ``DataParallelTrainStep`` averages the gradients over the ranks, and only rank 0
    /// shows progress; callbacks run on every rank (give file-writing ones to rank 0 only, as Horovod
    /// says). An error on one rank during training stops the whole job (`MPI_Abort`), never a hang.
    @discardableResult
    public func fit(
        source: any DataSource, validation: (any DataSource)? = nil, batchSize: Int = 32, epochs: Int = 1,
        verbose: Verbosity = .progressBar, callbacks: [Callback] = [], shuffle: Bool = true, initialEpoch: Int = 0,
        output: OutputSink = .standardOutput, distribution: Distribution? = nil
    ) throws -> History {
        let optimizer = try compiledOptimizer()
        guard epochs >= 0, initialEpoch >= 0 else { throw ModelError.invalidArgument("epochs and initialEpoch must not be negative") }
        guard source.sampleCount > 0 || (source as? any ShardedDataSource)?.globalSampleCount ?? 0 > 0 else {
            throw ModelError.invalidData("the training data has no samples")
        }
        try ensureBuilt(from: source)
        var iterator = try EpochIterator(source: source, batchSize: batchSize, shuffle: shuffle)
        let parallel = distribution?.dataParallel
        var step = effectiveTrainStep
        var validation = validation, combining: Communicator?
        if let parallel {
            try checkDataParallel(parallel, source: source, validation: validation, batchSize: batchSize, epochs: epochs, shuffle: shuffle)
            iterator.shard = (parallel.rank, parallel.size)
            let parallelStep = DataParallelTrainStep(parallel: parallel, optimizer: optimizer, stepsPerEpoch: iterator.steps)
            try parallelStep.learnRowShapes(self, from: source)
            step = parallelStep
            // Each rank validates its part; the metrics' states are summed after each validation.
            if let whole = validation, let part = try evaluationPart(of: whole, on: parallel) {
                (validation, combining) = (part, parallel.communicator)
            }
        }
        let history = History()
        var all: [Callback] = [history]
        if verbose != .silent && parallel?.isChief != false { all.append(ProgressBar(verbosity: verbose, sink: output)) }
        let sync: [Callback] = parallel.map { [DataParallelSync(communicator: $0.communicator)] } ?? []
        let list = CallbackList(all + callbacks + sync, model: self, params: ["epochs": epochs, "steps": iterator.steps, "verbose": verbose.rawValue])
        self.history = history
        activeCallbacks = list.callbacks
        defer { activeCallbacks = [] }
        stopTraining = false
        stopReason = nil
        restoredEpoch = nil
        resumeEpoch = nil
        let trackers = makeTrackers()
        let trainingKeys = trackers.logs().keys.sorted()
        expectedLogKeys = trainingKeys + (validation == nil ? [] : trainingKeys.map { "val_" + $0 })
        do {
            try list.trainBegin()
            if let parallel { try broadcastTrainingState(from: parallel.communicator) }
            // A planned step on two threads of its own runs OpenBLAS on one thread for the whole fit: switching
            // OpenBLAS's thread count every step wakes its idle threads, which then fight a busy machine's cores.
            let planned = step as? PlannedTrainStep
            let ownThreads = planned.map { $0.threads ?? BLAS.threads } ?? 1
            planned?.fitThreads = ownThreads
            defer { planned?.fitThreads = nil }
            iterator.rowCopier = planned?.rowCopier
            func train() throws {
                try runEpochs(
                    epochs, initialEpoch: initialEpoch, iterator: &iterator, step: step, optimizer: optimizer, trackers: trackers,
                    validation: validation, combiningOver: combining, batchSize: batchSize, callbacks: list)
            }
            if ownThreads >= 2 { try BLAS.singleThreaded(train) } else { try train() }
        } catch {
            // The other ranks would wait for this one in the next collective call: stop them all.
            if let parallel { parallel.communicator.abort("\(error)") }
            throw error
        }
        return history
    }

    /// The epochs of ``fit(source:validation:batchSize:epochs:verbose:callbacks:shuffle:initialEpoch:output:distribution:)``;
    /// with `communicator`, `validation` is this rank's part and its results are combined over the ranks.
    private func runEpochs(
        _ epochs: Int, initialEpoch: Int, iterator: inout EpochIterator, step: any TrainStep, optimizer: Optimizer, trackers: EpochTrackers,
        validation: (any DataSource)?, combiningOver communicator: Communicator?, batchSize: Int, callbacks list: CallbackList
    ) throws {
        var lastLogs: Logs = [:]
        let start = resumeEpoch ?? initialEpoch  // known once the callbacks (a restored backup) have begun
        for epoch in start..<Swift.max(epochs, start) {
            if stopTraining { break }
            try list.epochBegin(epoch)
            trackers.reset()
            var logs: Logs = [:]
            try iterator.forEachBatch(shuffling: &generator, until: { self.stopTraining }) { index, batch in
                try list.trainBatchBegin(index, logs)
                let result = try step.train(self, on: batch, optimizer: optimizer)
                try trackers.update(result, with: result.batch ?? batch)
                trackers.write(into: &logs)  // in place: the same keys every step
                try list.trainBatchEnd(index, logs)
            }
            if let validation {
                let results = try evaluate(source: validation, batchSize: batchSize, callbacks: list, combiningOver: communicator)
                for (key, value) in results { logs["val_" + key] = value }
            }
            lastLogs = try list.epochEnd(epoch, logs)
        }
        // Keras's `finalize_variable_values`: with use_ema, the model ends with the moving averages.
        if epochs > 0 { try optimizer.finalizeVariableValues(trainableWeights) }
        try list.trainEnd(lastLogs)
    }

    /// One training step on one batch; returns the batch's loss and metrics.
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> Logs {
        let optimizer = try compiledOptimizer()
        try checkData([x], [y], sampleWeight: sampleWeight, role: "training")
        try ensureBuilt(for: [x])
        let trackers = makeTrackers()
        let batch = Batch(inputs: [x], targets: [y], sampleWeight: sampleWeight)
        try trackers.update(try effectiveTrainStep.train(self, on: batch, optimizer: optimizer), with: batch)
        return trackers.logs()
    }

    /// The step `fit` and `trainOnBatch` run: a custom ``trainStep`` as given; the default one planned unless
    /// the model runs eagerly (``runEagerly``).
    var effectiveTrainStep: any TrainStep { trainStep is EagerTrainStep && !runEagerly ? plannedStep : trainStep }
}
