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
    public private(set) var loss: Loss?
    public private(set) var optimizer: Optimizer?
    public private(set) var metricKinds: [MetricKind] = []
    /// The History of the last `fit`.
    public internal(set) var history: History?

    public init(name: String? = nil, seed: UInt64 = 42, inputShape: Shape? = nil) {
        self.seed = seed
        self.generator = RandomGenerator(seed: seed)
        super.init(name: name, inputShape: inputShape)
    }

    open override var kerasClassName: String { "Model" }

    /// The layers, in order.
    open var layers: [Layer] { [] }

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

    /// Sets the loss, optimizer and metrics that `fit` and `evaluate` use.
    public func compile(loss: Loss, optimizer: Optimizer = RMSprop(), metrics: [MetricKind] = []) {
        self.loss = loss
        self.optimizer = optimizer
        self.metricKinds = metrics
    }

    /// The model's output on a batch, computed without recording gradients.
    public func predictOnBatch(_ x: Tensor) throws -> Tensor {
        try ensureBuilt(for: x)
        return try GradientMode.withoutRecording { try call(x, training: false) }
    }

    func ensureBuilt(for x: Tensor) throws {
        guard x.rank >= 1 else { throw ModelError.invalidData("\(name): inputs need a batch axis; got shape \(x.shape)") }
        let sampleShape = Shape(Array(x.shape.dimensions.dropFirst()))
        if !isBuilt { try build(inputShape: declaredInputShape ?? sampleShape) }
        if let built = builtInputShape, built != sampleShape {
            throw ModelError.invalidData("\(name) expects samples of shape \(built) but got a batch of shape \(x.shape)")
        }
    }

    /// The weights as arrays, in `weights` order (Keras's `get_weights`).
    public func getWeights() -> [Tensor] { weights.map(\.value) }

    /// Replaces every weight, in `weights` order (Keras's `set_weights`).
    public func setWeights(_ values: [Tensor]) throws {
        let parameters = weights
        guard values.count == parameters.count else {
            throw ModelError.invalidArgument("\(name) has \(parameters.count) weight tensors but \(values.count) were given")
        }
        for (parameter, value) in zip(parameters, values) { try parameter.assign(value) }
    }
}
