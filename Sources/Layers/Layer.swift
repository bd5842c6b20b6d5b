import Serialization
import Tensors

/// A building block of a network, with Keras's lifecycle: configuration in `init`, weights made in
/// `build(inputShape:using:)` once the input size is known, computation in `call(_:training:)`, and
/// `config()` to write it down.
///
/// Shapes passed to `build` and `outputShape(for:)` exclude the batch axis, like Keras's `Input(shape=…)`.
open class Layer: KerasConfigurable {
    /// The layer's name; a model gives unnamed layers Keras's names (`dense`, `dense_1`, …).
    public var name: String
    /// Whether the name was given by the user (models do not rename those).
    public let hasExplicitName: Bool
    /// Whether optimizers update this layer's weights.
    public var isTrainable = true {
        didSet { for weight in weights { weight.isTrainable = isTrainable && trainableWeightNames.contains(weight.name) } }
    }
    /// The input shape given when the layer was made (`inputShape:`), if any.
    public let explicitInputShape: Shape?
    /// The input shape the layer expects before it is built: its own, or for a model its first layer's.
    open var declaredInputShape: Shape? { explicitInputShape }
    /// The input shape the weights were made for.
    public private(set) var builtInputShape: Shape?
    public var isBuilt: Bool { builtInputShape != nil }

    public init(name: String? = nil, inputShape: Shape? = nil) {
        self.name = name ?? ""
        self.hasExplicitName = name != nil
        self.explicitInputShape = inputShape
        if name == nil { self.name = kerasDefaultName }
    }

    /// Keras's class name (`"Dense"`), used in configs and summaries.
    open var kerasClassName: String { String(describing: type(of: self)) }

    /// Keras's module for the class (`"keras.layers"`).
    open var kerasModule: String { "keras.layers" }

    /// Keras's default name for layers of this class (`"dense"`).
    public var kerasDefaultName: String { snakeCase(kerasClassName) }

    /// The weights, trainable ones first, in Keras's order (kernel, then bias).
    open var weights: [Parameter] { [] }
    /// The names of the weights that gradients train (the rest are statistics, like Normalization's mean).
    open var trainableWeightNames: Set<String> { Set(weights.map(\.name)) }
    public var trainableWeights: [Parameter] { weights.filter(\.isTrainable) }
    public var nonTrainableWeights: [Parameter] { weights.filter { !$0.isTrainable } }
    public var parameterCount: Int { weights.reduce(0) { $0 + $1.shape.elementCount } }

    /// Makes the weights for inputs of `inputShape` (no batch axis). Subclasses call `super` last.
    open func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        builtInputShape = inputShape
    }

    /// The output shape (no batch axis) for an input shape (no batch axis).
    open func outputShape(for inputShape: Shape) throws -> Shape { inputShape }

    /// The state of the layer's own random stream (Dropout's masks), empty for a layer without one; saved
    /// by a training backup so that a resumed run draws the same numbers.
    open func randomState() -> [UInt64] { [] }

    /// Carries on the layer's random stream from a saved ``randomState()``.
    open func setRandomState(_ words: [UInt64]) throws {
        guard words.isEmpty else { throw LayerError.invalidArgument("'\(name)' has no random stream to restore") }
    }

    /// The computation, on a batch. `training` turns on training-only behaviour (dropout).
    open func call(_ input: Tensor, training: Bool) throws -> Tensor { input }

    /// The weight penalties (regularizers) to add to the loss, after a call.
    open func regularizationLoss() throws -> Tensor? { nil }

    /// The weights as arrays, in `weights` order (Keras's `layer.get_weights()`): a snapshot, which later
    /// training does not change (the storage is shared until the weights are next updated, then copied).
    public func getWeights() -> [Tensor] { weights.map { $0.value.detached() } }

    /// Replaces every weight, in `weights` order (Keras's `layer.set_weights()`). Every count and shape
    /// is checked before anything changes.
    open func setWeights(_ values: [Tensor]) throws {
        let parameters = weights
        guard values.count == parameters.count else {
            throw LayerError.invalidArgument("'\(name)' has \(parameters.count) weight tensors but \(values.count) were given")
        }
        for (index, (parameter, value)) in zip(parameters, values).enumerated() where parameter.shape != value.shape {
            throw LayerError.invalidArgument("'\(name)': weight \(index) ('\(parameter.name)') has shape \(parameter.shape), not \(value.shape)")
        }
        try validateWeights(values)
        for (parameter, value) in zip(parameters, values) { try parameter.assign(value) }
    }

    /// Checks values for this layer's weights, in `weights` order, before any is used: every value must
    /// be finite (NaN or infinite weights come from a diverged training or a corrupt file, and would only
    /// show later as plausible-looking outputs). Layers add their own rules (a variance is not negative).
    open func validateWeights(_ values: [Tensor]) throws {
        for (parameter, value) in zip(weights, values) {
            if let bad = value.firstNonFiniteIndex {
                throw LayerError.invalidArgument(
                    "'\(name)': weight '\(parameter.name)' holds \(value.scalars[bad]) at element \(bad); "
                        + "weights must be finite (did the training diverge, or is the file corrupt?)")
            }
        }
    }

    /// Layer-specific config keys, as Keras's `get_config()` writes them.
    open func config() throws -> [String: JSONValue] { [:] }

    /// Builds on first use (from the tracing model's seed, else seed 0), checks the input, and calls.
    public func callAsFunction(_ input: Tensor, training: Bool = false) throws -> Tensor {
        guard input.rank >= 1 else {
            throw LayerError.incompatibleInput(layer: name, expected: "a batch axis", got: input.shape)
        }
        let sampleShape = Shape(Array(input.shape.dimensions.dropFirst()))
        LayerTracer.current?.record(self)
        if !isBuilt {
            try buildForFirstCall(inputShape: sampleShape)
        } else if let built = builtInputShape, built != sampleShape, !acceptsAnyInputShape {
            throw LayerError.incompatibleInput(layer: name, expected: "samples of shape \(built)", got: input.shape)
        }
        let output = try call(input, training: training)
        LayerTracer.current?.record(self, output: output)
        return output
    }

    /// Whether `call` works on sample shapes other than the one the layer was built for.
    open var acceptsAnyInputShape: Bool { weights.isEmpty }

    /// The full Keras config: the common keys (`name`, `trainable`, `dtype`) and the layer's own.
    public func kerasConfig() throws -> [String: JSONValue] {
        var config = try config()
        config["name"] = .string(name)
        config["trainable"] = .bool(isTrainable)
        config["dtype"] = dtypePolicy
        return config
    }

    /// The dtype policy this layer's config carries: Keras's float32 one (an int8-quantized layer's differs).
    open var dtypePolicy: JSONValue { Self.dtypePolicy }

    /// Keras's float32 dtype policy object, as configs carry it.
    public static var kerasDTypePolicy: JSONValue { dtypePolicy }

    static let dtypePolicy: JSONValue = [
        "module": "keras", "class_name": "DTypePolicy", "config": ["name": "float32"], "registered_name": nil,
    ]
}

/// Keras's `to_snake_case`, for other modules (weight-file group names).
public func snakeCaseName(_ name: String) -> String { snakeCase(name) }

/// `DenseFeatures` → `dense_features`, `ReLU` → `re_lu`: Keras's `to_snake_case` (an underscore before
/// each capital that starts a lowercase run, and between a lowercase letter and a capital).
func snakeCase(_ name: String) -> String {
    let characters = Array(name)
    var result = ""
    for (i, character) in characters.enumerated() {
        if i > 0 && character.isUppercase {
            let startsWord = i + 1 < characters.count && characters[i + 1].isLowercase
            let followsLower = characters[i - 1].isLowercase
            if startsWord || followsLower { result.append("_") }
        }
        result.append(contentsOf: character.lowercased())
    }
    return result
}
