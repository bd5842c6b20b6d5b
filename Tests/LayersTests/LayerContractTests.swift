import Layers
import Serialization
import Tensors
import TestSupport
import Testing

/// Every layer: builds for its input, gives the output shape it announces, back-propagates correct
/// gradients to its input and every trainable weight, and survives a Keras config round trip.
@Suite struct LayerContractTests {
    static let cases: [(String, @Sendable () -> Layer, Shape)] = [
        ("Dense relu", { Dense(units: 4, activation: .tanh) }, [3]),
        ("Dense no bias, 3-D input", { Dense(units: 2, useBias: false) }, [2, 3]),
        ("Dense regularized", { Dense(units: 3, kernelRegularizer: .l2(0.1), biasRegularizer: .l1(0.2)) }, [4]),
        ("Flatten", { Flatten() }, [2, 3]),
        ("Activation", { ActivationLayer(.softplus) }, [5]),
        ("Dropout (inference)", { Dropout(rate: 0.5) }, [4]),
        ("Normalization", { Normalization() }, [3]),
        ("Rescaling", { Rescaling(scale: 1 / 255) }, [2, 2]),
        ("Rescaling with offset", { Rescaling(scale: 2, offset: -1) }, [3]),
        ("InputLayer", { InputLayer(shape: [3]) }, [3]),
        ("BatchNormalization", { BatchNormalization() }, [3]),
        (
            "BatchNormalization axis 1 of 3-D, regularized",
            {
                BatchNormalization(axis: 1, affine: NormalizationAffine(gammaInitializer: .constant(1.5), gammaRegularizer: .l2(0.1)))
            }, [3, 2]
        ),
        ("BatchNormalization without gamma and beta", { BatchNormalization(center: false, scale: false) }, [4]),
        ("LayerNormalization", { LayerNormalization() }, [4]),
        ("LayerNormalization over two axes", { LayerNormalization(axes: [1, 2], affine: NormalizationAffine(betaRegularizer: .l1(0.1))) }, [2, 3]),
        ("LayerNormalization rms scaling", { LayerNormalization(rmsScaling: true) }, [4]),
        ("LayerNormalization without scale", { LayerNormalization(axis: 1, scale: false) }, [3, 2]),
        ("UnitNormalization", { UnitNormalization() }, [3]),
        ("UnitNormalization over two axes", { UnitNormalization(axes: [1, -1]) }, [2, 2]),
        ("Reshape", { Reshape(targetShape: [3, 2]) }, [6]),
        ("Reshape with -1", { Reshape(targetShape: [-1, 2]) }, [2, 3]),
        ("Permute", { Permute(dims: [2, 1]) }, [2, 3]),
        ("RepeatVector", { RepeatVector(n: 3) }, [2]),
        ("Identity", { Identity() }, [3]),
        ("GaussianNoise (inference)", { GaussianNoise(stddev: 0.5) }, [4]),
        ("GaussianDropout (inference)", { GaussianDropout(rate: 0.3, seed: 7) }, [4]),
        ("AlphaDropout (inference)", { AlphaDropout(rate: 0.2, noiseShape: [nil, 1]) }, [4]),
    ]

    @Test(arguments: 0..<cases.count)
    func contract(_ index: Int) throws {
        let (_, make, shape) = Self.cases[index]
        let layer = make()
        var generator = RandomGenerator(seed: 5)
        try layer.build(inputShape: shape, using: &generator)
        let input = sample(Shape([2] + shape.dimensions), -1.5...1.5, seed: 9)
        let output = try layer(input)
        #expect(output.shape == Shape([2] + (try layer.outputShape(for: shape)).dimensions))

        // Gradients, with any regularization penalty included.
        try gradientCheck(input: input, parameters: layer.weights) { x in
            let y = try layer.call(x, training: false)
            guard let penalty = try layer.regularizationLoss() else { return y }
            return try y + penalty
        }

        // Config round trip: rebuild from the config, copy the weights, same output and config.
        let json = try LayerRegistry.json(of: layer)
        let rebuilt = try LayerRegistry.layer(from: json)
        try rebuilt.build(inputShape: shape, using: &generator)
        for (target, source) in zip(rebuilt.weights, layer.weights) { try target.assign(source.value) }
        expectClose(try rebuilt(input), output)
        #expect(try rebuilt.kerasConfig() == layer.kerasConfig())
    }

    /// The merge layers: several inputs, one output, a gradient for each input, a config round trip.
    static let mergeCases: [(String, @Sendable () -> MergeLayer, [Shape])] = [
        ("Concatenate", { Concatenate() }, [[3], [2]]),
        ("Concatenate axis 1 of 3-D", { Concatenate(axis: 1) }, [[2, 3], [1, 3]]),
        ("Add", { Add() }, [[3], [3], [3]]),
        ("Subtract", { Subtract() }, [[4], [4]]),
        ("Multiply", { Multiply() }, [[2, 2], [2, 2]]),
        ("Average", { Average() }, [[3], [3]]),
        ("Maximum", { Maximum() }, [[3], [3]]),
        ("Minimum", { Minimum() }, [[3], [3]]),
        ("Dot", { Dot(axes: 1) }, [[3], [3]]),
        ("Dot normalized", { Dot(axes: -1, normalize: true) }, [[3], [3]]),
        ("Dot of matrices", { Dot(axes: [2, 2]) }, [[2, 3], [4, 3]]),
        ("Dot of a matrix and a vector", { Dot(axes: [1, 1], normalize: true) }, [[3, 2], [3]]),
    ]

    @Test(arguments: 0..<mergeCases.count)
    func mergeContract(_ index: Int) throws {
        let (_, make, shapes) = Self.mergeCases[index]
        let layer = make()
        var generator = RandomGenerator(seed: 5)
        try layer.build(inputShapes: shapes, using: &generator)
        let inputs = shapes.enumerated().map { sample(Shape([2] + $1.dimensions), -1.5...1.5, seed: UInt64(9 + $0)) }
        let output = try layer(inputs)
        #expect(output.shape == Shape([2] + (try layer.outputShape(for: shapes)).dimensions))
        for k in inputs.indices {
            try gradientCheck(input: inputs[k], parameters: []) { x in
                var arguments = inputs
                arguments[k] = x
                return try layer.call(arguments, training: false)
            }
        }
        let json = try LayerRegistry.json(of: layer)
        guard let rebuilt = try LayerRegistry.layer(from: json) as? MergeLayer else {
            Issue.record("\(layer.kerasClassName) did not come back as a merge layer")
            return
        }
        try rebuilt.build(inputShapes: shapes, using: &generator)
        expectClose(try rebuilt(inputs), output)
        #expect(try rebuilt.kerasConfig() == layer.kerasConfig())
        #expect(json["build_config"]?["input_shape"]?.arrayValue?.count == shapes.count)
    }

    @Test func weightsAreReadAndReplacedByLayerAndNothingChangesOnAMismatch() throws {
        let dense = Dense(units: 2)
        var generator = RandomGenerator(seed: 1)
        try dense.build(inputShape: [3], using: &generator)
        let before = dense.getWeights()
        #expect(before.map(\.shape) == [[3, 2], [2]])
        #expect(throws: LayerError.self) { try dense.setWeights([try .ones([3, 2]), try .ones([3])]) }
        #expect(dense.getWeights().map(\.scalars) == before.map(\.scalars))
        #expect(throws: LayerError.self) { try dense.setWeights([try .ones([3, 2])]) }
        try dense.setWeights([try .ones([3, 2]), try .zeros([2])])
        #expect(try dense(try .ones([1, 3])).scalars == [3, 3])
    }

    @Test func dropoutZeroesAboutRateAndKeepsTheExpectedSum() throws {
        let dropout = Dropout(rate: 0.3)
        var generator = RandomGenerator(seed: 1)
        try dropout.build(inputShape: [10_000], using: &generator)
        let ones = try Tensor.ones([1, 10_000])
        let dropped = try dropout.call(ones, training: true)
        let zeros = dropped.scalars.filter { $0 == 0 }.count
        #expect(Swift.abs(Double(zeros) / 10_000 - 0.3) < 0.02)
        #expect(Swift.abs(try dropped.mean().scalar! - 1) < 0.03)
        #expect(try dropout.call(ones, training: false).scalars == ones.scalars)
        #expect(throws: LayerError.self) { try Dropout(rate: 1).build(inputShape: [2], using: &generator) }
    }

    @Test func normalizationAdaptsToTheData() throws {
        let layer = Normalization()
        let data = try Tensor([[1, 10], [3, 10], [5, 10]])
        try layer.adapt(data)
        let output = try layer(data)
        expectClose(output.scalars, [-1.2247449, 0, 0, 0, 1.2247449, 0], tolerance: 1e-5)
        #expect(layer.trainableWeights.isEmpty && layer.nonTrainableWeights.count == 3)
        #expect(throws: LayerError.self) { try layer.adapt(try Tensor([[Float.nan, 1]])) }
    }

    @Test func denseRejectsTheWrongInputWidth() throws {
        let dense = Dense(units: 2)
        _ = try dense(sample([4, 3]))
        let error = #expect(throws: LayerError.self) { try dense(sample([4, 5])) }
        #expect("\(error!)".contains("dense"))
    }

    @Test func unknownLayersAndUnsupportedOptionsAreNamed() throws {
        let unknown = #expect(throws: ConfigError.self) { try LayerRegistry.layer(from: ["class_name": "Conv2D", "config": [:]]) }
        #expect("\(unknown!)".contains("Conv2D"))
        let option = #expect(throws: ConfigError.self) {
            try LayerRegistry.layer(from: ["class_name": "Dense", "config": ["units": 2, "activity_regularizer": ["class_name": "L2"]]])
        }
        #expect("\(option!)".contains("activity_regularizer"))
    }

    @Test func kerasSnakeCaseNames() {
        #expect(Dense(units: 1).name == "dense")
        #expect(InputLayer(shape: [1]).name == "input_layer")
        #expect(ActivationLayer(.relu).name == "activation")
    }
}
