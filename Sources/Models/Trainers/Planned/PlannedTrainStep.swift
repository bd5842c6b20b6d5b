import Tensors
import Training

/// The training step `fit` uses unless the model runs eagerly: a ``TrainingPlan`` made on the first batch for
/// models it covers (Sequential stacks of Dense layers with the common losses and optimizers), the eager
/// autodiff step for everything else and for any batch the plan does not fit. The plan is made again when the
/// model, its loss or its optimizer change, or a batch is larger than the plan's.
public final class PlannedTrainStep: TrainStep {
    private var plan: TrainingPlan? {
        didSet { copier.workers = plan?.workers }
    }
    /// Copies the rows of `fit`'s shuffled batches on the plan's two threads (``rowCopier``).
    private let copier = PlannedRowCopier()
    private let eager = EagerTrainStep()
    /// The model, optimizer and loss no plan could be made for (not tried again until one of them changes).
    private var unplannable: [ObjectIdentifier]?
    /// Why the last batch ran eagerly, if it did (nil when it ran on the plan).
    public private(set) var lastObstacle: PlanObstacle?
    /// The threads a plan splits its products over: 1 or 2, or nil to follow ``BLAS/threads`` (two threads of
    /// the step's own, each calling BLAS on one thread, when BLAS may use two or more).
    public var threads: Int? {
        didSet { plan = nil }
    }
    /// Whether a plan on two threads times its steps and runs them on one thread while that has lately been faster
    /// (``ThreadChoice``; true), or always on two (false).
    public var choosesThreads = true {
        didSet { plan?.choosesThreads = choosesThreads }
    }
    /// Whether a first layer whose batch is mostly zeros (``SparseInput/minimumZeroFraction``) uses the kernels
    /// that skip them, on a processor with AVX-512 or AVX2 (true; false for BLAS's dense products on every batch).
    public var sparseInputs = true {
        didSet { plan = nil }
    }
    /// The instruction set of those kernels: ``SparseInput/preferred`` unless set (`.avx2` runs the AVX2 versions on
    /// an AVX-512 processor, to test or time them; one the processor lacks, or nil, leaves the products to BLAS).
    public var sparseInstructionSet = SparseInput.preferred {
        didSet { plan = nil }
    }
    /// Whether the last batch's first layer ran on ``SparseInput``'s kernels (on the plan, its inputs mostly zeros).
    public var lastStepSkippedZeros: Bool { lastObstacle == nil && plan?.sparseFirstLayer == true }
    /// The thread count `fit` decided on before it put OpenBLAS on one thread for its epochs.
    var fitThreads: Int?
    /// How many split regions ran (a pass of a step, or a batch's copy, in two parts), and how many of the second
    /// parts the second thread took (the rest ran on the first thread: when the second was slow to start, its core
    /// being busy, or while ``threadChoice`` prefers one thread or probes it).
    public var splitProducts: (regions: Int, onSecondThread: Int) { plan?.workers.map { ($0.regions, $0.workerParts) } ?? (0, 0) }
    /// With two threads: whether the plan now runs its steps on both (rather than one, found faster on this machine
    /// lately), and how many times it changed its mind (``ThreadChoice``).
    public var threadChoice: (twoThreads: Bool, changes: Int)? {
        guard let plan, plan.workers != nil else { return nil }
        return (plan.threadChoice.prefersTwo, plan.threadChoice.changes)
    }

    public init() {}

    /// What `fit` gives its batches' rows to: half of them are copied on the plan's second thread, when it has one.
    public var rowCopier: RowCopier { copier }

    public func train(_ model: Model, on batch: Batch, optimizer: Optimizer) throws -> StepResult {
        do {
            let plan = try currentPlan(for: model, optimizer: optimizer, batch: batch)
            if let obstacle = plan.obstacle(to: batch) { throw obstacle }
            lastObstacle = nil
            model.lastStepWasPlanned = true
            return try plan.step(batch, optimizer: optimizer)
        } catch let obstacle as PlanObstacle {
            lastObstacle = obstacle
            model.lastStepWasPlanned = false
            return try eager.train(model, on: batch, optimizer: optimizer)
        }
    }

    /// The plan for this model, optimizer and batch size, made anew when the old one no longer fits.
    private func currentPlan(for model: Model, optimizer: Optimizer, batch: Batch) throws -> TrainingPlan {
        let rows = batch.inputs.isEmpty || batch.inputs[0].rank == 0 ? 0 : batch.inputs[0].shape[0]
        let threads = self.threads ?? fitThreads ?? BLAS.threads
        if let plan, plan.capacity >= rows, plan.isCurrent(for: model, optimizer: optimizer), (plan.workers != nil) == (threads >= 2) { return plan }
        plan = nil
        let key = [ObjectIdentifier(model), ObjectIdentifier(optimizer)] + model.losses.map { ObjectIdentifier($0) }
        if key == unplannable, let lastObstacle { throw lastObstacle }
        do {
            let made = try TrainingPlan(
                model: model, optimizer: optimizer, capacity: rows, threads: threads, sparseInputs: sparseInputs ? sparseInstructionSet : nil)
            made.choosesThreads = choosesThreads
            plan = made
            unplannable = nil
            return made
        } catch {
            unplannable = key
            throw error
        }
    }

    /// Why `model` would not train on a plan with its compiled optimizer (nil when it would), for a batch of
    /// `batchSize` rows.
    public static func obstacle(for model: Model, batchSize: Int = 32) -> PlanObstacle? {
        guard let optimizer = model.optimizer else { return PlanObstacle("a model that is not compiled") }
        do {
            _ = try TrainingPlan(model: model, optimizer: optimizer, capacity: batchSize, threads: 1)
            return nil
        } catch let obstacle as PlanObstacle {
            return obstacle
        } catch {
            return PlanObstacle("\(error)")
        }
    }
}
