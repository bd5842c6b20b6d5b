import Layers
import Serialization
import Tensors
import TestSupport
import Testing

/// BatchNormalization's training and inference modes, moving statistics and freezing; the values of
/// LayerNormalization and UnitNormalization; bad axes named.
@Suite struct NormalizationLayerTests {
    func built<L: Layer>(_ layer: L, _ shape: Shape) throws -> L {
        var generator = RandomGenerator(seed: 1)
        try layer.build(inputShape: shape, using: &generator)
        return layer
    }

    @Test func batchNormalizationTrainsOnTheBatchAndUpdatesItsMovingStatisticsByKerasRule() throws {
        let layer = try built(BatchNormalization(momentum: 0.9), [2])
        let x = try Tensor([[1, 2], [3, 6]])
        let trained = try layer.call(x, training: true)
        let (a, b) = (1 / Float(1.001).squareRoot(), 2 / Float(4.001).squareRoot())
        expectClose(trained.scalars, [-a, -b, a, b], tolerance: 1e-6)
        expectClose(layer.movingMean!.value.scalars, [0.2, 0.4], tolerance: 1e-6)
        expectClose(layer.movingVariance!.value.scalars, [1.0, 1.3], tolerance: 1e-6)
        // At inference, the moving statistics: (x − 0.2) / √1.001 and (x − 0.4) / √1.301.
        let movingMean = layer.movingMean!.value.scalars
        let inferred = try layer(x)
        expectClose(
            inferred.scalars,
            [
                0.8 / Float(1.001).squareRoot(), 1.6 / Float(1.301).squareRoot(),
                2.8 / Float(1.001).squareRoot(), 5.6 / Float(1.301).squareRoot(),
            ], tolerance: 1e-5)
        #expect(layer.movingMean!.value.scalars == movingMean)
        #expect(layer.trainableWeights.map(\.name) == ["gamma", "beta"])
        #expect(layer.nonTrainableWeights.map(\.name) == ["moving_mean", "moving_variance"])
    }

    @Test func batchNormalizationGradientsInTrainingFlowThroughTheBatchStatistics() throws {
        let layer = try built(BatchNormalization(axis: 1, affine: NormalizationAffine(gammaInitializer: .constant(1.3))), [3, 2])
        try layer.beta!.assign(try Tensor([0.1, -0.2, 0.3]))
        try gradientCheck(input: sample([4, 3, 2], -1.5...1.5, seed: 2), parameters: layer.weights) { x in
            try layer.call(x, training: true)
        }
    }

    @Test func aFrozenBatchNormalizationUsesItsMovingStatisticsEvenInTraining() throws {
        let layer = try built(BatchNormalization(), [3])
        layer.isTrainable = false
        #expect(layer.trainableWeights.isEmpty && layer.nonTrainableWeights.count == 4)
        let x = sample([5, 3], seed: 3)
        #expect(try layer.call(x, training: true).scalars == layer.call(x, training: false).scalars)
        #expect(layer.movingMean!.value.scalars == [0, 0, 0])
    }

    @Test func batchNormalizationRefusesBadOptionsByName() throws {
        var generator = RandomGenerator(seed: 1)
        let axis = #expect(throws: LayerError.self) { try BatchNormalization(axis: 2).build(inputShape: [3], using: &generator) }
        #expect("\(axis!)".contains("axis=2"))
        let batchAxis = #expect(throws: LayerError.self) { try BatchNormalization(axis: 0).build(inputShape: [3], using: &generator) }
        #expect("\(batchAxis!)".contains("batch"))
        let momentum = #expect(throws: LayerError.self) { try BatchNormalization(momentum: 1.5).build(inputShape: [3], using: &generator) }
        #expect("\(momentum!)".contains("momentum"))
        let layer = try built(BatchNormalization(), [3])
        #expect(throws: LayerError.self) { try layer(sample([2, 4])) }
        let variance = #expect(throws: LayerError.self) {
            try layer.setWeights([try .ones([3]), try .zeros([3]), try .zeros([3]), try Tensor([1, -1, 1])])
        }
        #expect("\(variance!)".contains("moving_variance"))
        let renorm = #expect(throws: ConfigError.self) {
            try LayerRegistry.layer(from: ["class_name": "BatchNormalization", "config": ["renorm": true]])
        }
        #expect("\(renorm!)".contains("renorm"))
    }

    @Test func layerNormalizationStandardizesEachSample() throws {
        let epsilon = #expect(throws: LayerError.self) { try built(LayerNormalization(epsilon: 0), [3]) }
        #expect("\(epsilon!)".contains("epsilon"))
        let plain = try built(LayerNormalization(epsilon: 1e-3), [3])
        let y = try plain(try Tensor([[1, 2, 3], [10, 10, 10]]))
        let z = 1 / (Float(2.0 / 3) + 1e-3).squareRoot()
        expectClose(y.scalars, [-z, 0, z, 0, 0, 0], tolerance: 1e-5)
        let rms = try built(LayerNormalization(rmsScaling: true), [3])
        #expect(rms.weights.map(\.name) == ["gamma"])
        // Keras's deprecated rms_scaling divides by √(variance + ε) without centring.
        expectClose(try rms(try Tensor([[1, 2, 3]])).scalars, [z, 2 * z, 3 * z], tolerance: 1e-5)
        let two = try built(LayerNormalization(axes: [-1, 1]), [2, 3])
        #expect(two.gamma!.shape == [2, 3])
        #expect(throws: LayerError.self) { try built(LayerNormalization(axes: [1, 1]), [2, 3]) }
        #expect(throws: LayerError.self) { try built(LayerNormalization(axis: 3), [2, 3]) }
    }

    @Test func unitNormalizationGivesUnitNormsAndKeepsZeroAtZero() throws {
        let layer = UnitNormalization()
        let y = try layer(try Tensor([[3, 4], [0, 0]]))
        expectClose(y.scalars, [0.6, 0.8, 0, 0], tolerance: 1e-6)
        try gradientCheck(input: try Tensor([[0.5, -1], [2, 0.1]]), parameters: []) { x in try layer.call(x, training: false) }
        let error = #expect(throws: LayerError.self) { try UnitNormalization(axis: 2)(sample([2, 3])) }
        #expect("\(error!)".contains("axis=2"))
    }
}
