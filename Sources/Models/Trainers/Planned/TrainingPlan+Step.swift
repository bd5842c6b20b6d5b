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
    func computeGradients(_ batch: Batch, rate: Float) throws -> StepResult {
        let x = batch.inputs[0], y = batch.targets[0]
        let rows = x.shape[0]
        guard let last = layers.last else { throw PlanObstacle("a model without Dense layers") }
        var total: Float = 0
        try withWeights {
            x.scalars.withUnsafeBufferPointer { inputs in
                y.scalars.withUnsafeBufferPointer { targets in
                    guard let raw = inputs.baseAddress, let target = targets.baseAddress else { return }
                    let input = normalization?.apply(raw, rows: rows) ?? rescaling?.apply(raw, rows: rows) ?? raw
                    sparseFirstLayer = sparseInputs.map { countNonzeros(input, rows: rows, using: $0) } ?? false
                    func run() {
                        forward(input, rows: rows)
                        total = loss.evaluate(
                            outputs: last.outputs.pointer, targets: target, rows: rows, classes: last.units, delta: last.delta.pointer,
                            losses: sampleLosses.pointer, activation: last.activation)
                        backward(input, rows: rows, rate: rate)
                    }
                    // With a thread of its own, each half of a product calls BLAS on one thread.
                    if workers == nil { run() } else { BLAS.singleThreaded { run() } }
                }
            }
        }
        let predictions = try Tensor(Array(UnsafeBufferPointer(start: last.outputs.pointer, count: rows * last.units)), shape: [rows, last.units])
        return StepResult(total: total * loss.weight, outputLosses: [total], predictions: [predictions])
    }

    /// Whether the first layer's `rows` inputs are mostly zeros; if so, where the halves of its work are cut.
    private func countNonzeros(_ input: UnsafePointer<Float>, rows: Int, using instructionSet: SparseInput.InstructionSet) -> Bool {
        guard let rowCounts = rowCounts.baseAddress, let inputCounts = inputCounts.baseAddress else { return false }
        let inputs = layers[0].inputs
        let nonzero = SparseInput.countNonzeros(input, rows: rows, inputs: inputs, rowCounts: rowCounts, inputCounts: inputCounts, using: instructionSet)
        guard SparseInput.isSparse(nonzero: nonzero, of: rows * inputs) else { return false }
        rowCut = SparseInput.balancedCut(rowCounts, count: rows, multiple: 4)
        inputCut = SparseInput.balancedCut(inputCounts, count: inputs, multiple: 16)
        return true
    }

    /// The optimizer's update from ``gradients`` (which it then zeroes for the next step's products).
    func applyGradients(_ optimizer: Optimizer) throws {
        try optimizer.applyPlanned(trainable, gradients: gradients)
        for layer in layers { layer.kernelGradient?.buffer.update(repeating: 0) }
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

    /// Runs `body(part, parts)` once (`parts` 1) for a small region, or as two halves when the region is worth
    /// splitting (`work` multiply-adds): on the two threads with a worker, one after the other without. The
    /// split depends on the work alone, never on the thread count: OpenBLAS rounds a product computed in two
    /// blocks of columns differently from the whole, so one and two threads compute the same blocks and give
    /// the same weights, bit for bit (two half products cost one thread no more than the whole, measured).
    func parallel(work: Int, _ body: (Int, Int) -> Void) {
        guard work >= 100_000 else { return body(0, 1) }
        guard let workers else {
            body(0, 2)
            return body(1, 2)
        }
        workers.run { body($0, 2) }
    }

    /// Part `part` of `parts` of `count` columns: halves split at a multiple of 16 (whole vector tiles).
    static func columns(_ count: Int, part: Int, parts: Int) -> Range<Int> {
        guard parts == 2 else { return 0..<count }
        let half = Swift.min((count / 2 + 15) / 16 * 16, count)
        return part == 0 ? 0..<half : half..<count
    }

    /// Each layer's outputs: the bias in every row, the product added to it, the activation in place; each
    /// thread computes a block of columns (of rows, for a first layer on mostly zero inputs).
    func forward(_ input: UnsafePointer<Float>, rows: Int) {
        var x = input
        for (index, layer) in layers.enumerated() {
            guard let kernel = layer.kernelScalars else { return }
            let outputs = layer.outputs.pointer, units = layer.units, bias = layer.biasScalars
            if index == 0 && sparseFirstLayer, let sparseInputs {
                sparseForward(layer, input: x, rows: rows, kernel: kernel, using: sparseInputs)
                x = UnsafePointer(outputs)
                continue
            }
            parallel(work: rows * units * layer.inputs) { part, parts in
                let columns = Self.columns(units, part: part, parts: parts)
                guard let first = columns.first else { return }
                if let bias {
                    for r in 0..<rows { (outputs + r * units + first).update(from: bias + first, count: columns.count) }
                }
                BLAS.multiply(
                    m: rows, n: columns.count, k: layer.inputs, a: x, lda: layer.inputs, b: kernel + first, ldb: units, beta: bias == nil ? 0 : 1,
                    c: outputs + first, ldc: units, scratch: scratch[part].pointer)
                if columns.count == units {
                    layer.activation.apply(outputs, count: rows * units)
                } else {
                    for r in 0..<rows { layer.activation.apply(outputs + r * units + first, count: columns.count) }
                }
            }
            x = UnsafePointer(outputs)
        }
    }

    /// The first layer's outputs from mostly zero inputs, by blocks of rows: the sparse kernel adds the bias
    /// (and the ReLU) as it stores each output.
    private func sparseForward(
        _ layer: PlannedDense, input x: UnsafePointer<Float>, rows: Int, kernel: UnsafeMutablePointer<Float>, using instructionSet: SparseInput.InstructionSet
    ) {
        let units = layer.units, inputs = layer.inputs
        parallel(work: rows * units * inputs) { part, parts in
            let block = parts == 1 ? 0..<rows : part == 0 ? 0..<rowCut : rowCut..<rows
            guard !block.isEmpty else { return }
            let outputs = layer.outputs.pointer + block.lowerBound * units
            SparseInput.forward(
                x + block.lowerBound * inputs, rows: block.count, inputs: inputs, kernel: kernel, units: units, bias: layer.biasScalars,
                relu: layer.activation == .relu, into: outputs, scratch: scratch[part].pointer, using: instructionSet)
            if layer.activation != .relu { layer.activation.apply(outputs, count: block.count * units) }
        }
    }

    /// From the last layer's `delta` back: each layer passes the gradient to the layer before (before its own
    /// kernel changes), then its weights' gradients are computed, or with plain SGD added into the weights.
    func backward(_ input: UnsafePointer<Float>, rows: Int, rate: Float) {
        for index in layers.indices.reversed() {
            let layer = layers[index]
            guard let kernel = layer.kernelScalars else { return }
            let delta = UnsafePointer(layer.delta.pointer), units = layer.units, inputs = layer.inputs
            let x = index == 0 ? input : UnsafePointer(layers[index - 1].outputs.pointer)
            if index > 0 {
                let previous = layers[index - 1]
                parallel(work: rows * inputs * units) { part, parts in
                    // A block of the previous layer's columns: delta times the matching rows of the kernel, transposed.
                    let columns = Self.columns(inputs, part: part, parts: parts)
                    guard let first = columns.first else { return }
                    let target = previous.delta.pointer + first, outputs = UnsafePointer(previous.outputs.pointer + first)
                    BLAS.multiply(
                        transposeB: true, m: rows, n: columns.count, k: units, a: delta, lda: units, b: kernel + first * units, ldb: units,
                        beta: 0, c: target, ldc: inputs, scratch: scratch[part].pointer)
                    for r in 0..<rows { previous.activation.backward(target + r * inputs, outputs: outputs + r * inputs, count: columns.count) }
                }
            }
            parallel(work: rows * inputs * units) { part, parts in
                // The kernel's gradient by blocks of rows (each thread packs only its part of xᵀ, and writes whole
                // rows); the bias by blocks of columns.
                let sparse = index == 0 && sparseFirstLayer
                let kernelRows = !sparse || parts == 1 ? Self.columns(inputs, part: part, parts: parts) : part == 0 ? 0..<inputCut : inputCut..<inputs
                updateWeights(
                    layer, input: x, sparse: sparse, rows: rows, rate: rate, kernelRows: kernelRows,
                    biasColumns: Self.columns(units, part: part, parts: parts), scratch: scratch[part].pointer)
            }
        }
    }

    /// A block of rows of a layer's kernel gradient and a block of columns of its bias gradient: with plain SGD,
    /// `−η·xᵀ·delta` added into the kernel and `−η·Σ delta` into the bias; otherwise `xᵀ·delta` into the (zeroed)
    /// gradient buffer.
    private func updateWeights(
        _ layer: PlannedDense, input x: UnsafePointer<Float>, sparse: Bool, rows: Int, rate: Float, kernelRows: Range<Int>, biasColumns: Range<Int>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        guard let kernel = layer.kernelScalars else { return }
        let units = layer.units, delta = UnsafePointer(layer.delta.pointer)
        let folded = update == .foldedSGD
        if layer.trainsKernel, let target = folded ? kernel : layer.kernelGradient?.pointer, let first = kernelRows.first {
            if sparse, let sparseInputs {
                SparseInput.addKernelGradient(
                    x, rows: rows, inputs: layer.inputs, kernelRows: kernelRows, delta: delta, units: units, alpha: folded ? -rate : 1, into: target,
                    scratch: scratch, using: sparseInputs)
            } else {
                BLAS.multiply(
                    transposeA: true, m: kernelRows.count, n: units, k: rows, alpha: folded ? -rate : 1, a: x + first, lda: layer.inputs,
                    b: delta, ldb: units, beta: 1, c: target + first * units, ldc: units, scratch: scratch)
            }
        }
        guard layer.trainsBias, let bias = layer.biasScalars, let first = biasColumns.first, let wide = doubles.baseAddress.map({ $0 + first })
        else { return }
        // Column sums in double precision, as Tensor.sum(alongAxes:) makes them.
        let sums = layer.biasGradient.pointer + first
        wide.update(repeating: 0, count: biasColumns.count)
        Vectorized.addColumns(delta + first, rowCount: rows, columns: biasColumns.count, stride: units, into: wide)
        for j in 0..<biasColumns.count { sums[j] = Float(wide[j]) }
        if folded {
            for j in biasColumns { bias[j] -= layer.biasGradient.pointer[j] * rate }
        }
    }
}
