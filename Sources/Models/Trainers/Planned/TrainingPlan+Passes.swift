import Tensors
import Training

extension TrainingPlan {
    /// A block of the batch's rows through every layer, the loss, and back to every layer's `delta`: each of
    /// these is computed row by row, so blocks of rows are independent.
    func rowsPass(_ input: UnsafePointer<Float>, targets: UnsafePointer<Float>, rows block: Range<Int>, batchRows: Int, part: Int) {
        guard !block.isEmpty else { return }
        let last = layers[layers.count - 1]
        let scratch = scratch[part].pointer
        let (first, count) = (block.lowerBound, block.count)
        var x = input + first * layers[0].inputs
        let start = firstLayerByInputs ? 1 : 0
        if firstLayerByInputs {
            // The first layer's two partial sums, added, then its activation.
            let layer = layers[0]
            let outputs = layer.outputs.pointer + first * layer.units, partial = UnsafePointer(partialOutputs.pointer + first * layer.units)
            Vectorized.add(partial, into: outputs, count: count * layer.units)
            layer.activation.apply(outputs, count: count * layer.units)
            x = UnsafePointer(outputs)
        }
        // Loops by index: a debug build boxes the elements of `enumerated()` and `reversed()` every step.
        for index in start..<layers.count {
            let layer = layers[index]
            guard let kernel = layer.kernelScalars else { return }
            let outputs = layer.outputs.pointer + first * layer.units
            if index == 0 && sparseFirstLayer, let sparseInputs {
                SparseInput.forward(
                    x, rows: count, inputs: layer.inputs, kernel: kernel, units: layer.units, bias: layer.biasScalars,
                    relu: layer.activation == .relu, into: outputs, scratch: scratch, using: sparseInputs)
                if layer.activation != .relu { layer.activation.apply(outputs, count: count * layer.units) }
            } else {
                if let bias = layer.biasScalars {
                    for r in 0..<count { (outputs + r * layer.units).update(from: bias, count: layer.units) }
                }
                BLAS.multiply(
                    m: count, n: layer.units, k: layer.inputs, a: x, lda: layer.inputs, b: kernel, ldb: layer.units,
                    beta: layer.biasScalars == nil ? 0 : 1, c: outputs, ldc: layer.units, scratch: scratch)
                layer.activation.apply(outputs, count: count * layer.units)
            }
            x = UnsafePointer(outputs)
        }
        loss.evaluate(
            outputs: last.outputs.pointer + first * last.units, targets: targets + first * loss.targetWidth(classes: last.units), rows: count,
            batchRows: batchRows, classes: last.units, delta: last.delta.pointer + first * last.units, losses: sampleLosses.pointer + first,
            activation: last.activation)
        // Each layer's delta times its kernel, transposed: the previous layer's, before any kernel changes.
        for index in stride(from: layers.count - 1, to: 0, by: -1) {
            let layer = layers[index], previous = layers[index - 1]
            guard let kernel = layer.kernelScalars else { return }
            let target = previous.delta.pointer + first * layer.inputs
            BLAS.multiply(
                transposeB: true, m: count, n: layer.inputs, k: layer.units, a: layer.delta.pointer + first * layer.units, lda: layer.units,
                b: kernel, ldb: layer.units, beta: 0, c: target, ldc: layer.inputs, scratch: scratch)
            previous.activation.backward(target, outputs: previous.outputs.pointer + first * layer.inputs, count: count * layer.inputs)
        }
    }

    /// Block `chunk` of the first layer's inputs: its partial sums of the layer's outputs for all `rows` rows, the
    /// bias in the first block's (into the layer's outputs), none in the second's (into ``partialOutputs``).
    func firstLayerPass(_ input: UnsafePointer<Float>, rows: Int, inputs block: Range<Int>, chunk: Int, part: Int) {
        let layer = layers[0]
        guard let kernel = layer.kernelScalars, let sparseInputs else { return }
        let target = chunk == 0 ? layer.outputs.pointer : partialOutputs.pointer
        let bias = chunk == 0 ? layer.biasScalars : nil
        guard !block.isEmpty else {
            for row in 0..<rows {
                if let bias {
                    (target + row * layer.units).update(from: bias, count: layer.units)
                } else {
                    (target + row * layer.units).update(repeating: 0, count: layer.units)
                }
            }
            return
        }
        SparseInput.forward(
            input + block.lowerBound, rows: rows, inputs: block.count, inputStride: layer.inputs, kernel: kernel + block.lowerBound * layer.units,
            units: layer.units, bias: bias, relu: false, into: target, scratch: scratch[part].pointer, using: sparseInputs)
    }

    /// Chunk `chunk` of `chunks` of every layer's kernel and bias gradients, computed by thread `part`: with plain
    /// SGD, `−η·xᵀ·delta` added into the kernel and `−η·Σ delta` into the bias; otherwise `xᵀ·delta` into the
    /// (zeroed) gradient buffer. A layer worth splitting is cut in blocks of kernel rows (where the nonzero inputs
    /// even out, for a sparse first layer) and of bias columns; a small one is computed whole in the last chunk.
    func weightsPass(_ input: UnsafePointer<Float>, rows: Int, rate: Float, chunk: Int, of chunks: Int, part: Int) {
        for index in 0..<layers.count {
            let layer = layers[index]
            let sparse = index == 0 && sparseFirstLayer
            let split = chunks > 1 && rows * layer.inputs * layer.units >= Self.splitWork
            // A layer too small to split goes whole in the last chunk, the lightest (the blocks round up).
            guard split || chunk == chunks - 1 else { continue }
            let kernelRows =
                !split ? 0..<layer.inputs : sparse ? inputCuts[chunk]..<inputCuts[chunk + 1] : Self.block(layer.inputs, chunk, of: chunks, multiple: 16)
            updateWeights(
                layer, input: index == 0 ? input : UnsafePointer(layers[index - 1].outputs.pointer), sparse: sparse, rows: rows, rate: rate,
                kernelRows: kernelRows, biasColumns: split ? Self.block(layer.units, chunk, of: chunks, multiple: 16) : 0..<layer.units, part: part)
        }
    }

    /// A block of rows of a layer's kernel gradient and a block of columns of its bias gradient.
    private func updateWeights(
        _ layer: PlannedDense, input x: UnsafePointer<Float>, sparse: Bool, rows: Int, rate: Float, kernelRows: Range<Int>, biasColumns: Range<Int>,
        part: Int
    ) {
        guard let kernel = layer.kernelScalars else { return }
        let units = layer.units, delta = UnsafePointer(layer.delta.pointer), scratch = scratch[part].pointer
        let folded = update == .foldedSGD
        if layer.trainsKernel, let target = folded ? kernel : layer.kernelGradient?.pointer, let first = kernelRows.first {
            if sparse, let sparseInputs {
                SparseInput.addKernelGradient(
                    x, rows: rows, inputs: layer.inputs, kernelRows: kernelRows, delta: delta, units: units, alpha: folded ? -rate : 1, into: target,
                    scratch: scratch, using: sparseInputs)
            } else {
                // Each part packs only its block of xᵀ and writes whole rows.
                BLAS.multiply(
                    transposeA: true, m: kernelRows.count, n: units, k: rows, alpha: folded ? -rate : 1, a: x + first, lda: layer.inputs,
                    b: delta, ldb: units, beta: 1, c: target + first * units, ldc: units, scratch: scratch)
            }
        }
        guard layer.trainsBias, let bias = layer.biasScalars, let first = biasColumns.first, let doubles = doubles.baseAddress else { return }
        // Column sums in double precision, as Tensor.sum(alongAxes:) makes them (each part in its own half of
        // the doubles).
        let sums = layer.biasGradient.pointer + first, wide = doubles + part * doublesPerPart + first
        wide.update(repeating: 0, count: biasColumns.count)
        Vectorized.addColumns(delta + first, rowCount: rows, columns: biasColumns.count, stride: units, into: wide)
        for j in 0..<biasColumns.count { sums[j] = Float(wide[j]) }
        if folded {
            for j in biasColumns { bias[j] -= layer.biasGradient.pointer[j] * rate }
        }
    }
}
