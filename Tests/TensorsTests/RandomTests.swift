import Foundation
import TestSupport
import Testing

@testable import Tensors

@Suite struct RandomTests {
    @Test func theSameSeedGivesTheSameBits() throws {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        let x = try Tensor.normal([100], using: &a), y = try Tensor.normal([100], using: &b), z = try Tensor.normal([100], using: &c)
        #expect(x.scalars.map(\.bitPattern) == y.scalars.map(\.bitPattern))
        #expect(x.scalars != z.scalars)
    }

    @Test func distributionsHaveTheirMoments() throws {
        var generator = RandomGenerator(seed: 1)
        let uniform = try Tensor.uniform([100_000], low: -1, high: 3, using: &generator)
        #expect(uniform.scalars.allSatisfy { $0 >= -1 && $0 < 3 })
        #expect(Swift.abs(try uniform.mean().scalar! - 1) < 0.02)
        let normal = try Tensor.normal([100_000], mean: 2, standardDeviation: 3, using: &generator)
        let mean = try normal.mean().scalar!
        let deviation = try (normal - mean).square().mean().scalar!.squareRoot()
        #expect(Swift.abs(mean - 2) < 0.05 && Swift.abs(deviation - 3) < 0.05)
        let truncated = try Tensor.truncatedNormal([100_000], standardDeviation: 1, using: &generator)
        #expect(truncated.scalars.allSatisfy { Swift.abs($0) <= 2 })
    }

    @Test func kerasFansAndLimits() throws {
        #expect(Initializer.fans(of: [784, 300]) == (784, 300))
        #expect(Initializer.fans(of: [3, 3, 16, 32]) == (144, 288))
        var generator = RandomGenerator(seed: 3)
        let glorot = try Initializer.glorotUniform.makeTensor([784, 300], using: &generator)
        let limit = Foundation.sqrt(6 / Float(784 + 300))
        #expect(glorot.scalars.allSatisfy { Swift.abs($0) <= limit })
        #expect(try glorot.max().scalar! > 0.99 * limit)
        let he = try Initializer.heUniform.makeTensor([100, 50], using: &generator)
        #expect(try he.max().scalar! <= Foundation.sqrt(6 / 100))
        let lecun = try Initializer.lecunUniform.makeTensor([100, 50], using: &generator)
        #expect(try lecun.abs().max().scalar! <= Foundation.sqrt(3 / 100))
    }

    /// The normal schemes draw from a normal truncated at ±2σ, rescaled so the variance is `scale / n`.
    @Test(arguments: [(Initializer.glorotNormal, Float(2) / (400 + 200)), (.heNormal, 2 / 400), (.lecunNormal, 1 / 400)])
    func normalSchemesHaveKerasVariance(initializer: Initializer, variance: Float) throws {
        var generator = RandomGenerator(seed: 5)
        let w = try initializer.makeTensor([400, 200], using: &generator)
        let measured = try w.square().mean().scalar!
        #expect(Swift.abs(measured / variance - 1) < 0.03)
    }

    @Test func constantInitializers() throws {
        var generator = RandomGenerator(seed: 0)
        #expect(try Initializer.zeros.makeTensor([2], using: &generator).scalars == [0, 0])
        #expect(try Initializer.ones.makeTensor([2], using: &generator).scalars == [1, 1])
        #expect(try Initializer.constant(0.5).makeTensor([2], using: &generator).scalars == [0.5, 0.5])
        let uniform = try Initializer.randomUniform().makeTensor([1000], using: &generator)
        #expect(uniform.scalars.allSatisfy { Swift.abs($0) <= 0.05 })
        let normal = try Initializer.truncatedNormal().makeTensor([1000], using: &generator)
        #expect(normal.scalars.allSatisfy { Swift.abs($0) <= 0.1 })
        #expect(throws: TensorError.self) {
            try Initializer.varianceScaling(scale: -1).makeTensor([2, 2], using: &generator)
        }
    }

    @Test func initializersAreDeterministic() throws {
        var a = RandomGenerator(seed: 9), b = RandomGenerator(seed: 9)
        let x = try Initializer.glorotNormal.makeTensor([30, 20], using: &a)
        let y = try Initializer.glorotNormal.makeTensor([30, 20], using: &b)
        #expect(x.scalars.map(\.bitPattern) == y.scalars.map(\.bitPattern))
    }
}
