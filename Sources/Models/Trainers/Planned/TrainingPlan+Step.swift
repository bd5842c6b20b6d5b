import Tensors
import Training

extension TrainingPlan {
    /// One training step on `batch` (``obstacle(to:)`` must have found nothing): forward, loss, backward and
    /// the optimizer's update, on the plan's buffers.
    func step(_ batch: Batch, optimizer: Optimizer) throws -> StepResult {
        let x = batch.inputs[0], y = batch.targets[0]
        let rows = x.shape[0]
        guard let last = layers.last else { throw PlanObstacle("a model without Dense layers") }
        let rate = update == .foldedSGD ? try optimizer.beginPlannedUpdate() : 0
        var total: Float = 0
        try withWeights {
            x.scalars.withUnsafeBufferPointer { inputs in
                y.scalars.withUnsafeBufferPointer { targets in
                    guard let input = inputs.baseAddress, let target = targets.baseAddress else { return }
                    forward(input, rows: rows)
                    total = loss.evaluate(
                        outputs: last.outputs.pointer, targets: target, rows: rows, classes: last.units, delta: last.delta.pointer,
                        losses: sampleLosses.pointer, activation: last.activation)
                    backward(input, rows: rows, rate: rate)
                }
            }
        }
        if update == .foldedSGD {
            optimizer.countPlannedUpdate()
        } else {
            try optimizer.applyPlanned(trainable, gradients: gradients)
            for layer in layers { layer.kernelGradient?.buffer.update(repeating: 0) }
        }
        let predictions = try Tensor(Array(UnsafeBufferPointer(start: last.outputs.pointer, count: rows * last.units)), shape: [rows, last.units])
        return StepResult(total: total * loss.weight, outputLosses: [total], predictions: [predictions])
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

    /// Each layer's outputs: the bias in every row, the product added to it, the activation in place.
    func forward(_ input: UnsafePointer<Float>, rows: Int) {
        var x = input
        for layer in layers {
            guard let kernel = layer.kernelScalars else { return }
            let outputs = layer.outputs.pointer, units = layer.units
            if let bias = layer.biasScalars {
                for r in 0..<rows { (outputs + r * units).update(from: bias, count: units) }
            }
            BLAS.multiply(
                m: rows, n: units, k: layer.inputs, a: x, lda: layer.inputs, b: kernel, ldb: units, beta: layer.biasScalars == nil ? 0 : 1,
                c: outputs, ldc: units, scratch: scratch.pointer)
            layer.activation.apply(outputs, count: rows * units)
            x = UnsafePointer(outputs)
        }
    }

    /// From the last layer's `delta` back: each layer passes the gradient to the layer before (before its own
    /// kernel changes), then its weights' gradients are computed, or with plain SGD added into the weights.
    func backward(_ input: UnsafePointer<Float>, rows: Int, rate: Float) {
        for index in layers.indices.reversed() {
            let layer = layers[index]
            guard let kernel = layer.kernelScalars else { return }
            let delta = UnsafePointer(layer.delta.pointer), units = layer.units
            let x = index == 0 ? input : UnsafePointer(layers[index - 1].outputs.pointer)
            if index > 0 {
                let previous = layers[index - 1]
                BLAS.multiply(
                    transposeB: true, m: rows, n: layer.inputs, k: units, a: delta, lda: units, b: kernel, ldb: units, beta: 0,
                    c: previous.delta.pointer, ldc: layer.inputs, scratch: scratch.pointer)
                previous.activation.backward(previous.delta.pointer, outputs: previous.outputs.pointer, count: rows * layer.inputs)
            }
            // Plain SGD adds −η·xᵀ·delta to the kernel; otherwise xᵀ·delta goes to the (zeroed) gradient buffer.
            let target = update == .foldedSGD ? kernel : layer.kernelGradient?.pointer
            if layer.trainsKernel, let target {
                BLAS.multiply(
                    transposeA: true, m: layer.inputs, n: units, k: rows, alpha: update == .foldedSGD ? -rate : 1, a: x, lda: layer.inputs,
                    b: delta, ldb: units, beta: 1, c: target, ldc: units, scratch: scratch.pointer)
            }
            if layer.trainsBias, let bias = layer.biasScalars, let wide = doubles.baseAddress {
                // Column sums in double precision, as Tensor.sum(alongAxes:) makes them.
                let sums = layer.biasGradient.pointer
                wide.update(repeating: 0, count: units)
                Vectorized.addColumns(delta, rowCount: rows, columns: units, into: wide)
                for j in 0..<units { sums[j] = Float(wide[j]) }
                if update == .foldedSGD {
                    for j in 0..<units { bias[j] -= sums[j] * rate }
                }
            }
        }
    }
}
