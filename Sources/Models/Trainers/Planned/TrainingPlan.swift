import Layers
import Tensors
import Training

/// A training step planned once for a model of known layers (Keras's compiled `train_step`): the chain of
/// Dense layers of a ``Sequential`` model, its loss and its optimizer, with every buffer allocated when the
/// plan is made. Each step then runs forward, loss, backward and update on those buffers: bias and
/// activation in the product's output rows, no autodiff graph, no tensor per operation, and for plain SGD
/// the kernel's gradient product added straight into the kernel.
///
/// The plan covers Dense layers (linear, ReLU, sigmoid, tanh or softmax activations, no regularizers or
/// constraints) behind optional `InputLayer` and `Flatten`, one output with sparse or one-hot cross-entropy or
/// mean squared error (reduction `sum_over_batch_size`), no sample weights, and optimizers without clipping,
/// loss scaling, accumulation or moving averages. Anything else is a ``PlanObstacle``, and the eager step runs.
final class TrainingPlan {
    let layers: [PlannedDense]
    /// A Normalization layer before the first Dense layer, if the model starts with one, or a Rescaling layer.
    let normalization: PlannedNormalization?
    let rescaling: PlannedRescaling?
    let loss: PlannedLoss
    let update: PlannedUpdate
    /// The most rows a batch may have.
    let capacity: Int
    /// The trainable weights in the model's order, with their gradient buffers (buffered updates only).
    let trainable: [Parameter]
    let gradients: [UnsafeMutableBufferPointer<Float>]
    /// Room for the products OpenBLAS runs faster transposed, one per thread.
    let scratch: [PlannedBuffer]
    /// The second thread that computes half of each large product, when BLAS may use two threads.
    let workers: WorkerPair?
    /// Each sample's loss.
    let sampleLosses: PlannedBuffer
    /// The instruction set of ``SparseInput``'s kernels the first layer may use (nil when not asked for, when the
    /// processor lacks it, or when they would not beat BLAS at this batch size and width).
    let sparseInputs: SparseInput.InstructionSet?
    /// Whether this step's first layer runs on them: its batch is mostly zeros.
    var sparseFirstLayer = false
    /// The nonzero inputs of each row of the batch and of each input over the batch, and where they cut the
    /// batch's rows (for the products) and the kernel's rows (for its gradient) into halves of equal work.
    let rowCounts: UnsafeMutableBufferPointer<Int32>
    let inputCounts: UnsafeMutableBufferPointer<Int32>
    var rowCut = 0, inputCut = 0
    /// Double-precision sums of a layer's bias gradient.
    let doubles: UnsafeMutableBufferPointer<Double>
    /// What the plan was made for, checked before each step.
    private let lossObject: Loss
    private let optimizer: Optimizer

    /// `buffered` keeps every gradient in a buffer even for plain SGD (a data-parallel step adds them up over
    /// the ranks before the update).
    init(
        model: Model, optimizer: Optimizer, capacity: Int, threads: Int, buffered: Bool = false,
        sparseInputs: SparseInput.InstructionSet? = SparseInput.preferred
    ) throws {
        guard model is Sequential else { throw PlanObstacle("a model that is not Sequential") }
        guard model.losses.count == 1, let lossObject = model.losses.first else { throw PlanObstacle("a model with several outputs") }
        let update = buffered ? try optimizer.plannedUpdate.map { _ in PlannedUpdate.buffered }.get() : try optimizer.plannedUpdate.get()
        var dense: [PlannedDense] = []
        var normalization: PlannedNormalization?
        var rescaling: Rescaling?
        for layer in model.layers {
            switch layer {
            case is InputLayer: continue
            case is Flatten where dense.isEmpty: continue
            case let layer as Rescaling where dense.isEmpty && normalization == nil && rescaling == nil: rescaling = layer
            case let layer as Normalization where dense.isEmpty && normalization == nil && rescaling == nil:
                normalization = try PlannedNormalization(layer, capacity: capacity)
            case let layer as Dense: dense.append(try PlannedDense(layer, capacity: capacity, storesGradients: update == .buffered))
            default: throw PlanObstacle("layer \(layer.name) (\(layer.kerasClassName))")
            }
        }
        guard let last = dense.last else { throw PlanObstacle("a model without Dense layers") }
        for (index, layer) in dense.enumerated().dropFirst() where dense[index - 1].units != layer.inputs {
            throw PlanObstacle("layer \(layer.layer.name)'s inputs")
        }
        if dense.dropLast().contains(where: { $0.activation == .softmax }) { throw PlanObstacle("a softmax before the last layer") }
        if let normalization, normalization.features != dense[0].inputs {
            throw PlanObstacle("a Normalization layer of another width than the first Dense layer's inputs")
        }
        self.normalization = normalization
        self.rescaling = rescaling.map { PlannedRescaling($0, capacity: capacity, width: dense[0].inputs) }
        self.loss = try PlannedLoss(lossObject, lastActivation: last.activation, weight: model.lossWeights.first ?? 1)
        self.layers = dense
        self.update = update
        self.capacity = capacity
        self.lossObject = lossObject
        self.optimizer = optimizer
        let planned = dense.flatMap { [$0.trainsKernel ? $0.kernel : nil, $0.trainsBias ? $0.bias : nil].compactMap { $0 } }
        let order = model.trainableWeights.filter { weight in planned.contains { $0 === weight } }
        guard order.count == planned.count, order.count == model.trainableWeights.count else { throw PlanObstacle("weights outside the Dense layers") }
        trainable = order
        gradients = order.compactMap { weight in
            dense.lazy.compactMap { $0.kernel === weight ? $0.kernelGradient?.buffer : $0.bias === weight ? $0.biasGradient.buffer : nil }.first
        }
        guard update == .foldedSGD || gradients.count == order.count else { throw PlanObstacle("a weight without a gradient buffer") }
        // The largest product: outputs (rows × units), an input gradient (rows × inputs) or a kernel's gradient;
        // the sparse kernels' work space fits in it.
        let largest = dense.map { Swift.max($0.inputs * $0.units, capacity * Swift.max($0.inputs, $0.units)) }.max() ?? 0
        self.sparseInputs = sparseInputs.flatMap { $0.pays(rows: capacity, units: dense[0].units) ? $0 : nil }
        let sparseScratch = Swift.max(
            SparseInput.forwardScratchCount(rows: capacity, inputs: dense[0].inputs), SparseInput.gradientScratchCount(rows: capacity, inputs: dense[0].inputs))
        scratch = [PlannedBuffer(count: Swift.max(largest, sparseScratch)), PlannedBuffer(count: Swift.max(largest, sparseScratch))]
        workers = threads >= 2 ? WorkerPair() : nil
        sampleLosses = PlannedBuffer(count: capacity)
        doubles = .allocate(capacity: dense.map(\.units).max() ?? 1)
        rowCounts = .allocate(capacity: capacity)
        inputCounts = .allocate(capacity: dense[0].inputs)
    }

    deinit {
        doubles.deallocate()
        rowCounts.deallocate()
        inputCounts.deallocate()
    }

    /// Whether the model, its loss and the optimizer are still what the plan was made for.
    func isCurrent(for model: Model, optimizer: Optimizer) -> Bool {
        optimizer === self.optimizer && model.losses.first === lossObject && model.losses.count == 1
            && (try? optimizer.plannedUpdate.get()).map { $0 == update || update == .buffered } == true && layers.allSatisfy { $0.isCurrent }
            && normalization?.isCurrent != false
    }

    /// Why `batch` cannot run on this plan, if it cannot.
    func obstacle(to batch: Batch) -> PlanObstacle? {
        guard batch.inputs.count == 1, batch.targets.count == 1 else { return PlanObstacle("several inputs or targets") }
        guard batch.sampleWeight == nil else { return PlanObstacle("sample weights") }
        let rows = batch.inputs[0].shape.dimensions.first ?? 0
        guard rows > 0, rows <= capacity, let first = layers.first, let last = layers.last else { return PlanObstacle("a batch of \(rows) rows") }
        guard batch.inputs[0].elementCount == rows * first.inputs else { return PlanObstacle("inputs of shape \(batch.inputs[0].shape)") }
        return loss.obstacle(targets: batch.targets[0], rows: rows, outputs: last.units)
    }
}
