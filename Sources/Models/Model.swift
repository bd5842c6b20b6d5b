import Layers
import Serialization
import Synchronization
import Tensors
import Training

/// A network that can be compiled, trained, evaluated, used for prediction and saved, as Keras's `Model`.
///
/// `Model` itself is the Subclassing API: subclass it, create the layers in `init`, and override
/// ``call(_:training:)-(Tensor,Bool)`` (or ``call(_:training:)-([Tensor],Bool)`` for several inputs or
/// outputs). ``Functional`` (a graph of layer calls) and ``Sequential`` (a stack of layers) are its two
/// other roles, each a class of its own. A model is a layer, so models nest.
open class Model: Layer {
    /// The seed of everything random in this model: initial weights, dropout masks, shuffling.
    public let seed: UInt64
    var generator: RandomGenerator
    /// Set by a callback to end `fit` after the current epoch.
    public var stopTraining = false
    /// Why the last `fit` ended before its last epoch (set with ``stopTraining(because:)``); nil when it
    /// ran every epoch or nobody said why.
    public internal(set) var stopReason: String?
    /// The epoch (0-based) whose weights a callback put back at the end of the last `fit`, if any
    /// (``EarlyStopping`` with `restoreBestWeights`).
    public internal(set) var restoredEpoch: Int?
    /// The epoch a restored backup resumes at, set by ``BackupAndRestore`` as training begins.
    var resumeEpoch: Int?
    /// The callbacks of the `fit` in progress, in the order they are told of events.
    var activeCallbacks: [Callback] = []
    /// The keys the epoch's logs will have (`loss`, metrics, `val_` ones), known before the first epoch.
    public internal(set) var expectedLogKeys: [String] = []
    /// One loss per output.
    public internal(set) var losses: [Loss] = []
    /// How much each output's loss counts in the total (1 each by default).
    public internal(set) var lossWeights: [Float] = []
    public internal(set) var optimizer: Optimizer?
    /// The metrics of each output.
    public internal(set) var outputMetrics: [[MetricKind]] = []
    /// The loss of a single-output model.
    public var loss: Loss? { losses.first }
    /// The metric kinds of every output (for inspection and saving).
    public var metricsList: [[MetricKind]] { outputMetrics }
    /// The History of the last `fit`.
    public internal(set) var history: History?
    /// What the model was trained on (column and class names), saved with it; see ``DataDescription``.
    public var dataDescription: DataDescription?
    /// How `fit` computes one step: eager autodiff by default (Keras's `train_step`); a planned or a
    /// data-parallel step plugs in here without touching the training loop.
    public var trainStep: any TrainStep = EagerTrainStep()
    /// Keras's `run_eagerly`: train every step by eager autodiff, even where a planned step would run (for
    /// debugging, or to compare). By default `fit` plans the step of the models it can (see ``PlannedTrainStep``).
    public var runEagerly = false
    /// The planned step `fit` uses while ``trainStep`` is the default and the model does not run eagerly.
    public private(set) lazy var plannedStep = PlannedTrainStep()
    /// Whether the last training step ran on a ``TrainingPlan`` (planned, or data-parallel on a plan's
    /// gradients) rather than by eager autodiff.
    public internal(set) var lastStepWasPlanned = false
    /// Whether `predict` runs on an ``InferencePlan`` where one covers the model (true; false for the model's
    /// call, layer by layer, as for every model the plan does not cover).
    public var plansPredictions = true {
        didSet { inferencePlan = nil }
    }
    /// The prediction plan, made on the first prediction and made anew when the model's layers or weights change.
    var inferencePlan: InferencePlan?
    /// Whether a prediction is using ``inferencePlan`` (its buffers serve one prediction at a time).
    let inferencePlanBusy = Atomic<Bool>(false)
    /// The threads a prediction plan uses (1 or 2), or nil to follow ``BLAS/threads`` (2 when BLAS may use two or more).
    var predictionThreads: Int?

    /// What a subclass declared and what tracing its first call found (unused by ``Functional``).
    var subclass: SubclassTrace

    /// A model to subclass (Keras's Subclassing API): create the layers in `init`, override
    /// `call(_:training:)` (or `call(_ inputs: [Tensor], training:)` for several inputs or outputs) and call
    /// the layers as functions there. The model finds its layers by tracing the first call; nothing is
    /// listed twice. `inputShapes` (no batch axis) lets it build before it sees data; `outputNames` names
    /// several outputs for the loss dictionary and History keys.
    public init(
        name: String? = nil, seed: UInt64 = 42, inputShape: Shape? = nil, inputShapes: [Shape]? = nil,
        outputNames: [String] = ["output"]
    ) {
        self.seed = seed
        self.generator = RandomGenerator(seed: seed)
        self.subclass = SubclassTrace(declaredInputShapes: inputShapes ?? inputShape.map { [$0] } ?? [], declaredOutputNames: outputNames)
        super.init(name: name, inputShape: inputShape ?? inputShapes?.first)
    }

    open override var kerasClassName: String { String(describing: type(of: self)) }

    /// Ends `fit` after the current batch, saying why (kept in ``stopReason`` and in the CLI's report).
    public func stopTraining(because reason: String) {
        stopTraining = true
        stopReason = reason
    }

    /// The layers, in order: for a subclass, those its call used, in the order of its stored properties.
    open var layers: [Layer] { subclass.layers }

    /// The names of the outputs, as History keys use them.
    open var outputNames: [String] { subclass.declaredOutputNames }

    /// The names of the inputs.
    open var inputNames: [String] {
        subclass.declaredInputShapes.count > 1 ? subclass.declaredInputShapes.indices.map { "input_\($0 + 1)" } : ["input"]
    }

    /// A subclassed model builds by running its call once on zeros, with a tracer that records (and
    /// builds, from the model's seed) every layer it calls.
    open override func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        try traceBuild(subclass.declaredInputShapes.count > 1 ? subclass.declaredInputShapes : [inputShape])
    }

    /// The model on one batch per input, giving one batch per output. A model with one input and
    /// one output can also be called on a single tensor.
    open func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        guard inputs.count == 1 else {
            throw ModelError.invalidData("\(name) takes one input, but \(inputs.count) were given")
        }
        return [try call(inputs[0], training: training)]
    }

    open override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        throw ModelError.invalidArchitecture("\(name): a Model subclass must override call(_:training:)")
    }

    /// Every layer's weights, each once, in layer order.
    open override var weights: [Parameter] {
        var seen: Set<ObjectIdentifier> = []
        return layers.flatMap(\.weights).filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    open override var acceptsAnyInputShape: Bool { false }

    open override func regularizationLoss() throws -> Tensor? {
        var total: Tensor?
        for layer in layers {
            if let penalty = try layer.regularizationLoss() { total = try total.map { try $0 + penalty } ?? penalty }
        }
        return total
    }

    /// Replaces every weight of every layer, in `weights` order (Keras's `set_weights`); nothing changes
    /// unless every count and shape fits.
    open override func setWeights(_ values: [Tensor]) throws {
        do { try super.setWeights(values) } catch let error as LayerError { throw ModelError.invalidArgument("\(error)") }
    }

    /// Makes the weights of every layer for samples of `inputShape`, from the model's seed.
    public func build(inputShape: Shape) throws {
        var generator = RandomGenerator(seed: seed)
        try build(inputShape: inputShape, using: &generator)
    }

    // MARK: - What each role answers in its own way (Functional and Sequential override these)

    /// Builds the model, if needed, for one batch per input, and checks the arrays' sample shapes.
    func ensureBuilt(for x: [Tensor]) throws {
        if x.count != 1 || subclass.declaredInputShapes.count > 1 {
            guard x.count == inputNames.count else {
                throw ModelError.invalidData("\(name) takes \(inputNames.count) input(s), but \(x.count) arrays were given")
            }
            if !isBuilt { try traceBuild(x.map { Shape(Array($0.shape.dimensions.dropFirst())) }) }
            return
        }
        try ensureBuilt(for: x[0])
    }

    /// The width (last axis) of each output.
    var outputWidths: [Int] { [(try? outputShape(for: builtInputShape ?? [1]))?.last ?? 1] }

    /// Keras's `config.json` object for this kind of model.
    func modelConfig() throws -> JSONValue { try subclassConfig() }

    /// Keras's summary table for this kind of model.
    func summaryTable() throws -> String { try layerSummary(rows: subclassSummaryRows()) }

    /// Whether the weights exist, so that they can be saved or loaded.
    var hasWeights: Bool { isBuilt }

    /// The layers as weight files list them, each with its group (Keras's `_walk_saveable`).
    func appendWeightEntries(under prefix: String, to entries: inout [WeightFileEntry], visited: inout Set<ObjectIdentifier>) {
        appendAttributeWeightEntries(under: prefix, to: &entries, visited: &visited)
    }

    // MARK: - Shared by the roles

    func ensureBuilt(for x: Tensor) throws {
        guard x.rank >= 1 else { throw ModelError.invalidData("\(name): inputs need a batch axis; got shape \(x.shape)") }
        let sampleShape = Shape(Array(x.shape.dimensions.dropFirst()))
        if !isBuilt { try build(inputShape: declaredInputShape ?? sampleShape) }
        if let built = builtInputShape, built != sampleShape {
            throw ModelError.invalidData("\(name) expects samples of shape \(built) but got a batch of shape \(x.shape)")
        }
    }

    /// Records the input shape, as every layer does once its weights exist.
    func markBuilt(_ inputShape: Shape) throws {
        var generator = RandomGenerator(seed: seed)
        try super.build(inputShape: inputShape, using: &generator)
    }
}
