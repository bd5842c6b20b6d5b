import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

/// The layers a dense network uses, through `.keras` files both ways with Keras 3, and
/// BatchNormalization's training checked step by step against Keras's own run
/// (`tools/make_layer_fixtures.py`).
@Suite struct KerasLayerFileTests {
    typealias Encoded = KerasFixtures.Encoded
    struct Catalogue: Decodable {
        let a: Encoded, b: Encoded, predictions: Encoded, moving_mean: Encoded
        let trainable_params: Int, non_trainable_params: Int
    }
    struct Step: Decodable {
        let weights: [Encoded]
        let loss: Float
    }
    struct BatchNormRun: Decodable {
        let x: Encoded, y: Encoded, initial: [Encoded], steps: [Step], predictions: Encoded
    }
    struct FrozenRun: Decodable {
        let initial: [Encoded], after: [Encoded]
        let trainable_params: Int
    }
    struct Options: Decodable {
        let x: Encoded, predictions: Encoded
    }
    struct Fixture: Decodable {
        let catalogue: Catalogue
        let options: Options
        let batch_norm_run: BatchNormRun
        let frozen_batch_norm_run: FrozenRun
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "keras_layers", withExtension: "json", subdirectory: "Fixtures/layers")
        do { return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url ?? URL(fileURLWithPath: "/missing"))) } catch {
            preconditionFailure("Fixtures/layers/keras_layers.json cannot be read: \(error); run tools/make_layer_fixtures.py")
        }
    }()

    @Test func opensKerasCatalogueWithKerasPredictionsAndParameterCounts() throws {
        let url = try #require(Bundle.module.url(forResource: "catalogue", withExtension: "keras", subdirectory: "Fixtures/layers"))
        let model = try Model.load(from: url.path)
        let expected = Self.fixture.catalogue
        let classes = Set(model.layers.map(\.kerasClassName))
        for name in [
            "BatchNormalization", "LayerNormalization", "UnitNormalization", "Reshape", "Permute", "RepeatVector",
            "GaussianNoise", "GaussianDropout", "AlphaDropout", "Identity", "Dot",
        ] {
            #expect(classes.contains(name), "\(name) is missing from the loaded model")
        }
        let predictions = try model.predict([expected.a.tensor, expected.b.tensor])[0]
        expectClose(predictions, expected.predictions.tensor, tolerance: 1e-5)
        let batchNorm = try #require(model.layers.first { $0.name == "batch_norm" } as? BatchNormalization)
        expectClose(try #require(batchNorm.movingMean).value, expected.moving_mean.tensor, tolerance: 1e-6)
        #expect(batchNorm.movingMean?.value.scalars.allSatisfy { $0 != 0 } == true)
        let trainable = model.trainableWeights.reduce(0) { $0 + $1.shape.elementCount }
        let frozen = model.nonTrainableWeights.reduce(0) { $0 + $1.shape.elementCount }
        #expect(trainable == expected.trainable_params && frozen == expected.non_trainable_params)
        #expect(try model.summary().contains("Non-trainable params: \(expected.non_trainable_params) "))
    }

    @Test func opensKerasOptionsModelWithKerasPredictions() throws {
        let url = try #require(Bundle.module.url(forResource: "options", withExtension: "keras", subdirectory: "Fixtures/layers"))
        let model = try Model.load(from: url.path)
        let rms = try #require(model.layers.first { $0.name == "rms" } as? LayerNormalization)
        #expect(rms.rmsScaling && rms.beta == nil)
        let plain = try #require(model.layers.first { $0.name == "bn_plain" } as? BatchNormalization)
        #expect(plain.weights.map(\.name) == ["moving_mean", "moving_variance"])
        let options = try #require(model.layers.first { $0.name == "bn_options" } as? BatchNormalization)
        #expect(options.axis == 1 && options.momentum == 0.5 && options.affine.gammaRegularizer == .l2(0.01))
        #expect(options.affine.betaConstraint == .nonNeg)
        #expect((model.layers.first { $0.name == "alpha" } as? AlphaDropout)?.noiseShape == [nil, 1])
        let fixture = Self.fixture.options
        expectClose(try model.predict(fixture.x.tensor), fixture.predictions.tensor, tolerance: 1e-5)
    }

    /// The options model as NeuralKit writes it (`tools/make_layer_fixtures.py` builds the same in Keras).
    static func options(seed: UInt64) throws -> Functional {
        let grid = Input(shape: [2, 3], name: "grid")
        var h = try LayerNormalization(rmsScaling: true, name: "rms")(grid)
        h = try BatchNormalization(center: false, scale: false)(h)
        h = try UnitNormalization(axes: [1, 2])(h)
        h = try BatchNormalization(axis: 1, momentum: 0.5, affine: NormalizationAffine(gammaRegularizer: .l2(0.01), betaConstraint: .nonNeg))(h)
        h = try AlphaDropout(rate: 0.2, noiseShape: [nil, 1])(try Flatten()(h))
        return try Functional(inputs: [grid], outputs: [try Dense(units: 2)(h)], name: "options", seed: seed)
    }

    @Test func batchNormalizationTrainsStepByStepAsKerasDoes() throws {
        let run = Self.fixture.batch_norm_run
        let model = try Sequential([
            InputLayer(shape: [4]), Dense(units: 5, activation: .relu, name: "hidden"),
            BatchNormalization(momentum: 0.9, name: "bn"), Dense(units: 3, activation: .softmax, name: "out"),
        ])
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.1, momentum: 0.9))
        _ = try model.predict(try run.x.tensor.slice(0..<1))
        try model.setWeights(run.initial.map(\.tensor))
        var losses: [Float] = []
        for (step, expected) in run.steps.enumerated() {
            let rows = (step % 3) * 8..<(step % 3) * 8 + 8
            let history = try model.fit(
                try run.x.tensor.slice(rows), try run.y.tensor.slice(rows), batchSize: 8, epochs: 1, verbose: .silent, shuffle: false)
            losses = step % 3 == 0 ? [] : losses
            losses.append(history.history["loss"]?.last ?? .nan)
            // Keras logs the mean loss of the epoch so far after each batch.
            let epochMean = losses.reduce(0, +) / Float(losses.count)
            #expect(Swift.abs(epochMean - expected.loss) < 1e-5, "loss at step \(step + 1)")
            for (index, (ours, theirs)) in zip(model.getWeights(), expected.weights).enumerated() {
                expectClose(ours, theirs.tensor, tolerance: 1e-5, "weight \(index) after step \(step + 1)")
            }
        }
        expectClose(try model.predict(try run.x.tensor.slice(0..<4)), run.predictions.tensor, tolerance: 1e-5)
        #expect(model.nonTrainableWeights.map(\.name) == ["moving_mean", "moving_variance"])
        #expect(try model.summary().contains("Non-trainable params: 10 "))
    }

    /// A frozen BatchNormalization (`trainable=False`) runs in inference mode inside `fit`, as in Keras 3:
    /// gamma, beta and the moving statistics stay, the layers around it train as Keras's do.
    @Test func aFrozenBatchNormalizationTrainsAsKerasDoes() throws {
        let run = Self.fixture.batch_norm_run, frozen = Self.fixture.frozen_batch_norm_run
        let batchNorm = BatchNormalization(name: "bn")
        batchNorm.isTrainable = false
        let model = try Sequential([
            InputLayer(shape: [4]), Dense(units: 5, activation: .relu, name: "hidden"), batchNorm,
            Dense(units: 3, activation: .softmax, name: "out"),
        ])
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.1))
        _ = try model.predict(try run.x.tensor.slice(0..<1))
        try model.setWeights(frozen.initial.map(\.tensor))
        #expect(model.trainableWeights.reduce(0) { $0 + $1.shape.elementCount } == frozen.trainable_params)
        try model.fit(try run.x.tensor.slice(0..<8), try run.y.tensor.slice(0..<8), batchSize: 8, epochs: 3, verbose: .silent, shuffle: false)
        for (index, (ours, theirs)) in zip(model.getWeights(), frozen.after).enumerated() {
            expectClose(ours, theirs.tensor, tolerance: 1e-5, "weight \(index)")
        }
        #expect(batchNorm.getWeights().map(\.scalars) == frozen.initial[2..<6].map(\.values))
    }

    /// Chapter 11's Fashion-MNIST network with batch normalization: the book's (and Keras's) counts.
    @Test func theSummaryCountsTheMovingStatisticsAsNonTrainable() throws {
        let model = try Sequential([
            Flatten(inputShape: [28, 28]), BatchNormalization(), Dense(units: 300, activation: .relu), BatchNormalization(),
            Dense(units: 100, activation: .relu), BatchNormalization(), Dense(units: 10, activation: .softmax),
        ])
        try model.build(inputShape: [28, 28])
        let summary = try model.summary()
        #expect(summary.contains("Total params: 271,346 "))
        #expect(summary.contains("Trainable params: 268,978 "))
        #expect(summary.contains("Non-trainable params: 2,368 "))
        #expect(summary.contains("│ batch_normalization_2 (BatchNo… │ (None, 100)            │           400 │"))
    }

    /// Every new layer in one Functional model, as the fixture generator builds it in Keras.
    static func catalogue(seed: UInt64) throws -> Functional {
        let a = Input(shape: [6], name: "a"), b = Input(shape: [6], name: "b")
        var x = try Dense(units: 6, name: "dense_a")(a)
        x = try BatchNormalization(momentum: 0.8)(x)
        x = try LayerNormalization()(x)
        x = try GaussianNoise(stddev: 0.1)(x)
        x = try GaussianDropout(rate: 0.2)(x)
        x = try AlphaDropout(rate: 0.1)(x)
        x = try Identity()(x)
        var grid = try Reshape(targetShape: [2, 3])(x)
        grid = try LayerNormalization(axes: [1, 2], affine: NormalizationAffine(center: false))(grid)
        grid = try BatchNormalization(axis: 1, epsilon: 0.01)(grid)
        let flat = try Reshape(targetShape: [-1])(try Permute(dims: [2, 1])(grid))
        let repeated = try RepeatVector(n: 2)(try Dense(units: 3, activation: .tanh)(b))
        let pairs = try Reshape(targetShape: [4])(try Dot(axes: [2, 2])([grid, repeated]))
        let cosine = try Dot(axes: 1, normalize: true)([try UnitNormalization()(flat), try Dense(units: 6)(b)])
        let out = try Dense(units: 2, name: "out")(try Concatenate()([flat, pairs, cosine]))
        return try Functional(inputs: [a, b], outputs: [out], name: "catalogue", seed: seed)
    }

    @Test func kerasOpensNeuralKitCatalogueWithTheSamePredictions() throws {
        let path = temporaryPath("catalogue.keras"), optionsPath = temporaryPath("options.keras")
        let weightsPath = temporaryPath("catalogue.weights.h5")
        defer { for file in [path, optionsPath, weightsPath] { try? FileManager.default.removeItem(atPath: file) } }
        let options = try Self.options(seed: 4)
        options.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.05))
        let grid = sample([12, 2, 3], -3...1, seed: 4)
        try options.fit(grid, sample([12, 2], seed: 5), batchSize: 4, epochs: 2, verbose: .silent, shuffle: false)
        try options.save(to: optionsPath)
        let optionsX = try grid.slice(0..<4)
        let model = try Self.catalogue(seed: 3)
        model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.01))
        let a = sample([16, 6], -2...3, seed: 1), b = sample([16, 6], seed: 2), target = sample([16, 2], seed: 3)
        try model.fit([a, b], [target], batchSize: 8, epochs: 3, verbose: .silent, shuffle: false)
        try model.save(to: path)
        let reopened = try Model.load(from: path)
        let (xa, xb) = (try a.slice(0..<5), try b.slice(0..<5))
        #expect(try reopened.predict([xa, xb])[0].scalars == model.predict([xa, xb])[0].scalars)
        #expect(try reopened.summary() == model.summary())
        // One more epoch, saved as weights only: Keras loads them into the model from the .keras file.
        let before = try model.predict([xa, xb])[0]
        try model.fit([a, b], [target], batchSize: 8, epochs: 1, verbose: .silent, shuffle: false)
        try model.saveWeights(to: weightsPath)
        let after = try model.predict([xa, xb])[0]

        let script = """
            m = keras.models.load_model(sys.argv[1])
            a = np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(5, 6)
            b = np.array(json.loads(sys.argv[3]), dtype=np.float32).reshape(5, 6)
            p = m.predict((a, b), verbose=0)
            count = lambda ws: int(sum(np.prod(w.shape) for w in ws))
            print(json.dumps({"p": p.reshape(-1).tolist(), "trainable": count(m.trainable_weights),
                              "frozen": count(m.non_trainable_weights),
                              "classes": sorted({type(l).__name__ for l in m.layers}),
                              "options": keras.models.load_model(sys.argv[4]).predict(
                                  np.array(json.loads(sys.argv[5]), dtype=np.float32).reshape(4, 2, 3), verbose=0).reshape(-1).tolist(),
                              "after": (m.load_weights(sys.argv[6]), m.predict((a, b), verbose=0).reshape(-1).tolist())[1]}))
            """
        let arguments = [path, "\(xa.scalars)", "\(xb.scalars)", optionsPath, "\(optionsX.scalars)", weightsPath]
        guard let line = try runKerasScript(script, arguments) else { return }
        struct Result: Decodable {
            let p: [Float], options: [Float], after: [Float]
            let trainable: Int, frozen: Int
            let classes: [String]
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        expectClose(result.p, before.scalars, tolerance: 1e-5)
        expectClose(result.after, after.scalars, tolerance: 1e-5)
        #expect(before.scalars != after.scalars)
        expectClose(result.options, try options.predict(optionsX).scalars, tolerance: 1e-5)
        #expect(result.trainable == model.trainableWeights.reduce(0) { $0 + $1.shape.elementCount })
        #expect(result.frozen == model.nonTrainableWeights.reduce(0) { $0 + $1.shape.elementCount })
        #expect(result.classes.contains("Dot") && result.classes.contains("BatchNormalization") && result.classes.contains("AlphaDropout"))
    }
}
