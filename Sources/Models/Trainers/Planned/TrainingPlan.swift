import Layers
import Synchronization
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
final class TrainingPlan: PairTask {
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
    /// Whether each step runs on ``workers`` or on this thread alone, by which has been faster lately.
    var threadChoice = ThreadChoice()
    /// Whether it chooses at all (else every step runs on both threads).
    var choosesThreads = true
    /// Each sample's loss.
    let sampleLosses: PlannedBuffer
    /// The instruction set of ``SparseInput``'s kernels the first layer may use (nil when not asked for, when the
    /// processor lacks it, or when they would not beat BLAS at this batch size and width).
    let sparseInputs: SparseInput.InstructionSet?
    /// Whether this step's first layer runs on them: its batch is mostly zeros.
    var sparseFirstLayer = false
    /// Whether this step computes the first layer's outputs in a region of their own, by the blocks of its inputs
    /// that its kernel gradient is cut in (``inputCuts``): two partial sums, added in the rows pass. Each thread then
    /// reads and writes only its own rows of the first kernel, which stay in its core's cache; cut by rows of the
    /// batch, each thread read the whole kernel, half of it just written by the other core, every step. For a sparse
    /// first layer followed by others, when the step is split.
    var firstLayerByInputs = false
    /// The second block's partial sums of the first layer's outputs (the first block's go to its outputs).
    let partialOutputs: PlannedBuffer
    /// The nonzero inputs of each row of the batch and of each input over the batch.
    let rowCounts: UnsafeMutableBufferPointer<Int32>
    let inputCounts: UnsafeMutableBufferPointer<Int32>
    /// The bounds of the ``chunks`` blocks of the batch's rows (for the rows pass) and of the first kernel's rows
    /// (for its gradient when it skips zeros), cut where the work is even.
    let rowCuts: UnsafeMutableBufferPointer<Int>
    let inputCuts: UnsafeMutableBufferPointer<Int>
    /// A large pass runs as this many chunks, which the two threads take as they come (a thread slowed by
    /// another process takes fewer); the chunks do not depend on the thread count. Measured on the Zen 4
    /// machine for workload A: 2 chunks 0.551–0.554 s on one thread and 0.352–0.373 s on two; 4 chunks (8-row
    /// blocks) 0.60 s on one thread and no faster on two.
    static let chunks = 2
    /// The next chunk of the running region to take, and how many it has.
    let nextChunk = Atomic<Int>(0)
    var chunkCount = 1
    /// Double-precision sums of a layer's bias gradient, ``doublesPerPart`` for each part of a region.
    let doubles: UnsafeMutableBufferPointer<Double>
    let doublesPerPart: Int
    /// The weights of the Dense layers' kernels: a row's multiply-adds in each pass.
    let weightCount: Int
    /// The last step's result, written again by the next step when nobody kept it (``result(total:rows:outputs:)``).
    var lastResult = StepResult(total: 0, outputLosses: [], predictions: [])
    /// A pass of the step, with what it reads: the region ``parallel(_:work:)`` runs in parts (a value of
    /// pointers and counts, not a closure, so that handing it to the worker allocates nothing).
    enum Region {
        case none
        /// Blocks of the first layer's inputs (``inputCuts``): each block's partial sums of its outputs for all rows
        /// (``firstLayerByInputs``).
        case firstLayer(input: UnsafePointer<Float>, rows: Int)
        /// Blocks of the batch's rows (``rowCuts``) through the layers (from the second, its partial sums added,
        /// with ``firstLayerByInputs``), the loss and back to each `delta`.
        case rows(input: UnsafePointer<Float>, targets: UnsafePointer<Float>, rows: Int)
        /// The weights' gradients (or plain SGD's update at `rate`).
        case weights(input: UnsafePointer<Float>, rows: Int, rate: Float)
    }
    /// The region running now.
    var region = Region.none
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
        partialOutputs = PlannedBuffer(count: self.sparseInputs == nil || dense.count < 2 ? 0 : capacity * dense[0].units)
        doublesPerPart = dense.map(\.units).max() ?? 1
        doubles = .allocate(capacity: 2 * doublesPerPart)
        weightCount = dense.reduce(0) { $0 + $1.inputs * $1.units }
        rowCounts = .allocate(capacity: capacity)
        inputCounts = .allocate(capacity: dense[0].inputs)
        rowCuts = .allocate(capacity: Self.chunks + 1)
        inputCuts = .allocate(capacity: Self.chunks + 1)
    }

    deinit {
        doubles.deallocate()
        rowCounts.deallocate()
        inputCounts.deallocate()
        rowCuts.deallocate()
        inputCuts.deallocate()
    }

    /// Whether the model, its loss and the optimizer are still what the plan was made for.
    func isCurrent(for model: Model, optimizer: Optimizer) -> Bool {
        optimizer === self.optimizer && model.losses.count == 1 && model.losses[0] === lossObject
            && (try? optimizer.plannedUpdate.get()).map { $0 == update || update == .buffered } == true && allLayersCurrent
            && normalization?.isCurrent != false
    }

    /// Whether every layer is still what the plan was made for (by index: checked every step, and a debug build
    /// boxes each element access of `allSatisfy`).
    private var allLayersCurrent: Bool {
        for index in 0..<layers.count where !layers[index].isCurrent { return false }
        return true
    }

    /// Why `batch` cannot run on this plan, if it cannot.
    func obstacle(to batch: Batch) -> PlanObstacle? {
        guard batch.inputs.count == 1, batch.targets.count == 1 else { return PlanObstacle("several inputs or targets") }
        guard batch.sampleWeight == nil else { return PlanObstacle("sample weights") }
        let rows = batch.inputs[0].rank == 0 ? 0 : batch.inputs[0].shape[0]
        guard rows > 0, rows <= capacity, !layers.isEmpty else { return PlanObstacle("a batch of \(rows) rows") }
        let first = layers[0], last = layers[layers.count - 1]
        guard batch.inputs[0].elementCount == rows * first.inputs else { return PlanObstacle("inputs of shape \(batch.inputs[0].shape)") }
        return loss.obstacle(targets: batch.targets[0], rows: rows, outputs: last.units)
    }
}
