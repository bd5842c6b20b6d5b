import Dispatch
import Layers
import Synchronization
import Tensors
import Training

/// The prediction twin of ``TrainingPlan``: `predict` for a ``Sequential`` stack of Dense layers (float32 or
/// int8-quantized; linear, ReLU or softmax) behind optional `InputLayer`, `Flatten` and a `Rescaling` or
/// `Normalization` layer, with every buffer allocated when the plan is made. A prediction then takes blocks of
/// rows through every layer, each layer's product (bias and ReLU fused, as ``Dense`` computes them at inference)
/// into a buffer of the block's thread, the last one into the returned array, whose softmax is taken in place:
/// no tensor per layer, and on two threads one wait per prediction, each thread taking the next block as it
/// comes, its activations staying in its core's cache.
///
/// The blocks lie inside the prediction's batches and never leave one row of a batch of several alone, so each
/// row goes through the same kernels as in the batch `Dense` would see: the outputs are those of the model's
/// call, bit for bit, on one thread or two. Anything else is a ``PlanObstacle``, and `predict` calls the model.
final class InferencePlan: @unchecked Sendable {
    let layers: [InferenceDense]
    /// The model's layers when the plan was made: any change makes it anew.
    private let modelLayers: [Layer]
    /// Whether a Flatten layer comes before the first Dense layer (inputs of any rank), or inputs must be rows.
    let flattens: Bool
    /// Each thread's buffers.
    private let threads: [InferenceBuffers]

    init(model: Model) throws {
        guard model is Sequential else { throw PlanObstacle("a model that is not Sequential") }
        var dense: [InferenceDense] = []
        var flattens = false
        var rescaling: Rescaling?
        var normalization: Normalization?
        for layer in model.layers {
            switch layer {
            case is InputLayer: continue
            case is Flatten where dense.isEmpty: flattens = true
            case let layer as Rescaling where dense.isEmpty && normalization == nil && rescaling == nil: rescaling = layer
            case let layer as Normalization where dense.isEmpty && normalization == nil && rescaling == nil && !flattens: normalization = layer
            case let layer as Dense: dense.append(try InferenceDense(layer))
            default: throw PlanObstacle("layer \(layer.name) (\(layer.kerasClassName))")
            }
        }
        guard let first = dense.first else { throw PlanObstacle("a model without Dense layers") }
        for (index, layer) in dense.enumerated().dropFirst() where dense[index - 1].units != layer.inputs {
            throw PlanObstacle("layer \(layer.layer.name)'s inputs")
        }
        if dense.dropLast().contains(where: { $0.activation == .softmax }) { throw PlanObstacle("a softmax before the last layer") }
        layers = dense
        modelLayers = model.layers
        self.flattens = flattens
        threads = try (0..<2).map { _ in
            try InferenceBuffers(layers: dense, rows: DenseRows.blockRows + 1, rescaling: rescaling, normalization: normalization, inputs: first.inputs)
        }
    }

    /// Whether the model still has the layers and weights the plan was made for.
    func isCurrent(for model: Model) -> Bool {
        let current = model.layers
        return current.count == modelLayers.count && zip(current, modelLayers).allSatisfy { $0 === $1 } && layers.allSatisfy(\.isCurrent)
            && threads[0].normalization?.isCurrent != false
    }

    /// The outputs for `x` in batches of `batchSize` rows, on `threadCount` threads (1 or 2), or nil when `x` is
    /// not rows of the first layer's inputs (nor, behind a Flatten, samples of that many values).
    func predict(_ x: Tensor, batchSize: Int, threadCount: Int) throws -> Tensor? {
        guard let first = layers.first, let last = layers.last, let rows = x.shape.first, rows > 0, batchSize > 0 else { return nil }
        guard x.rank == 2 || (flattens && x.rank > 2), x.elementCount == rows * first.inputs else { return nil }
        let blocks = rows >= 2 ? Self.blocks(rows: rows, batchSize: batchSize) : []
        let width = last.units
        let output = [Float](unsafeUninitializedCapacity: rows * width) { buffer, count in
            count = rows * width
            guard let y = buffer.baseAddress else { return }
            x.scalars.withUnsafeBufferPointer { xp in
                guard let input = xp.baseAddress else { return }
                withWeights { weights in
                    guard rows >= 2 else { return run(0..<rows, input: input, output: y, weights: weights, on: threads[0]) }
                    // Each block on one BLAS thread, as Dense computes it (so the same rows, bit for bit).
                    guard threadCount >= 2 && blocks.count >= 2 else {
                        return BLAS.singleThreaded { for block in blocks { run(block, input: input, output: y, weights: weights, on: threads[0]) } }
                    }
                    // Each thread takes the next block as it comes (a busy core takes fewer), calling BLAS on one thread.
                    let next = Atomic<Int>(0)
                    let ends = Ends(input: input, output: y, weights: weights)
                    BLAS.singleThreaded {
                        DispatchQueue.concurrentPerform(iterations: 2) { thread in
                            while true {
                                let index = next.add(1, ordering: .relaxed).oldValue
                                guard index < blocks.count else { break }
                                run(blocks[index], input: ends.input, output: ends.output, weights: ends.weights, on: threads[thread])
                            }
                        }
                    }
                }
            }
        }
        return try Tensor(output, shape: [rows, width])
    }

    /// One block of rows through every layer: the inputs rescaled or normalized into the thread's buffer if the
    /// model starts so, each layer into the thread's buffers in turn, the last into `output`.
    private func run(
        _ block: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, weights: UnsafePointer<InferenceWeights>,
        on buffers: InferenceBuffers
    ) {
        let rows = block.count
        var x = input + block.lowerBound * layers[0].inputs
        if let rescaling = buffers.rescaling { x = rescaling.apply(x, rows: rows) }
        if let normalization = buffers.normalization { x = normalization.apply(x, rows: rows) }
        for (index, layer) in layers.enumerated() {
            let y = index == layers.count - 1 ? output + block.lowerBound * layer.units : buffers.activations[index % 2].pointer
            layer.run(x, rows: rows, weights: weights[index], into: y, scratch: buffers.scratch, floats: buffers.floats.pointer)
            x = UnsafePointer(y)
        }
    }

    /// The blocks of `rows` rows predicted in batches of `batchSize`: each batch in the blocks its Dense layers
    /// would compute it in (``DenseRows/blocks(rows:)``).
    static func blocks(rows: Int, batchSize: Int) -> [Range<Int>] {
        stride(from: 0, to: rows, by: batchSize).flatMap { start in
            DenseRows.blocks(rows: Swift.min(batchSize, rows - start)).map { $0.lowerBound + start..<$0.upperBound + start }
        }
    }

    /// Runs `body` with every layer's weights at hand, in a buffer on the stack: the float32 kernel, or the int8
    /// layer's scales (its packed kernel refreshed if the values changed), and the bias.
    private func withWeights(_ body: (UnsafePointer<InferenceWeights>) -> Void) {
        withUnsafeTemporaryAllocation(of: InferenceWeights.self, capacity: layers.count) { buffer in
            guard let weights = buffer.baseAddress else { return }
            weights.initialize(repeating: InferenceWeights(), count: layers.count)
            bind(from: 0, weights) { body(UnsafePointer(weights)) }
        }
    }

    /// Points `weights[index...]` at the layers' scalars (nested, one layer at a time), then runs `body`.
    private func bind(from index: Int, _ weights: UnsafeMutablePointer<InferenceWeights>, _ body: () -> Void) {
        guard index < layers.count else { return body() }
        let layer = layers[index]
        func withBias() {
            guard let bias = layer.bias else { return bind(from: index + 1, weights, body) }
            bias.value.scalars.withUnsafeBufferPointer { bias in
                weights[index].bias = bias.baseAddress
                bind(from: index + 1, weights, body)
            }
        }
        if let scale = layer.kernelScale {
            layer.refreshMatrix()
            scale.value.scalars.withUnsafeBufferPointer { scale in
                weights[index].scale = scale.baseAddress
                withBias()
            }
        } else {
            layer.kernel.value.scalars.withUnsafeBufferPointer { kernel in
                weights[index].kernel = kernel.baseAddress
                withBias()
            }
        }
    }
}

/// The inputs and outputs of a prediction, for both threads: each block reads and writes only its own rows.
private struct Ends: @unchecked Sendable {
    let input: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
    let weights: UnsafePointer<InferenceWeights>
}

/// The buffers of one thread of an ``InferencePlan``, for blocks of up to `rows` rows: two for the layers'
/// outputs in turn, the work space of the products, and the rescaled or normalized inputs.
final class InferenceBuffers {
    let activations: [PlannedBuffer]
    let floats: PlannedBuffer
    let scratch: UnsafeMutableRawPointer
    let rescaling: PlannedRescaling?
    let normalization: PlannedNormalization?

    init(layers: [InferenceDense], rows: Int, rescaling: Rescaling?, normalization: Normalization?, inputs: Int) throws {
        let normalization = try normalization.map { try PlannedNormalization($0, capacity: rows) }
        if let normalization, normalization.features != inputs {
            throw PlanObstacle("a Normalization layer of another width than the first Dense layer's inputs")
        }
        self.normalization = normalization
        self.rescaling = rescaling.map { PlannedRescaling($0, capacity: rows, width: inputs) }
        let widest = layers.dropLast().map(\.units).max() ?? 0
        activations = [PlannedBuffer(count: rows * widest), PlannedBuffer(count: rows * widest)]
        floats = PlannedBuffer(count: rows * (layers.map(\.units).max() ?? 0))
        scratch = .allocate(byteCount: layers.map { DenseRows.scratchBytes(rows: rows, inputs: $0.inputs) }.max() ?? 8, alignment: 64)
    }

    deinit { scratch.deallocate() }
}
