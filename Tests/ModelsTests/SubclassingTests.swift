import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

/// The chapter's Wide & Deep network, subclassed: layers made in `init`, wired in `call`, listed nowhere.
final class WideAndDeepSubclass: Model {
    let hidden1 = Dense(units: 30, activation: .relu, name: "hidden1")
    let hidden2 = Dense(units: 30, activation: .relu, name: "hidden2")
    let concat = Concatenate(name: "concat")
    let mainOutput = Dense(units: 1, name: "main_output")
    let auxOutput = Dense(units: 1, name: "aux_output")

    init() { super.init(name: "wide_and_deep", inputShapes: [[5], [6]], outputNames: ["main_output", "aux_output"]) }

    override func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        let hidden = try hidden2(try hidden1(inputs[1]))
        return [try mainOutput(try concat([inputs[0], hidden])), try auxOutput(hidden)]
    }
}

final class NoLayers: Model {
    init() { super.init(inputShape: [2]) }
    override func call(_ input: Tensor, training: Bool) throws -> Tensor { input }
}

final class TwoLayerClassifier: Model {
    let hidden = Dense(units: 8, activation: .relu)
    let output = Dense(units: 2, activation: .softmax)
    override func call(_ input: Tensor, training: Bool) throws -> Tensor { try output(try hidden(input)) }
}

@Suite struct SubclassingTests {
    @Test func aSubclassFindsItsLayersAndMatchesTheFunctionalModel() throws {
        let subclass = WideAndDeepSubclass()
        try subclass.build(inputShape: [5])
        #expect(subclass.layers.map(\.name) == ["hidden1", "hidden2", "concat", "main_output", "aux_output"])
        #expect(subclass.weights.count == 8)
        let functional = try FunctionalTests.wideAndDeep()
        try subclass.setWeights(functional.getWeights())
        let x = [sample([4, 5], seed: 1), sample([4, 6], seed: 2)]
        for (a, b) in zip(try subclass.predict(x), try functional.predict(x)) { expectClose(a, b) }

        let y = [sample([4, 1], seed: 3), sample([4, 1], seed: 4)]
        for model in [subclass, functional] as [Model] {
            try model.compile(losses: [.meanSquaredError, .meanSquaredError], lossWeights: [0.9, 0.1], optimizer: SGD(learningRate: 0.01))
        }
        let first = try subclass.fit(x, y, epochs: 3, verbose: .silent, shuffle: false)
        let second = try functional.fit(x, y, epochs: 3, verbose: .silent, shuffle: false)
        #expect(first.history.keys.sorted() == ["aux_output_loss", "loss", "main_output_loss"])
        for key in first.history.keys { expectClose(first.history[key]!, second.history[key]!, tolerance: 1e-6, "\(key)") }
        #expect(try subclass.summary().contains("concat (Concatenate)"))
    }

    @Test func aSubclassBuildsFromItsFirstDataAndTrains() throws {
        let model = TwoLayerClassifier(seed: 3)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.05), metrics: [.accuracy])
        let x = try Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = Tensor([0, 1, 1, 0])
        try model.fit(x, y, batchSize: 4, epochs: 200, verbose: .silent)
        #expect(model.layers.map(\.name) == ["dense", "dense_1"])
        #expect(try model.evaluate(x, y)["accuracy"] == 1)
        let summary = try model.summary()
        #expect(summary.contains("dense_1 (Dense)") && summary.contains("(None, 2)"))
    }

    @Test func theSameSeedGivesTheSameSubclassWeights() throws {
        let a = TwoLayerClassifier(seed: 9), b = TwoLayerClassifier(seed: 9), c = TwoLayerClassifier(seed: 10)
        for model in [a, b, c] { try model.build(inputShape: [2]) }
        #expect(a.getWeights().map(\.scalars) == b.getWeights().map(\.scalars))
        #expect(a.getWeights()[0].scalars != c.getWeights()[0].scalars)
        // The two Dense layers get different initial weights: each draws from the model's stream.
        #expect(a.getWeights()[0].scalars.prefix(2) != a.getWeights()[2].scalars.prefix(2))
    }

    @Test func aSubclassWhoseCallUsesNoLayersIsAnError() throws {
        let error = #expect(throws: ModelError.self) { try NoLayers().build(inputShape: [2]) }
        #expect("\(error!)".contains("layer(x)"))
    }
}

final class UndeclaredOutputs: Model {
    let a = Dense(units: 1), b = Dense(units: 1)
    init() { super.init(inputShape: [2]) }
    override func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] { [try a(inputs[0]), try b(inputs[0])] }
}

@Suite struct SubclassOutputTests {
    @Test func outputsThatWereNotDeclaredAreAnError() throws {
        let model = UndeclaredOutputs()
        model.compile(loss: .meanSquaredError, optimizer: SGD())
        let error = #expect(throws: ModelError.self) { try model.fit(try Tensor([[1, 2]]), Tensor([1]), verbose: .silent) }
        #expect("\(error!)".contains("outputNames"))
    }
}
