import Dispatch
import Tensors
import Training

extension TrainingPlan {
    /// One training step on `batch` (``obstacle(to:)`` must have found nothing): forward, loss, backward and
    /// the optimizer's update, on the plan's buffers (split over two threads with ``workers``).
    func step(_ batch: Batch, optimizer: Optimizer) throws -> StepResult {
        if let workers, choosesThreads { workers.alone = !threadChoice.beginStep(now: DispatchTime.now().uptimeNanoseconds) }
        let rate = update == .foldedSGD ? try optimizer.beginPlannedUpdate() : 0
        let result = try computeGradients(batch, rate: rate)
        if update == .foldedSGD {
            optimizer.countPlannedUpdate()
        } else {
            try applyGradients(optimizer)
        }
        return result
    }

    /// Forward, loss and backward on `batch`: the gradients in ``gradients`` (or, with plain SGD folded in, the
    /// update made at `rate`). Returns the batch's losses and predictions.
    ///
    /// Two passes, each one region of ``chunks`` chunks (taken by two threads as they come with ``workers``, one
    /// after the other without): the rows pass takes a block of the batch's rows through every layer, the loss
    /// and back to each layer's `delta` (all of it row by row); the weights pass then computes each layer's
    /// kernel and bias gradients (or plain SGD's update) by blocks of kernel rows and bias columns. Where the
    /// blocks are cut depends on the batch alone, never on the thread count, so one thread and two give the
    /// same weights. A sparse first layer (``firstLayerByInputs``) gets a pass of its own before the rows pass: its
    /// outputs' partial sums by the blocks of inputs its kernel gradient is cut in, so that each thread keeps its
    /// rows of the first kernel. Measured for workload A on the Zen 4 machine, on two threads: the step 182 → 170 µs
    /// (the weights pass's chunks 75 → 64 µs each), the same 300 µs on one.
    func computeGradients(_ batch: Batch, rate: Float) throws -> StepResult {
        let x = batch.inputs[0], y = batch.targets[0]
        let rows = x.shape[0]
        guard !layers.isEmpty else { throw PlanObstacle("a model without Dense layers") }
        let last = layers[layers.count - 1]
        try withWeights {
            x.scalars.withUnsafeBufferPointer { inputs in
                y.scalars.withUnsafeBufferPointer { targets in
                    guard let raw = inputs.baseAddress, let target = targets.baseAddress else { return }
                    let input = normalization?.apply(raw, rows: rows) ?? rescaling?.apply(raw, rows: rows) ?? raw
                    sparseFirstLayer = sparseInputs.map { countNonzeros(input, rows: rows, using: $0) } ?? false
                    let firstWork = rows * layers[0].inputs * layers[0].units
                    firstLayerByInputs = sparseFirstLayer && layers.count > 1 && firstWork >= Self.splitWork
                    cutRows(rows, byNonzeros: sparseFirstLayer && !firstLayerByInputs)
                    func run() {
                        if firstLayerByInputs { parallel(.firstLayer(input: input, rows: rows), work: firstWork) }
                        parallel(.rows(input: input, targets: target, rows: rows), work: rows * weightCount)
                        parallel(.weights(input: input, rows: rows, rate: rate), work: rows * weightCount)
                    }
                    // With a thread of its own, each part calls BLAS on one thread.
                    if workers == nil { run() } else { BLAS.singleThreaded { run() } }
                }
            }
        }
        return try result(total: PlannedLoss.mean(sampleLosses.pointer, rows: rows), rows: rows, outputs: last)
    }

    /// Where the rows pass's chunks are cut (``rowCuts``): where the work evens out when the first layer skips zeros
    /// in that pass (`byNonzeros`; a row then costs its nonzero inputs times the first layer's width, and then the
    /// other layers' forward and backward products), else in equal blocks.
    private func cutRows(_ rows: Int, byNonzeros: Bool) {
        guard let cuts = rowCuts.baseAddress, let rowCounts = rowCounts.baseAddress else { return }
        guard byNonzeros else {
            for chunk in 0...Self.chunks { cuts[chunk] = Self.block(rows, chunk, of: Self.chunks, multiple: 4).lowerBound }
            return
        }
        let (inputs, units) = (layers[0].inputs, layers[0].units)
        SparseInput.balancedCuts(
            rowCounts, count: rows, multiple: 4, scale: units, offset: 2 * (weightCount - inputs * units), parts: Self.chunks, into: cuts)
    }

    /// Whether the first layer's `rows` inputs are mostly zeros; if so, where the chunks of its kernel gradient (and
    /// of its own pass) are cut (``inputCuts``). The nonzero counts of each row stay in ``rowCounts``.
    private func countNonzeros(_ input: UnsafePointer<Float>, rows: Int, using instructionSet: SparseInput.InstructionSet) -> Bool {
        guard let rowCounts = rowCounts.baseAddress, let inputCounts = inputCounts.baseAddress, let inputCuts = inputCuts.baseAddress else { return false }
        let inputs = layers[0].inputs
        let nonzero = SparseInput.countNonzeros(input, rows: rows, inputs: inputs, rowCounts: rowCounts, inputCounts: inputCounts, using: instructionSet)
        guard SparseInput.isSparse(nonzero: nonzero, of: rows * inputs) else { return false }
        // An input's share of the kernel gradient costs its nonzero values and about half a value per sample besides
        // (listing the samples, reading and writing its kernel row): measured for workload A on the Zen 4 machine,
        // the two chunks took 51 and 48 µs cut by nonzero values alone, 49 and 50 with that offset.
        SparseInput.balancedCuts(inputCounts, count: inputs, multiple: 16, offset: rows / 2, parts: Self.chunks, into: inputCuts)
        return true
    }

    /// The optimizer's update from ``gradients`` (which it then zeroes for the next step's products).
    func applyGradients(_ optimizer: Optimizer) throws {
        try optimizer.applyPlanned(trainable, gradients: gradients)
        for index in 0..<layers.count { layers[index].kernelGradient?.buffer.update(repeating: 0) }
    }

    /// Runs `body` with every layer's kernel and bias scalars at hand (nested, one layer at a time).
    func withWeights(from index: Int = 0, _ body: () throws -> Void) rethrows {
        guard index < layers.count else { return try body() }
        let layer = layers[index]
        defer { (layer.kernelScalars, layer.biasScalars) = (nil, nil) }
        try layer.kernel.withUnsafeMutableScalars { kernel in
            layer.kernelScalars = kernel.baseAddress
            guard let bias = layer.bias else { return try withWeights(from: index + 1, body) }
            try bias.withUnsafeMutableScalars { bias in
                layer.biasScalars = bias.baseAddress
                try withWeights(from: index + 1, body)
            }
        }
    }

    /// Runs `region` whole when small, or as ``chunks`` chunks when worth splitting (`work` multiply-adds), which
    /// this thread and the worker take as they come (this thread alone without a worker). The chunks depend on
    /// the batch alone, never on the thread count or on which thread takes which: OpenBLAS rounds a product
    /// computed in blocks differently from the whole, so one and two threads compute the same blocks and give
    /// the same weights, bit for bit.
    func parallel(_ region: Region, work: Int) {
        self.region = region
        defer { self.region = .none }
        chunkCount = work >= Self.splitWork ? Self.chunks : 1
        nextChunk.store(0, ordering: .sequentiallyConsistent)
        guard chunkCount > 1, let workers else { return run(part: 0) }
        workers.run(self)
    }

    /// The chunks of the current ``region`` that thread `part` (0 here, 1 the worker) takes, one at a time.
    func run(part: Int) {
        while true {
            let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            guard chunk < chunkCount else { return }
            switch region {
            case .none: return
            case let .firstLayer(input, rows): firstLayerPass(input, rows: rows, inputs: inputCuts[chunk]..<inputCuts[chunk + 1], chunk: chunk, part: part)
            case let .rows(input, targets, rows):
                let block = chunkCount == 1 ? 0..<rows : rowCuts[chunk]..<rowCuts[chunk + 1]
                rowsPass(input, targets: targets, rows: block, batchRows: rows, part: part)
            case let .weights(input, rows, rate): weightsPass(input, rows: rows, rate: rate, chunk: chunk, of: chunkCount, part: part)
            }
        }
    }

    /// The worker's share of a region (``WorkerPair``).
    func runPart(_ part: Int) { run(part: part) }

    /// The multiply-adds from which a product is worth two parts.
    static let splitWork = 100_000

    /// Block `index` of `parts` of `count` items, cut at multiples of `multiple` (whole vector tiles, or the
    /// sparse kernel's groups of rows).
    static func block(_ count: Int, _ index: Int, of parts: Int, multiple: Int) -> Range<Int> {
        func bound(_ k: Int) -> Int { k >= parts ? count : Swift.min((count * k / parts + multiple - 1) / multiple * multiple, count) }
        return bound(index)..<Swift.max(bound(index), bound(index + 1))
    }
}
