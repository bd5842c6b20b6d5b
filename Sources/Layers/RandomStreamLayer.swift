import Serialization
import Tensors

/// A layer that draws its own random numbers while training (the noise and dropout layers): a seeded
/// stream of its own, set from the model's seed when built (or from `seed:`, as Keras's `seed=`), whose
/// state a training backup saves so that a resumed run draws the same numbers.
open class RandomStreamLayer: Layer {
    /// The seed given by the user (Keras's `seed`), or nil to take one from the model's stream.
    public let seed: UInt64?
    /// The layer's own stream of random numbers.
    var generator = RandomGenerator(seed: 0)

    public init(seed: UInt64?, name: String?, inputShape: Shape?) {
        self.seed = seed
        super.init(name: name, inputShape: inputShape)
    }

    /// Checks the layer's options (a rate in range); called when the layer is built.
    open func validateOptions() throws {}

    open override func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        try validateOptions()
        let drawn = generator.nextSeed()
        self.generator = RandomGenerator(seed: seed ?? drawn)
        try super.build(inputShape: inputShape, using: &generator)
    }

    public override func randomState() -> [UInt64] { generator.stateWords }

    public override func setRandomState(_ words: [UInt64]) throws {
        guard let restored = RandomGenerator(stateWords: words) else {
            throw LayerError.invalidArgument(
                "\(kerasClassName) '\(name)': a random state is four words, not all zero; got \(words.count)")
        }
        generator = restored
    }

    /// Keras's `seed` config value.
    var seedJSON: JSONValue { seed.map { .number(Double($0)) } ?? .null }

    /// `seed` from a Keras config: absent or null, or a whole number that is not negative.
    static func seed(from config: [String: JSONValue], in owner: String) throws -> UInt64? {
        guard let value = config["seed"], value != .null else { return nil }
        guard let number = value.intValue, number >= 0 else {
            throw ConfigError.invalid("\(owner): \"seed\" must be a whole number ≥ 0 or null, not \(value.jsonString())")
        }
        return UInt64(number)
    }
}
