import Layers
import Serialization
import Tensors
import TestSupport
import Testing

/// GaussianNoise, GaussianDropout and AlphaDropout: active only in training, with Keras's statistics,
/// reproducible from a seed, and their random stream saved and restored.
@Suite struct NoiseLayerTests {
    static let layers: [@Sendable () -> RandomStreamLayer] = [
        { GaussianNoise(stddev: 0.5) }, { GaussianDropout(rate: 0.3) }, { AlphaDropout(rate: 0.2) },
    ]

    func statistics(_ t: Tensor) -> (mean: Double, variance: Double) {
        let values = t.scalars.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count))
    }

    @Test(arguments: 0..<layers.count)
    func noiseOnlyInTrainingAndTheSameNumbersFromTheSameState(_ index: Int) throws {
        let layer = Self.layers[index]()
        var generator = RandomGenerator(seed: 11)
        try layer.build(inputShape: [50], using: &generator)
        let x = sample([4, 50], seed: 1)
        #expect(try layer.call(x, training: false).scalars == x.scalars)
        let state = layer.randomState()
        let first = try layer.call(x, training: true)
        #expect(first.scalars != x.scalars)
        try layer.setRandomState(state)
        #expect(try layer.call(x, training: true).scalars == first.scalars)
        #expect(try layer.call(x, training: true).scalars != first.scalars)
        #expect(throws: LayerError.self) { try layer.setRandomState([1, 2]) }
    }

    @Test func aSeedGivesTheSameNoiseWhateverTheModelSeed() throws {
        func noise(modelSeed: UInt64) throws -> [Float] {
            let layer = GaussianNoise(stddev: 0.1, seed: 5)
            var generator = RandomGenerator(seed: modelSeed)
            try layer.build(inputShape: [3], using: &generator)
            return try layer.call(try .zeros([2, 3]), training: true).scalars
        }
        #expect(try noise(modelSeed: 1) == noise(modelSeed: 2))
        let json = try LayerRegistry.json(of: GaussianNoise(stddev: 0.1, seed: 5))
        #expect(json["config"]?["seed"] == 5)
    }

    @Test func theNoiseHasKerasStatistics() throws {
        var generator = RandomGenerator(seed: 3)
        let count = 40_000
        let gaussian = GaussianNoise(stddev: 0.5)
        try gaussian.build(inputShape: [count], using: &generator)
        let added = statistics(try gaussian.call(try .ones([1, count]), training: true))
        #expect(Swift.abs(added.mean - 1) < 0.01 && Swift.abs(added.variance - 0.25) < 0.01)

        let multiplicative = GaussianDropout(rate: 0.2)
        try multiplicative.build(inputShape: [count], using: &generator)
        let scaled = statistics(try multiplicative.call(try .ones([1, count]), training: true))
        #expect(Swift.abs(scaled.mean - 1) < 0.01 && Swift.abs(scaled.variance - 0.25) < 0.01)

        // Alpha dropout keeps a standard normal input's mean 0 and variance 1.
        let alpha = AlphaDropout(rate: 0.3)
        try alpha.build(inputShape: [count], using: &generator)
        let normal = try Tensor.normal([1, count], using: &generator)
        let dropped = try alpha.call(normal, training: true)
        let kept = statistics(dropped)
        #expect(Swift.abs(kept.mean) < 0.02 && Swift.abs(kept.variance - 1) < 0.03)
        let saturated = dropped.scalars.filter { Swift.abs($0 - 0.3 * 0 - Self.alphaDroppedValue(rate: 0.3)) < 1e-5 }.count
        #expect(Swift.abs(Double(saturated) / Double(count) - 0.3) < 0.01)
    }

    /// The value a dropped unit takes: `a · α' + b`, Keras's constants.
    static func alphaDroppedValue(rate: Double) -> Float {
        let alphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946
        let a = 1 / ((1 - rate) * (1 + rate * alphaP * alphaP)).squareRoot()
        return Float(a * alphaP - a * alphaP * rate)
    }

    @Test func ratesOutOfRangeAndBadNoiseShapesAreNamed() throws {
        var generator = RandomGenerator(seed: 1)
        for (layer, word) in [(GaussianNoise(stddev: -1), "stddev"), (GaussianDropout(rate: 1), "rate"), (AlphaDropout(rate: 1.5), "rate")] as [(Layer, String)]
        {
            let error = #expect(throws: LayerError.self) { try layer.build(inputShape: [2], using: &generator) }
            #expect("\(error!)".contains(word))
        }
        let alpha = AlphaDropout(rate: 0.5, noiseShape: [nil, 3])
        try alpha.build(inputShape: [2], using: &generator)
        let error = #expect(throws: LayerError.self) { try alpha.call(sample([2, 2]), training: true) }
        #expect("\(error!)".contains("noise_shape"))
        #expect(throws: ConfigError.self) { try LayerRegistry.layer(from: ["class_name": "GaussianNoise", "config": ["stddev": 0.1, "seed": -2]]) }
    }
}
