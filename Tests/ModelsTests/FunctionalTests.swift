import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

@Suite struct FunctionalTests {
    /// The chapter's Wide & Deep network, with Keras's layer names.
    static func wideAndDeep() throws -> Model {
        let wide = Input(shape: [5], name: "wide_input"), deep = Input(shape: [6], name: "deep_input")
        let hidden1 = try Dense(units: 30, activation: .relu, name: "hidden1")(deep)
        let hidden2 = try Dense(units: 30, activation: .relu, name: "hidden2")(hidden1)
        let concat = try Concatenate(name: "concat")([wide, hidden2])
        let main = try Dense(units: 1, name: "main_output")(concat)
        let aux = try Dense(units: 1, name: "aux_output")(hidden2)
        return try Functional(inputs: [wide, deep], outputs: [main, aux], name: "wide_and_deep")
    }

    /// Two outputs, loss weights 0.9/0.1, a metric per output: the same History, keys and weights as Keras.
    @Test func twoOutputTrainingMatchesKeras() throws {
        let fixture = KerasFixtureTests.fixtures.wide_deep
        let model = try Self.wideAndDeep()
        for (name, values) in fixture.initial {
            let layer = model.layers.first { $0.name == name }!
            for (parameter, value) in zip(layer.weights, values) { try parameter.assign(value.tensor) }
        }
        try model.compile(
            losses: [.meanSquaredError, .meanSquaredError], lossWeights: [0.9, 0.1], optimizer: SGD(learningRate: 0.01),
            metrics: [[.meanAbsoluteError], [.meanAbsoluteError]])
        let (wide, deep, target) = (fixture.wide.tensor, fixture.deep.tensor, fixture.target.tensor)
        let train = 0..<32, valid = 32..<40
        let history = try model.fit(
            [try wide.slice(train), try deep.slice(train)], [try target.slice(train), try target.slice(train)],
            batchSize: 16, epochs: 2, verbose: .silent,
            validationData: ([try wide.slice(valid), try deep.slice(valid)], [try target.slice(valid), try target.slice(valid)]), shuffle: false)
        #expect(history.history.keys.sorted() == fixture.history.keys.sorted())
        for (key, values) in fixture.history { expectClose(history.history[key]!, values, tolerance: 1e-5, "\(key)") }
        for (name, values) in fixture.after {
            let layer = model.layers.first { $0.name == name }!
            for (parameter, value) in zip(layer.weights, values) { expectClose(parameter.value, value.tensor, tolerance: 1e-5, "\(name)") }
        }
    }

    @Test func aFunctionalModelAndASequentialOneWithTheSameWeightsAgree() throws {
        let input = Input(shape: [4])
        let functional = try Functional(inputs: [input], outputs: [try Dense(units: 2, activation: .softmax)(try Dense(units: 3, activation: .tanh)(input))])
        let sequential = try Sequential([Dense(units: 3, activation: .tanh, inputShape: [4]), Dense(units: 2, activation: .softmax)])
        try sequential.build(inputShape: [4])
        try sequential.setWeights(functional.getWeights())
        let x = sample([5, 4], seed: 3)
        expectClose(try functional(x), try sequential(x))
        for model in [functional, sequential] as [Model] {
            try (try model(x) * sample([5, 2], seed: 4)).sum().backward()
        }
        for (a, b) in zip(functional.weights, sequential.weights) { expectClose(a.gradient!, b.gradient!) }
        try gradientCheck(input: x, parameters: functional.weights) { try functional.call($0, training: false) }
    }

    @Test func aLayerCalledTwiceSharesItsWeightsAndAddsUpItsGradients() throws {
        let shared = Dense(units: 2, name: "shared")
        let a = Input(shape: [3], name: "a"), b = Input(shape: [3], name: "b")
        let model = try Functional(inputs: [a, b], outputs: [try Add()([try shared(a), try shared(b)])])
        #expect(model.weights.count == 2)
        let xa = sample([4, 3], seed: 5), xb = sample([4, 3], seed: 6)
        try (try model.call([xa, xb], training: false)[0]).sum().backward()
        // d/dW Σ (xa·W + b + xb·W + b) = Σ rows of (xa + xb), for each output column.
        let columnSums = try (xa + xb).sum(alongAxes: [0]).scalars
        expectClose(shared.kernel!.gradient!.scalars, columnSums.flatMap { [$0, $0] })
        expectClose(shared.bias!.gradient!.scalars, [8, 8])
    }

    @Test(arguments: [("Concatenate", 0), ("Add", 1), ("Subtract", 2), ("Multiply", 3), ("Average", 4), ("Maximum", 5), ("Minimum", 6)])
    func mergeLayerGradientsAndConfigs(_ name: String, _ index: Int) throws {
        let layers: [MergeLayer] = [Concatenate(), Add(), Subtract(), Multiply(), Average(), Maximum(), Minimum()]
        let layer = layers[index]
        let a = sample([3, 4], seed: 7), b = sample([3, 4], seed: 8)
        let merged = try layer([a, b])
        #expect(merged.shape == (name == "Concatenate" ? [3, 8] : [3, 4]))
        try gradientCheck([a, b]) { try layer.call($0, training: false) }
        let rebuilt = try LayerRegistry.layer(from: try LayerRegistry.json(of: layer))
        #expect(rebuilt.kerasClassName == name)
        expectClose(try (rebuilt as! MergeLayer)([a, b]), merged)
    }

    @Test func shapesAreCheckedWhenTheGraphIsBuilt() throws {
        let a = Input(shape: [3], name: "a"), b = Input(shape: [2, 2], name: "b")
        let error = #expect(throws: ModelError.self) { try Concatenate(name: "join")([a, b]) }
        #expect("\(error!)".contains("join") && "\(error!)".contains("(None, 3)") && "\(error!)".contains("(None, 2, 2)"))
        #expect(throws: ModelError.self) { try Add()([a, Input(shape: [4])]) }
        #expect(throws: ModelError.self) { try Subtract()([a, a, a]) }
        let built = Dense(units: 2)
        _ = try built(sample([1, 3]))
        let mismatch = #expect(throws: ModelError.self) { try built(Input(shape: [5], name: "wide")) }
        #expect("\(mismatch!)".contains("wide"))
    }

    @Test func badGraphsAndBadDataAreNamed() throws {
        let a = Input(shape: [3], name: "a"), stray = Input(shape: [3], name: "stray"), unused = Input(shape: [3], name: "unused")
        let output = try Add()([try Dense(units: 3)(a), stray])
        let notListed = #expect(throws: ModelError.self) { try Functional(inputs: [a], outputs: [output]) }
        #expect("\(notListed!)".contains("stray"))
        let neverUsed = #expect(throws: ModelError.self) { try Functional(inputs: [a, stray, unused], outputs: [output]) }
        #expect("\(neverUsed!)".contains("unused"))

        let model = try Functional(inputs: [a, stray], outputs: [output, try Dense(units: 1, name: "score")(a)])
        #expect(model.inputNames == ["a", "stray"] && model.outputNames == ["add", "score"])
        #expect(throws: ModelError.self) { try model.compile(losses: [.meanSquaredError], optimizer: SGD()) }
        #expect(throws: ModelError.self) { try model.compile(losses: ["nope": .meanSquaredError], optimizer: SGD()) }
        try model.compile(losses: ["add": .meanSquaredError, "score": .meanAbsoluteError], lossWeights: ["score": 0.5], optimizer: SGD())
        let x = sample([6, 3], seed: 1), y = sample([6, 3], seed: 2), s = sample([6, 1], seed: 3)
        let wrongCount = #expect(throws: ModelError.self) { try model.fit([x], [y, s], verbose: .silent) }
        #expect("\(wrongCount!)".contains("2 input(s)"))
        let history = try model.fit(["stray": x, "a": x], ["add": y, "score": s], epochs: 2, verbose: .silent)
        #expect(history.history.keys.sorted() == ["add_loss", "loss", "score_loss"])
        let total = history.history["loss"]!, parts = (history.history["add_loss"]!, history.history["score_loss"]!)
        #expect(Swift.abs(total[1] - (parts.0[1] + 0.5 * parts.1[1])) < 1e-4)
        let outputs = try model.predict([x, x], batchSize: 4)
        #expect(outputs.map(\.shape) == [[6, 3], [6, 1]])
        let named = try model.predict(["a": x, "stray": x])
        expectClose(named["score"]!, outputs[1])
        let evaluated = try model.evaluate(["a": x, "stray": x], ["add": y, "score": s])
        #expect(evaluated.keys.sorted() == ["add_loss", "loss", "score_loss"])
        #expect(throws: ModelError.self) { try model.predict(["a": x]) }
        #expect(throws: ModelError.self) { try model.predict(x) }
    }

    @Test func summaryHasTheConnectedToColumn() throws {
        let summary = try Self.wideAndDeep().summary()
        #expect(summary.contains("Connected to"))
        #expect(summary.contains("concat (Concatenate)"))
        #expect(summary.contains("wide_input[0][0]") && summary.contains("hidden2[0][0]"))
        #expect(summary.contains(" Total params: 1,207 (4.71 KB)"))
    }
}
