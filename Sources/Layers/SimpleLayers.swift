import Serialization
import Tensors

/// Flattens each sample to one axis: `[batch, 28, 28]` → `[batch, 784]`.
public final class Flatten: Layer {
    public override init(name: String? = nil, inputShape: Shape? = nil) { super.init(name: name, inputShape: inputShape) }

    public override func outputShape(for inputShape: Shape) throws -> Shape { [inputShape.elementCount] }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        try input.reshaped(to: [input.shape[0], input.elementCount / Swift.max(input.shape[0], 1)])
    }

    public override func config() throws -> [String: JSONValue] { ["data_format": "channels_last"] }
}

/// Multiplies and shifts every input, `x · scale + offset` (Keras's `Rescaling`): put the chapter's
/// pixel scaling, `Rescaling(scale: 1 / 255)`, inside the model so that a saved model predicts on raw data.
public final class Rescaling: Layer {
    public let scale: Float
    public let offset: Float

    public init(scale: Float, offset: Float = 0, name: String? = nil, inputShape: Shape? = nil) {
        self.scale = scale
        self.offset = offset
        super.init(name: name, inputShape: inputShape)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        offset == 0 ? input * scale : input * scale + offset
    }

    public override func config() throws -> [String: JSONValue] { ["scale": .float(scale), "offset": .float(offset)] }
}

/// Applies an activation function as a layer of its own (Keras's `Activation` layer).
public final class ActivationLayer: Layer {
    public let activation: Activation

    public init(_ activation: Activation, name: String? = nil, inputShape: Shape? = nil) {
        self.activation = activation
        super.init(name: name, inputShape: inputShape)
    }

    public override var kerasClassName: String { "Activation" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor { try activation(input) }

    public override func config() throws -> [String: JSONValue] { ["activation": try activation.kerasJSON] }
}

/// The declared input of a model: passes its input through, and fixes the sample shape.
public final class InputLayer: Layer {
    public let shape: Shape

    public init(shape: Shape, name: String? = nil) {
        self.shape = shape
        super.init(name: name, inputShape: shape)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard Shape(Array(input.shape.dimensions.dropFirst())) == shape else {
            throw LayerError.incompatibleInput(layer: name, expected: "samples of shape \(shape)", got: input.shape)
        }
        return input
    }

    public override func config() throws -> [String: JSONValue] {
        ["batch_shape": .shape([nil] + shape.dimensions), "sparse": false, "ragged": false, "optional": false]
    }
}

/// Randomly zeroes a fraction `rate` of the inputs while training, scaling the rest by `1/(1 − rate)`
/// so the expected sum is unchanged; passes inputs through at inference.
public final class Dropout: Layer {
    public let rate: Float
    /// The layer's own seeded stream of masks (set from the model's seed when built).
    private var generator = RandomGenerator(seed: 0)

    public init(rate: Float, name: String? = nil, inputShape: Shape? = nil) {
        self.rate = rate
        super.init(name: name, inputShape: inputShape)
    }

    public override func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        guard rate >= 0 && rate < 1 else { throw LayerError.invalidArgument("Dropout '\(name)': rate must lie in [0, 1), not \(rate)") }
        self.generator = RandomGenerator(seed: generator.nextSeed())
        try super.build(inputShape: inputShape, using: &generator)
    }

    public override func randomState() -> [UInt64] { generator.stateWords }

    public override func setRandomState(_ words: [UInt64]) throws {
        guard let restored = RandomGenerator(stateWords: words) else {
            throw LayerError.invalidArgument("Dropout '\(name)': a random state is four words, not all zero; got \(words.count)")
        }
        generator = restored
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training && rate > 0 else { return input }
        let keep = 1 - rate
        let mask = try Tensor((0..<input.elementCount).map { _ in generator.nextUnitFloat() < keep ? 1 / keep : 0 }, shape: input.shape)
        return try input * mask
    }

    public override func config() throws -> [String: JSONValue] { ["rate": .float(rate), "seed": nil, "noise_shape": nil] }
}

/// Standardizes features with a mean and variance learned by `adapt`: `(x − mean) / max(√variance, ε)`.
public final class Normalization: Layer {
    public private(set) var mean: Parameter?
    public private(set) var variance: Parameter?
    public private(set) var count: Parameter?

    public override init(name: String? = nil, inputShape: Shape? = nil) { super.init(name: name, inputShape: inputShape) }

    public override var weights: [Parameter] { [mean, variance, count].compactMap { $0 } }
    public override var trainableWeightNames: Set<String> { [] }

    /// A variance is never negative: one that is would make the outputs NaN or wrong.
    public override func validateWeights(_ values: [Tensor]) throws {
        try super.validateWeights(values)
        if values.count > 1, let negative = values[1].scalars.firstIndex(where: { $0 < 0 }) {
            throw LayerError.invalidArgument(
                "Normalization '\(name)': variance \(values[1].scalars[negative]) of feature \(negative) "
                    + "is negative; a variance cannot be (is the file corrupt?)")
        }
    }

    public override func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        guard let features = inputShape.last else {
            throw LayerError.incompatibleInput(layer: name, expected: "inputs with a feature axis", got: inputShape)
        }
        if mean == nil || mean?.shape != [features] {
            mean = Parameter(name: "mean", value: try .zeros([features]), isTrainable: false)
            variance = Parameter(name: "variance", value: try .ones([features]), isTrainable: false)
            count = Parameter(name: "count", value: Tensor(0), isTrainable: false)
        }
        try super.build(inputShape: inputShape, using: &generator)
    }

    /// Learns each feature's mean and (population) variance from `data` (`[samples, …, features]`).
    public func adapt(_ data: Tensor) throws {
        guard data.rank >= 2, data.elementCount > 0 else {
            throw LayerError.invalidArgument("Normalization '\(name)'.adapt needs a non-empty batch [samples, features], not \(data.shape)")
        }
        if let bad = data.firstNonFiniteIndex {
            throw LayerError.invalidArgument("Normalization '\(name)'.adapt: element \(bad) is \(data.scalars[bad]); values must be finite")
        }
        var generator = RandomGenerator(seed: 0)
        if !isBuilt { try build(inputShape: Shape(Array(data.shape.dimensions.dropFirst())), using: &generator) }
        let axes = Array(0..<(data.rank - 1))
        let m = try data.mean(alongAxes: axes)
        let v = try (data - m).square().mean(alongAxes: axes)
        guard let mean, let variance, let count, let features = data.shape.last, features > 0 else {
            throw LayerError.invalidArgument("Normalization '\(name)' has no statistics to adapt; build it first")
        }
        try mean.assign(m)
        try variance.assign(v)
        try count.assign(Tensor(Float(data.elementCount / features)))
    }

    /// Sets each feature's mean and variance as computed elsewhere (over data that no process holds
    /// whole: the ranks of an MPI job), from `count` samples.
    public func setStatistics(mean means: [Float], variance variances: [Float], count samples: Int) throws {
        guard means.count == variances.count, !means.isEmpty else {
            throw LayerError.invalidArgument("Normalization '\(name)': \(means.count) means for \(variances.count) variances")
        }
        var generator = RandomGenerator(seed: 0)
        if !isBuilt { try build(inputShape: [means.count], using: &generator) }
        guard let mean, let variance, let count, mean.shape == [means.count] else {
            throw LayerError.invalidArgument("Normalization '\(name)' takes \(self.mean?.shape.first ?? 0) features, not \(means.count)")
        }
        try validateWeights([try Tensor(means, shape: [means.count]), try Tensor(variances, shape: [variances.count])])
        try mean.assign(try Tensor(means, shape: [means.count]))
        try variance.assign(try Tensor(variances, shape: [variances.count]))
        try count.assign(Tensor(Float(samples)))
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let mean, let variance else { throw LayerError.notBuilt(layer: name) }
        guard input.shape.last == mean.shape[0] else {
            throw LayerError.incompatibleInput(layer: name, expected: "\(mean.shape[0]) features on the last axis", got: input.shape)
        }
        return try (input - mean.value.detached()) / Tensor.maximum(variance.value.detached().sqrt(), 1e-7)
    }

    public override func config() throws -> [String: JSONValue] {
        ["axis": [-1], "invert": false, "mean": nil, "variance": nil]
    }
}
