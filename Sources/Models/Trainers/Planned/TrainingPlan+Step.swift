import Tensors
import Training

extension TrainingPlan {
    /// One training step on `batch` (``obstacle(to:)`` must have found nothing): forward, loss, backward and
    /// the optimizer's update, on the plan's buffers (split over two threads with ``workers``).
    func step(_ batch: Batch, optimizer: Optimizer) throws -> StepResult {
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
    /// Two passes, each one region of two parts (on two threads with ``workers``, one after the other
    /// without): the rows pass takes a block of the batch's rows through every layer, the loss and back to
    /// each layer's `delta` (all of it row by row); the weights pass then computes each layer's kernel and bias
    /// gradients (or plain SGD's update) by blocks of kernel rows and bias columns. Where the blocks are cut
    /// depends on the batch alone, never on the thread count, so one thread and two give the same weights.
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
                    sparseFirstLayer = sparseInputs && countNonzeros(input, rows: rows)
                    func run() {
                        let cut = sparseFirstLayer ? rowCut : Swift.min((rows / 2 + 3) / 4 * 4, rows)
                        parallel(.rows(input: input, targets: target, rows: rows, cut: cut), work: rows * weightCount)
                        parallel(.weights(input: input, rows: rows, rate: rate), work: rows * weightCount)
                    }
                    // With a thread of its own, each part calls BLAS on one thread.
                    if workers == nil { run() } else { BLAS.singleThreaded { run() } }
                }
            }
        }
        return try result(total: PlannedLoss.mean(sampleLosses.pointer, rows: rows), rows: rows, outputs: last)
    }

    /// Whether the first layer's `rows` inputs are mostly zeros; if so, where the halves of its work are cut.
    private func countNonzeros(_ input: UnsafePointer<Float>, rows: Int) -> Bool {
        guard let rowCounts = rowCounts.baseAddress, let inputCounts = inputCounts.baseAddress else { return false }
        let inputs = layers[0].inputs
        let nonzero = SparseInput.countNonzeros(input, rows: rows, inputs: inputs, rowCounts: rowCounts, inputCounts: inputCounts)
        guard SparseInput.isSparse(nonzero: nonzero, of: rows * inputs) else { return false }
        // A row costs its nonzero inputs times the first layer's width, and then the other layers' forward and
        // backward products.
        rowCut = SparseInput.balancedCut(rowCounts, count: rows, multiple: 4, scale: layers[0].units, offset: 2 * (weightCount - inputs * layers[0].units))
        inputCut = SparseInput.balancedCut(inputCounts, count: inputs, multiple: 16)
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

    /// Runs `region` once (`parts` 1) when small, or as two parts when worth splitting (`work` multiply-adds): on
    /// the two threads with a worker, one after the other without. The split depends on the work alone, never
    /// on the thread count: OpenBLAS rounds a product computed in two blocks differently from the whole, so one
    /// and two threads compute the same blocks and give the same weights, bit for bit.
    func parallel(_ region: Region, work: Int) {
        self.region = region
        defer { self.region = .none }
        guard work >= Self.splitWork else { return run(part: 0, parts: 1) }
        guard let workers else {
            run(part: 0, parts: 2)
            return run(part: 1, parts: 2)
        }
        workers.run(self)
    }

    /// Part `part` of `parts` of the current ``region``.
    func run(part: Int, parts: Int) {
        switch region {
        case .none: break
        case let .rows(input, targets, rows, cut):
            rowsPass(input, targets: targets, rows: parts == 1 ? 0..<rows : part == 0 ? 0..<cut : cut..<rows, batchRows: rows, part: part)
        case let .weights(input, rows, rate): weightsPass(input, rows: rows, rate: rate, part: part, parts: parts)
        }
    }

    /// The worker's part of a region split in two (``WorkerPair``).
    func runPart(_ part: Int) { run(part: part, parts: 2) }

    /// The multiply-adds from which a product is worth two parts.
    static let splitWork = 100_000

    /// Part `part` of `parts` of `count` columns: halves split at a multiple of 16 (whole vector tiles).
    static func columns(_ count: Int, part: Int, parts: Int) -> Range<Int> {
        guard parts == 2 else { return 0..<count }
        let half = Swift.min((count / 2 + 15) / 16 * 16, count)
        return part == 0 ? 0..<half : half..<count
    }
}
