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
    /// The number of updates applied so far.
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
    public func kerasConfig() -> [String: JSONValue] {
        var config: [String: JSONValue] = [
            "name": .string(name), "learning_rate": learningRate.kerasJSON(), "weight_decay": weightDecay.map { .float($0) } ?? nil,
            "clipnorm": clipNorm.map { .float($0) } ?? nil, "global_clipnorm": globalClipNorm.map { .float($0) } ?? nil,
            "clipvalue": clipValue.map { .float($0) } ?? nil, "use_ema": .bool(useEMA), "ema_momentum": .float(emaMomentum),
            "ema_overwrite_frequency": emaOverwriteFrequency.map { .int($0) } ?? nil, "loss_scale_factor": nil, "gradient_accumulation_steps": nil,
        ]
        config.merge(optimizerConfig()) { $1 }
        return config
    }

    /// The optimizer's own config keys (`momentum`, `beta_1`, …), as Keras's `get_config()` adds them.
    open func optimizerConfig() -> [String: JSONValue] { [:] }

    /// The names of the slots each parameter gets, in Keras's order (`["momentum", "velocity"]`).
    open var slotNames: [String] { [] }

    /// The initial value of slot `index` (Keras starts every slot at 0 but Adagrad's accumulator).
    open func initialSlotValue(_ index: Int) -> Float { 0 }

    /// Applies one update to `values` from `gradient`, with this step's learning rate. `step` is
    /// the 1-based number of this update.
    open func updateStep(
        _ values: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ slots: inout [[Float]], learningRate: Float, step: Int
    ) {}

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
    public func apply(to parameters: [Parameter]) throws {
        if case let .schedule(schedule) = learningRate { try schedule.validate() }
        let candidates = parameters.filter(\.isTrainable)
        guard !candidates.isEmpty else { return }
        let trainable = candidates.filter { $0.gradient != nil }
        guard !trainable.isEmpty else {
            throw TrainingError.invalidArgument(
                "\(name): no gradients provided for any of the \(candidates.count) trainable parameters "
                    + "(\(candidates.prefix(4).map(\.name).joined(separator: ", "))\(candidates.count > 4 ? ", …" : "")); "
                    + "does the loss depend on them? Call backward() on a loss computed from them before apply")
        }
        let rate = currentLearningRate
        var globalScale: Float = 1
        if let globalClipNorm {
            let squares = trainable.reduce(0.0) { total, p in total + (p.gradient?.scalars ?? []).reduce(0.0) { $0 + Double($1 * $1) } }
            let norm = Float(squares.squareRoot())
            if norm > 0 { globalScale = globalClipNorm * Swift.min(1 / norm, 1 / globalClipNorm) }
        }
        prepareStep(iterations + 1)
        for parameter in trainable {
            let key = ObjectIdentifier(parameter)
            if slots[key] == nil { self.parameters.append(parameter) }
            var parameterSlots =
                slots.removeValue(forKey: key)
                ?? slotNames.indices.map { [Float](repeating: initialSlotValue($0), count: parameter.shape.elementCount) }
            let scale = clipScale(parameter.gradient?.scalars ?? []) * globalScale
            let clipValue = self.clipValue, weightDecay = self.weightDecay
            parameter.update { values, gradient in
                if let weightDecay {
                    for i in values.indices { values[i] -= values[i] * weightDecay * rate }
                }
                if scale == 1 && clipValue == nil {
                    updateStep(values, gradient, &parameterSlots, learningRate: rate, step: iterations + 1)
                } else {
                    var adjusted = gradient.map { $0 * scale }
                    if let clipValue { adjusted = adjusted.map { Swift.min(Swift.max($0, -clipValue), clipValue) } }
                    adjusted.withUnsafeBufferPointer {
                        updateStep(values, $0, &parameterSlots, learningRate: rate, step: iterations + 1)
                    }
                }
            }
            slots[key] = parameterSlots
            try parameter.applyConstraint()
        }
        if useEMA { try updateAverages(trainable) }
        iterations += 1
    }

    /// The factor that brings one gradient's norm down to `clipNorm`.
    private func clipScale(_ gradient: [Float]) -> Float {
        guard let clipNorm else { return 1 }
        let norm = Float(gradient.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot())
        return norm > 0 ? clipNorm / Swift.max(norm, clipNorm) : 1
    }

    /// The slots of a parameter, by slot name, for inspection and saving.
    public func slotValues(of parameter: Parameter) -> [String: [Float]]? {
        slots[ObjectIdentifier(parameter)].map { Dictionary(uniqueKeysWithValues: zip(slotNames, $0)) }
    }

    /// Replaces the slots of a parameter (when restoring a saved optimizer).
    public func setSlotValues(_ values: [[Float]], of parameter: Parameter, iterations: Int) throws {
        guard values.count == slotNames.count, values.allSatisfy({ $0.count == parameter.shape.elementCount }) else {
            throw TrainingError.invalidArgument(
                "\(name): slots for '\(parameter.name)' need \(slotNames.count) arrays of \(parameter.shape.elementCount) values")
        }
        if slots[ObjectIdentifier(parameter)] == nil { parameters.append(parameter) }
        slots[ObjectIdentifier(parameter)] = values
        self.iterations = iterations
    }
}
