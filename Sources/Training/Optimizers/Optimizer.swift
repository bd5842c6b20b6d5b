import Foundation
import Serialization
import Tensors

/// Updates parameters from their gradients, with Keras's gradient clipping, decoupled weight decay
/// and step counting. A subclass names its per-parameter slots and writes one update rule.
open class Optimizer: KerasConfigurable {
    public var learningRate: LearningRate
    /// Clip each gradient to this L2 norm.
    public var clipNorm: Float?
    /// Clip each gradient element to `-clipValue...clipValue`.
    public var clipValue: Float?
    /// Scale all gradients together so that their joint L2 norm is at most this.
    public var globalClipNorm: Float?
    /// Decoupled weight decay: before each update, `w -= w · weightDecay · learningRate`.
    public var weightDecay: Float?
    /// Keras's name of the optimizer instance (`sgd`, `adam`, …).
    public let name: String
    /// The number of `apply` calls so far (Keras's `iterations` variable, which `.keras` files store and
    /// schedules read); without ``gradientAccumulationSteps`` also the number of updates.
    public internal(set) var iterations = 0

    /// Each parameter's slots (momentum, velocity, …), in the order parameters were first seen.
    public internal(set) var parameters: [Parameter] = []
    var slots: [ObjectIdentifier: [[Float]]] = [:]
    /// Keras's `use_ema`: keep an exponential moving average of every trainable weight, which `fit` puts
    /// in the model when it ends (and ``emaOverwriteFrequency`` steps put there as it goes).
    public var useEMA = false
    public var emaMomentum: Float = 0.99
    public var emaOverwriteFrequency: Int?
    /// The moving averages, by parameter (with ``useEMA``).
    var averages: [ObjectIdentifier: [Float]] = [:]
    /// Keras's `gradient_accumulation_steps` (2 or more): update the weights every n-th `apply` only, with
    /// the mean of the n gradients. ``iterations`` counts every `apply`; ``updates`` the updates.
    public var gradientAccumulationSteps: Int?
    /// The gradients added up since the last update, by parameter (with ``gradientAccumulationSteps``).
    var accumulators: [ObjectIdentifier: [Float]] = [:]
    /// Keras's `loss_scale_factor`: training multiplies the loss by it before computing gradients
    /// (``scaleLoss(_:)``) and `apply` divides the gradients by it, so that small gradients survive float
    /// rounding; the update is the same.
    public var lossScaleFactor: Float?
    /// The parameters ``excludeFromWeightDecay(_:names:)`` named, and the pattern of names it was given.
    var decayExclusions = WeightDecayExclusions()

    public init(
        learningRate: LearningRate, name: String, clipNorm: Float? = nil, clipValue: Float? = nil,
        globalClipNorm: Float? = nil, weightDecay: Float? = nil
    ) {
        self.learningRate = learningRate
        self.name = name
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.globalClipNorm = globalClipNorm
        self.weightDecay = weightDecay
    }

    /// Keras's class name (`"Adam"`) and module.
    open var kerasClassName: String { String(describing: type(of: self)) }
    public var kerasModule: String { "keras.optimizers" }

    /// Keras's `get_config()`: the options every optimizer has, then the optimizer's own.
    public func kerasConfig() throws -> [String: JSONValue] {
        var config: [String: JSONValue] = [
            "name": .string(name), "learning_rate": try learningRate.kerasJSON(), "weight_decay": weightDecay.map { .float($0) } ?? nil,
            "clipnorm": clipNorm.map { .float($0) } ?? nil, "global_clipnorm": globalClipNorm.map { .float($0) } ?? nil,
            "clipvalue": clipValue.map { .float($0) } ?? nil, "use_ema": .bool(useEMA), "ema_momentum": .float(emaMomentum),
            "ema_overwrite_frequency": emaOverwriteFrequency.map { .int($0) } ?? nil, "loss_scale_factor": lossScaleFactor.map { .float($0) } ?? nil,
            "gradient_accumulation_steps": gradientAccumulationSteps.map { .int($0) } ?? nil,
        ]
        config.merge(optimizerConfig()) { $1 }
        return config
    }

    /// The optimizer's own config keys (`momentum`, `beta_1`, …), as Keras's `get_config()` adds them.
    open func optimizerConfig() -> [String: JSONValue] { [:] }

    /// The names of the slots each parameter gets, in Keras's order (`["momentum", "velocity"]`); each
    /// has the parameter's shape unless ``slotLayout(for:)`` says otherwise.
    open var slotNames: [String] { [] }

    /// The initial value of slot `index` (Keras starts every slot at 0 but Adagrad's accumulator).
    open func initialSlotValue(_ index: Int) -> Float { 0 }

    /// The slots a parameter of `shape` gets, in Keras's order: by default one per ``slotNames``, with
    /// the parameter's shape, starting at ``initialSlotValue(_:)``.
    open func slotLayout(for shape: Shape) -> [OptimizerSlot] {
        slotNames.enumerated().map { OptimizerSlot(name: $1, shape: shape, initialValue: initialSlotValue($0)) }
    }

    /// Applies one update to `values` from `gradient`, with this step's learning rate. `step` is
    /// the 1-based number of this update.
    open func updateStep(
        _ values: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ slots: inout [[Float]], learningRate: Float, step: Int
    ) {}

    /// The update for rules that need the parameter's shape (Adafactor factors its second moments over
    /// rows and columns); by default the shape-free ``updateStep(_:_:_:learningRate:step:)``.
    open func updateStep(
        _ values: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ slots: inout [[Float]], shape: Shape, learningRate: Float, step: Int
    ) {
        updateStep(values, gradient, &slots, learningRate: learningRate, step: step)
    }

    /// Checks the optimizer's own hyperparameters (SGD's momentum in [0, 1], …), as Keras's initializers do;
    /// `apply` and ``fromKeras(_:customObjects:)`` call it, since Swift initializers here do not throw.
    open func validateHyperparameters() throws {}

    /// Scalar state besides the slots, in Keras's order after them (Nadam's `u_product`).
    open var extraVariables: [Float] {
        get { [] }
        set {}
    }

    /// Called once per `apply`, before any parameter is updated (Nadam advances its product here).
    open func prepareStep(_ step: Int) {}

    /// The learning rate the next update uses.
    public var currentLearningRate: Float { learningRate.value(at: iterations) }

    /// Updates every trainable parameter that has a gradient, then clears the gradients. As in Keras, no
    /// trainable parameters is a no-op (no step counted), and trainable parameters none of which has a
    /// gradient is an error: the loss does not depend on them, and counting a step would hide it.
    ///
    /// With ``lossScaleFactor`` the gradients are first divided by it; with ``gradientAccumulationSteps``
    /// only every n-th call updates the weights, with the mean of the n calls' gradients (the others add
    /// theirs to the accumulators), as Keras 3 does.
    public func apply(to parameters: [Parameter]) throws {
        try validateOptions()
        let candidates = parameters.filter(\.isTrainable)
        guard !candidates.isEmpty else { return }
        let trainable = candidates.filter { $0.gradient != nil }
        guard !trainable.isEmpty else {
            throw TrainingError.invalidArgument(
                "\(name): no gradients provided for any of the \(candidates.count) trainable parameters "
                    + "(\(candidates.prefix(4).map(\.name).joined(separator: ", "))\(candidates.count > 4 ? ", …" : "")); "
                    + "does the loss depend on them? Call backward() on a loss computed from them before apply")
        }
        for parameter in trainable { makeSlots(for: parameter) }
        switch stepGradients(trainable) {
        case .own: update(trainable, gradients: nil)
        case let .adjusted(gradients): update(trainable, gradients: gradients)
        case .accumulatedOnly: break
        }
        for parameter in trainable {
            parameter.zeroGradient()
            try parameter.applyConstraint()
        }
        if useEMA { try updateAverages(trainable) }
        iterations += 1
    }

    /// One update of every parameter from its gradient (the parameter's own, or `gradients` when the loss
    /// scale or accumulation changed them): clipping, decoupled weight decay, then the optimizer's rule.
    private func update(_ trainable: [Parameter], gradients: [[Float]]?) {
        let rate = currentLearningRate, step = updates + 1
        var globalScale: Float = 1
        if let globalClipNorm {
            let squares = trainable.indices.reduce(0.0) { total, i in
                total + (gradients?[i] ?? trainable[i].gradient?.scalars ?? []).reduce(0.0) { $0 + Double($1 * $1) }
            }
            let norm = Float(squares.squareRoot())
            if norm > 0 { globalScale = globalClipNorm * Swift.min(1 / norm, 1 / globalClipNorm) }
        }
        prepareStep(step)
        for (index, parameter) in trainable.enumerated() {
            let gradient = gradients?[index] ?? parameter.gradient?.scalars ?? []
            let scale = clipScale(gradient) * globalScale
            let clipValue = self.clipValue
            parameter.update { values, own in
                if scale == 1 && clipValue == nil && gradients == nil {
                    update(parameter, values, own, learningRate: rate, step: step)
                } else {
                    var adjusted = scale == 1 ? gradient : gradient.map { $0 * scale }
                    if let clipValue { adjusted = adjusted.map { Swift.min(Swift.max($0, -clipValue), clipValue) } }
                    adjusted.withUnsafeBufferPointer { update(parameter, values, $0, learningRate: rate, step: step) }
                }
            }
        }
    }

    /// Gives a parameter its slots (Keras's initial values), the first time the optimizer sees it.
    func makeSlots(for parameter: Parameter) {
        guard slots[ObjectIdentifier(parameter)] == nil else { return }
        self.parameters.append(parameter)
        slots[ObjectIdentifier(parameter)] = slotLayout(for: parameter.shape).map { [Float](repeating: $0.initialValue, count: $0.shape.elementCount) }
    }

    /// One parameter's update from its final gradient: decoupled weight decay, then the optimizer's rule with the
    /// parameter's slots.
    func update(
        _ parameter: Parameter, _ values: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>, learningRate rate: Float, step: Int
    ) {
        let key = ObjectIdentifier(parameter)
        var parameterSlots = slots.removeValue(forKey: key) ?? []
        if usesWeightDecay(parameter), let weightDecay {
            for i in values.indices { values[i] -= values[i] * weightDecay * rate }
        }
        updateStep(values, gradient, &parameterSlots, shape: parameter.shape, learningRate: rate, step: step)
        slots[key] = parameterSlots
    }

    /// The factor that brings one gradient's norm down to `clipNorm`.
    private func clipScale(_ gradient: [Float]) -> Float {
        guard let clipNorm else { return 1 }
        let norm = Float(gradient.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot())
        return norm > 0 ? clipNorm / Swift.max(norm, clipNorm) : 1
    }

}
