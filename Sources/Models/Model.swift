import Layers
import Tensors
import Training

/// A network that can be compiled, trained, evaluated and used for prediction, as Keras's `Model`.
///
/// A model is a layer, so models nest. Subclasses define ``layers`` and ``call(_:training:)``.
open class Model: Layer {
    /// The seed of everything random in this model: initial weights, dropout masks, shuffling.
    public let seed: UInt64
    var generator: RandomGenerator
    /// Set by a callback to end `fit` after the current epoch.
    public var stopTraining = false
    /// One loss per output.
    public private(set) var losses: [Loss] = []
    /// How much each output's loss counts in the total (1 each by default).
    public private(set) var lossWeights: [Float] = []
    public private(set) var optimizer: Optimizer?
    /// The metrics of each output.
    public private(set) var outputMetrics: [[MetricKind]] = []
    /// The loss of a single-output model.
    public var loss: Loss? { losses.first }
    /// The metric kinds of every output (for inspection and saving).
    public var metricsList: [[MetricKind]] { outputMetrics }
    /// The History of the last `fit`.
    public internal(set) var history: History?

    /// The graph of layer calls: given for `Model(inputs:outputs:)`, made at build time by `Sequential`.
    var graph: FunctionalGraph?
    /// A subclassed model's layers, found by tracing its first call, and their output shapes.
    var tracedLayers: [Layer] = []
    var tracedShapes: [ObjectIdentifier: Shape] = [:]
    /// The input shapes a subclassed model was traced with (no batch axis).
    var tracedInputShapes: [Shape] = []
    /// A subclassed model's declared inputs and outputs.
    let declaredInputShapes: [Shape]
    let declaredOutputNames: [String]

    /// A model to subclass (Keras's Subclassing API): create the layers in `init`, override
    /// `call(_:training:)` (or `call(_ inputs: [Tensor], training:)` for several inputs or outputs) and call
    /// the layers as functions there. The model finds its layers by tracing the first call; nothing is
    /// listed twice. `inputShapes` (no batch axis) lets it build before it sees data; `outputNames` names
    /// several outputs for the loss dictionary and History keys.
    public init(name: String? = nil, seed: UInt64 = 42, inputShape: Shape? = nil, inputShapes: [Shape]? = nil,
                outputNames: [String] = ["output"]) {
        self.seed = seed
        self.generator = RandomGenerator(seed: seed)
        self.graph = nil
        self.declaredInputShapes = inputShapes ?? inputShape.map { [$0] } ?? []
        self.declaredOutputNames = outputNames
        super.init(name: name, inputShape: inputShape ?? inputShapes?.first)
    }

    /// A functional model: the layers called between `inputs` and `outputs` (Keras's
    /// `keras.Model(inputs=…, outputs=…)`). Layers without weights get them now, from `seed`.
    public init(inputs: [SymbolicTensor], outputs: [SymbolicTensor], name: String = "functional", seed: UInt64 = 42) throws {
        self.seed = seed
        self.generator = RandomGenerator(seed: seed)
        let graph = try FunctionalGraph(inputs: inputs, outputs: outputs, modelName: name)
        self.graph = graph
        self.declaredInputShapes = inputs.map(\.shape)
        self.declaredOutputNames = outputs.map(\.name)
        super.init(name: name, inputShape: inputs.count == 1 ? inputs[0].shape : nil)
        var generator = RandomGenerator(seed: seed)
        try graph.build(using: &generator)
        try markBuilt(inputs[0].shape)
    }

    open override var kerasClassName: String { graph != nil ? "Functional" : String(describing: type(of: self)) }

    /// The layers, in order.
    open var layers: [Layer] { graph?.layers ?? tracedLayers }

    /// Whether the summary has Keras's "Connected to" column (functional models; not Sequential).
    var summaryShowsConnections: Bool { true }

    /// A subclassed model builds by running its call once on zeros, with a tracer that records (and
    /// builds, from the model's seed) every layer it calls.
    open override func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        try traceBuild(declaredInputShapes.count > 1 ? declaredInputShapes : [inputShape])
    }

    func traceBuild(_ shapes: [Shape]) throws {
        let tracer = LayerTracer(seed: seed)
        let zeros = try shapes.map { try Tensor.zeros(Shape([1] + $0.dimensions)) }
        _ = try tracer.trace { try GradientMode.withoutRecording { try call(zeros, training: false) } }
        guard !tracer.layers.isEmpty else {
            throw ModelError.invalidArchitecture("\(name): its call(_:training:) used no layers; call each layer as a function, "
                + "layer(x), so that the model can find its weights")
        }
        // Keras lists a subclass's layers in the order its attributes were set; here, the order of the
        // stored properties, then any layer made inside `call`.
        let attributeLayers = layerAttributes.flatMap(\.layers)
        var seen = Set<ObjectIdentifier>()
        let calledIDs = Set(tracer.layers.map(ObjectIdentifier.init))
        tracedLayers = (attributeLayers.filter { calledIDs.contains(ObjectIdentifier($0)) } + tracer.layers)
            .filter { seen.insert(ObjectIdentifier($0)).inserted }
        tracedShapes = tracer.outputShapes
        tracedInputShapes = shapes
        // Keras's default names, unique within the model: dense, dense_1, …
        var names = NameAllocator(taken: tracedLayers.filter(\.hasExplicitName).map(\.name))
        for layer in tracedLayers where !layer.hasExplicitName { layer.name = names.unique(layer.kerasDefaultName) }
        try markBuilt(shapes[0])
    }

    /// Records the input shape, as every layer does once its weights exist.
    func markBuilt(_ inputShape: Shape) throws {
        var generator = RandomGenerator(seed: seed)
        try super.build(inputShape: inputShape, using: &generator)
    }

    /// The inputs and outputs of a functional model.
    public var inputs: [SymbolicTensor] { graph?.inputs ?? [] }
    public var outputs: [SymbolicTensor] { graph?.outputs ?? [] }

    /// The model on one batch per input, giving one batch per output. A model with one input and
    /// one output can also be called on a single tensor.
    open func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        if let graph { return try graph.run(inputs, training: training) }
        guard inputs.count == 1 else {
            throw ModelError.invalidData("\(name) takes one input, but \(inputs.count) were given")
        }
        return [try call(inputs[0], training: training)]
    }

    open override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let graph else {
            throw ModelError.invalidArchitecture("\(name): a Model subclass must override call(_:training:)")
        }
        guard graph.outputs.count == 1 else {
            throw ModelError.invalidData("\(name) has \(graph.outputs.count) outputs; call it with call(_ inputs: [Tensor], training:) or predict(_: [Tensor])")
        }
        return try graph.run([input], training: training)[0]
    }

    /// Every output for one batch per input, computed without recording gradients.
    public func predict(_ inputs: [Tensor], batchSize: Int = 32) throws -> [Tensor] {
        guard batchSize > 0 else { throw ModelError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        guard let count = inputs.first?.shape.first, inputs.allSatisfy({ $0.shape.first == count }) else {
            throw ModelError.invalidData("\(name): every input needs the same number of samples; got \(inputs.map { $0.shape.first ?? 0 })")
        }
        try ensureBuilt(for: inputs)
        for input in inputs { try checkFinite(input, "prediction inputs") }
        // One batch: no slicing copies (this is the path that predicting one sample takes).
        if count <= batchSize { return try GradientMode.withoutRecording { try call(inputs, training: false) } }
        var parts: [[Tensor]] = []
        try GradientMode.withoutRecording {
            for begin in stride(from: 0, to: count, by: batchSize) {
                let range = begin..<Swift.min(begin + batchSize, count)
                parts.append(try call(try inputs.map { try $0.slice(range) }, training: false))
            }
        }
        guard let first = parts.first else { return [] }
        return try first.indices.map { output in
            parts.count == 1 ? parts[0][output] : try Tensor.concatenate(parts.map { $0[output] }, alongAxis: 0)
        }
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

    /// Makes the weights of every layer for samples of `inputShape`, from the model's seed.
    public func build(inputShape: Shape) throws {
        var generator = RandomGenerator(seed: seed)
        try build(inputShape: inputShape, using: &generator)
    }

    /// Sets the loss, optimizer and metrics that `fit` and `evaluate` use. With several outputs, the
    /// loss and the metrics apply to each.
    public func compile(loss: Loss, optimizer: Optimizer = RMSprop(), metrics: [MetricKind] = []) {
        let count = Swift.max(outputNames.count, 1)
        losses = Array(repeating: loss, count: count)
        lossWeights = Array(repeating: 1, count: count)
        outputMetrics = Array(repeating: metrics, count: count)
        self.optimizer = optimizer
    }

    /// Compiles a model with several outputs: one loss per output, in order, each weighted by
    /// `lossWeights` in the total loss, and one list of metrics per output.
    public func compile(losses: [Loss], lossWeights: [Float]? = nil, optimizer: Optimizer = RMSprop(), metrics: [[MetricKind]]? = nil) throws {
        let names = outputNames
        guard losses.count == names.count else {
            throw ModelError.invalidArgument("\(name) has \(names.count) outputs (\(names.joined(separator: ", "))) but \(losses.count) losses were given; give one per output")
        }
        if let lossWeights, lossWeights.count != names.count {
            throw ModelError.invalidArgument("\(name) has \(names.count) outputs but \(lossWeights.count) loss weights")
        }
        if let metrics, metrics.count != names.count {
            throw ModelError.invalidArgument("\(name) has \(names.count) outputs but \(metrics.count) metric lists; give one list per output")
        }
        self.losses = losses
        self.lossWeights = lossWeights ?? Array(repeating: 1, count: names.count)
        self.outputMetrics = metrics ?? Array(repeating: [], count: names.count)
        self.optimizer = optimizer
    }

    /// Compiles a model with several outputs by output name (the output layers' names).
    public func compile(losses: [String: Loss], lossWeights: [String: Float]? = nil, optimizer: Optimizer = RMSprop(),
                        metrics: [String: [MetricKind]]? = nil) throws {
        let names = outputNames
        for key in Array(losses.keys) + Array((lossWeights ?? [:]).keys) + Array((metrics ?? [:]).keys) where !names.contains(key) {
            throw ModelError.invalidArgument("\(name) has no output named '\(key)'; its outputs are \(names.joined(separator: ", "))")
        }
        let ordered = try names.map { output in
            guard let loss = losses[output] else { throw ModelError.invalidArgument("no loss given for output '\(output)' of \(name)") }
            return loss
        }
        try compile(losses: ordered, lossWeights: lossWeights.map { weights in names.map { weights[$0] ?? 1 } },
            optimizer: optimizer, metrics: metrics.map { lists in names.map { lists[$0] ?? [] } })
    }

    /// The names of the outputs, as History keys use them: the output layers' names.
    public var outputNames: [String] { graph?.outputs.map(\.name) ?? declaredOutputNames }

    /// The names of the inputs.
    public var inputNames: [String] {
        graph?.inputs.map(\.name) ?? (declaredInputShapes.count > 1 ? declaredInputShapes.indices.map { "input_\($0 + 1)" } : ["input"])
    }

    /// The model's output on a batch, computed without recording gradients.
    public func predictOnBatch(_ x: Tensor) throws -> Tensor {
        try ensureBuilt(for: x)
        return try GradientMode.withoutRecording { try call(x, training: false) }
    }

    func ensureBuilt(for x: [Tensor]) throws {
        if let graph {
            guard x.count == graph.inputs.count else {
                throw ModelError.invalidData("\(name) has \(graph.inputs.count) inputs but \(x.count) arrays were given")
            }
            for (input, array) in zip(graph.inputs, x) where Shape(Array(array.shape.dimensions.dropFirst())) != input.shape {
                throw ModelError.invalidData("input '\(input.name)' of \(name) expects samples of shape \(input.shape) but got a batch of shape \(array.shape)")
            }
            return
        }
        if x.count != 1 || declaredInputShapes.count > 1 {
            guard x.count == inputNames.count else {
                throw ModelError.invalidData("\(name) takes \(inputNames.count) input(s), but \(x.count) arrays were given")
            }
            if !isBuilt { try traceBuild(x.map { Shape(Array($0.shape.dimensions.dropFirst())) }) }
            return
        }
        try ensureBuilt(for: x[0])
    }

    func ensureBuilt(for x: Tensor) throws {
        guard x.rank >= 1 else { throw ModelError.invalidData("\(name): inputs need a batch axis; got shape \(x.shape)") }
        let sampleShape = Shape(Array(x.shape.dimensions.dropFirst()))
        if !isBuilt { try build(inputShape: declaredInputShape ?? sampleShape) }
        if let built = builtInputShape, built != sampleShape {
            throw ModelError.invalidData("\(name) expects samples of shape \(built) but got a batch of shape \(x.shape)")
        }
    }

    /// Replaces every weight of every layer, in `weights` order (Keras's `set_weights`); nothing changes
    /// unless every count and shape fits.
    open override func setWeights(_ values: [Tensor]) throws {
        do { try super.setWeights(values) } catch let error as LayerError { throw ModelError.invalidArgument("\(error)") }
    }
}
