import Layers
import Tensors
import TestSupport
import Testing

/// Keras 3's own unit tests for these layers (`keras/src/layers/normalization`, `regularization`,
/// `reshaping`, `merging`), ported with their inputs, expected values and tolerances. Keras's random
/// inputs (`np.random.normal(loc=5, scale=10)`) come from NeuralKit's generator; the assertions are the
/// same. Not ported: the mask tests (NeuralKit has no masks), renorm, synchronized, float16 autocast,
/// sparse and dynamic-shape tests (NeuralKit has no sparse tensors or variable-size axes).
@Suite struct KerasLayerCaseTests {
    static func normal(_ shape: Shape, mean: Float = 5, deviation: Float = 10, seed: UInt64 = 1) throws -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return try Tensor.normal(shape, mean: mean, standardDeviation: deviation, using: &generator)
    }

    /// Per-feature mean and standard deviation of `x` over every axis but `axis`.
    static func moments(_ x: Tensor, axis: Int) throws -> (Tensor, Tensor) {
        let axes = (0..<x.rank).filter { $0 != (axis < 0 ? axis + x.rank : axis) }
        let mean = try x.mean(alongAxes: axes, keepingDimensions: true)
        return (try mean.reshaped(to: [-1]), try (x - mean).square().mean(alongAxes: axes).sqrt())
    }

    static let correctnessCases: [(axis: Int, shape: Shape, meanOnes: Bool, varianceOnes: Bool)] =
        [-1, 1].flatMap { axis in
            [[5, 2, 3], [5, 3, 3, 2]].flatMap { (shape: Shape) in
                [false, true].flatMap { meanOnes in [false, true].map { (axis, shape, meanOnes, $0) } }
            }
        }

    /// batch_normalization_test.py `test_correctness` (without its mask part).
    @Test(arguments: 0..<correctnessCases.count)
    func batchNormalizationCorrectness(_ index: Int) throws {
        let (axis, shape, meanOnes, varianceOnes) = Self.correctnessCases[index]
        let layer = BatchNormalization(
            axis: axis, momentum: 0, movingMeanInitializer: meanOnes ? .ones : .zeros, movingVarianceInitializer: varianceOnes ? .ones : .zeros)
        let x = try Self.normal(shape)
        var out = x
        for _ in 0..<3 { out = try layer(out, training: true) }
        let (mean, deviation) = try Self.moments(out, axis: axis)
        expectClose(mean.scalars, [Float](repeating: 0, count: mean.elementCount), tolerance: 1e-3)
        expectClose(deviation.scalars, [Float](repeating: 1, count: deviation.elementCount), tolerance: 1e-3)
        expectClose(try #require(layer.movingMean).value.scalars, [Float](repeating: 0, count: mean.elementCount), tolerance: 1e-3)
        expectClose(try #require(layer.movingVariance).value.scalars, [Float](repeating: 1, count: mean.elementCount), tolerance: 1e-3)
        // Inference before training on x does not match; with momentum 0, after it does.
        let inference = try layer(x, training: false), training = try layer(x, training: true)
        #expect(zip(inference.scalars, training.scalars).contains { Swift.abs($0 - $1) > 1e-3 })
        expectClose(try layer(x, training: false), try layer(x, training: true), tolerance: 1e-4)
    }

    /// batch_normalization_test.py `test_trainable_behavior`.
    @Test func batchNormalizationTrainableBehavior() throws {
        let layer = BatchNormalization(axis: -1, momentum: 0.8, epsilon: 1e-7)
        var generator = RandomGenerator(seed: 1)
        try layer.build(inputShape: [4, 4, 3], using: &generator)
        layer.isTrainable = false
        #expect(layer.weights.count == 4 && layer.trainableWeights.isEmpty && layer.nonTrainableWeights.count == 4)
        let x = try Self.normal([200, 4, 4, 3])
        expectClose(try layer(x, training: true), x, tolerance: 1e-2)
        layer.isTrainable = true
        #expect(layer.weights.count == 4 && layer.trainableWeights.count == 2 && layer.nonTrainableWeights.count == 2)
        var out = x
        for _ in 0..<10 { out = try layer(x, training: true) }
        let (mean, deviation) = try Self.moments(out, axis: -1)
        expectClose(mean.scalars, [0, 0, 0], tolerance: 1e-3)
        expectClose(deviation.scalars, [1, 1, 1], tolerance: 1e-3)
    }

    /// layer_normalization_test.py `test_correctness`, `test_output`, `test_output_with_rms_scaling`,
    /// `test_unsorted_axis`.
    @Test func layerNormalizationKerasCases() throws {
        let layer = LayerNormalization()
        let x = try Self.normal([1000, 2, 2, 2])
        let out = try layer(x)
        #expect(Swift.abs(try out.mean().scalar ?? 1) < 1e-1)
        #expect(Swift.abs((try (out - out.mean()).square().mean().sqrt().scalar ?? 0) - 1) < 1e-1)

        let ramp = try Tensor([[0, 1, 2, 3, 4]])
        let shifted = LayerNormalization(axes: [-1], affine: NormalizationAffine(betaInitializer: .ones, gammaInitializer: .ones))
        expectClose(try shifted(ramp).scalars, [-0.41386, 0.29307, 1.0, 1.70693, 2.41386], tolerance: 1e-5)
        expectClose(try LayerNormalization(rmsScaling: true)(ramp).scalars, [0.0, 0.70693, 1.41386, 2.12079, 2.82772], tolerance: 1e-5)

        let cube = try Self.normal([2, 3, 4], mean: 0, deviation: 1)
        let sorted = try LayerNormalization(axes: [-2, -1])(cube), unsorted = try LayerNormalization(axes: [-1, -2])(cube)
        #expect(sorted.shape == [2, 3, 4] && unsorted.shape == [2, 3, 4])
        expectClose(sorted, unsorted, tolerance: 1e-6)
    }

    /// unit_normalization_test.py `test_correctness`.
    @Test func unitNormalizationKerasCases() throws {
        func squaredNorms(_ y: Tensor, over axes: [Int]) throws -> [Float] { try y.square().sum(alongAxes: axes).scalars }
        let rows = try UnitNormalization(axis: -1)(try Self.normal([2, 3], mean: 0, deviation: 1))
        expectClose(try squaredNorms(rows, over: [1]), [1, 1], tolerance: 1e-5)
        let grids = try UnitNormalization(axes: [1, 2])(try Self.normal([2, 3, 3], mean: 0, deviation: 1))
        expectClose(try squaredNorms(grids, over: [1, 2]), [1, 1], tolerance: 1e-5)
        let columns = try UnitNormalization(axis: 1)(try Self.normal([2, 3, 2], mean: 0, deviation: 1))
        expectClose(try squaredNorms(columns, over: [1]), [1, 1, 1, 1], tolerance: 1e-5)
    }

    /// merging_test.py `dot_2d`, `dot_3d` (against `np.tensordot` per sample) and `test_dot_higher_dim`.
    @Test func dotKerasCases() throws {
        let a2 = try Self.normal([2, 4], seed: 2), b2 = try Self.normal([2, 4], seed: 3)
        let d2 = try Dot(axes: -1)([a2, b2])
        #expect(d2.shape == [2, 1])
        expectClose(d2.scalars, try (a2 * b2).sum(alongAxes: [1]).scalars, tolerance: 1e-3)
        let a3 = try Self.normal([2, 4, 5], mean: 0, deviation: 1, seed: 4), b3 = try Self.normal([2, 4, 5], mean: 0, deviation: 1, seed: 5)
        let d3 = try Dot(axes: -1)([a3, b3])
        #expect(d3.shape == [2, 4, 4])
        for i in 0..<2 {
            let expected = try a3.slice(i..<i + 1).reshaped(to: [4, 5]).matmul(try b3.slice(i..<i + 1).reshaped(to: [4, 5]), transposeOther: true)
            expectClose(try d3.slice(i..<i + 1).reshaped(to: [4, 4]).scalars, expected.scalars, tolerance: 1e-5)
        }
        let higher = try Dot(axes: [-2, -1])([try Self.normal([1, 3, 2]), try Self.normal([1, 1, 2, 3])])
        #expect(higher.shape == [1, 2, 1, 2])
    }

    /// alpha_dropout_test.py, gaussian_dropout_test.py and gaussian_noise_test.py `correctness` and
    /// `partial_noise_shape`; the rate checks.
    @Test func noiseKerasCases() throws {
        var generator = RandomGenerator(seed: 1337)
        let ones = try Tensor.ones([20, 500])
        func deviation(_ y: Tensor) throws -> Float { try (y - y.mean()).square().mean().sqrt().scalar ?? .nan }
        let alpha = AlphaDropout(rate: 0.3)
        try alpha.build(inputShape: [500], using: &generator)
        #expect(Swift.abs(try deviation(try alpha.call(ones, training: true)) - 1) < 1e-1)
        let gaussian = GaussianDropout(rate: 0.3)
        try gaussian.build(inputShape: [500], using: &generator)
        #expect(Swift.abs(try deviation(try gaussian.call(ones, training: true)) - (0.3 / 0.7 as Float).squareRoot()) < 0.02)
        let noise = GaussianNoise(stddev: 0.3)
        try noise.build(inputShape: [500], using: &generator)
        #expect(Swift.abs(try deviation(try noise.call(ones, training: true)) - 0.3) < 0.02)
        for noiseShape in [[nil, 1, nil], [20, 1, 10]] as [[Int?]] {
            let partial = AlphaDropout(rate: 0.5, noiseShape: noiseShape)
            try partial.build(inputShape: [5, 10], using: &generator)
            let y = try partial.call(try .ones([20, 5, 10]), training: true)
            #expect(try y.slice(alongAxis: 1, 0..<1).scalars == y.slice(alongAxis: 1, 1..<2).scalars)
        }
        for rate: Float in [-0.5, 1.5] {
            #expect(throws: LayerError.self) { try AlphaDropout(rate: rate).build(inputShape: [2], using: &generator) }
        }
    }
}
