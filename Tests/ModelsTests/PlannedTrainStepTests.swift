import Foundation
import Layers
import Models
import Tensors
import Testing
import Training

/// The planned training step (issue 16): the same training as the eager autodiff step, on buffers made once.
@Suite struct PlannedTrainStepTests {
    /// 203 samples of 12 features (a last batch of 11 at batch 32) and their class among 3, or 2 targets for
    /// regression; fixed by the seed.
    static func data(classes: Int = 3, regression: Bool = false) -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: 7)
        let count = 203
        let x = (0..<(count * 12)).map { _ in Float.random(in: -1...1, using: &generator) }
        var y: [Float] = []
        for row in 0..<count {
            let features = x[(row * 12)..<(row * 12 + 12)]
            if regression {
                y += [features.prefix(6).reduce(0, +), features.suffix(6).reduce(0, *) * 4]
            } else {
                y.append(Float(Int((features.prefix(4).reduce(0, +) + 4) * Float(classes) / 8).clamped(0, classes - 1)))
            }
        }
        // Shapes: [count, 12] inputs, [count] labels or [count, 2] regression targets.
        return (try! Tensor(x, shape: [count, 12]), try! Tensor(y, shape: regression ? [count, 2] : [count]))
    }

    static func classifier(_ optimizer: Optimizer, hidden: Activation = .relu, output: Activation = .softmax, loss: Loss? = nil) throws -> Sequential {
        let model = try Sequential(
            [
                Dense(units: 16, activation: hidden, inputShape: [12]), Dense(units: 8, activation: hidden),
                Dense(units: 3, activation: output),
            ], seed: 3)
        model.compile(loss: loss ?? .sparseCategoricalCrossentropy, optimizer: optimizer, metrics: [.accuracy])
        return model
    }

    /// Trains the same model twice, planned and eager, and returns both weights and histories.
    static func both(
        epochs: Int = 3, _ make: () throws -> Model, data: (x: Tensor, y: Tensor) = data()
    ) throws -> (planned: [[Float]], eager: [[Float]], plannedHistory: [String: [Float]], eagerHistory: [String: [Float]], ran: Bool) {
        let planned = try make(), eager = try make()
        eager.runEagerly = true
        let p = try planned.fit(data.x, data.y, batchSize: 32, epochs: epochs, verbose: .silent)
        let e = try eager.fit(data.x, data.y, batchSize: 32, epochs: epochs, verbose: .silent)
        return (
            planned.getWeights().map(\.scalars), eager.getWeights().map(\.scalars), p.history, e.history,
            planned.plannedStep.lastObstacle == nil
        )
    }

    @Test func adamOnThePlanIsTheEagerStepBitForBit() throws {
        let run = try Self.both { try Self.classifier(Adam(learningRate: 0.01)) }
        #expect(run.ran)
        #expect(run.planned == run.eager)
        #expect(run.plannedHistory == run.eagerHistory)
    }

    @Test(arguments: [Activation.relu, .tanh, .sigmoid])
    func momentumAndEveryHiddenActivationMatchEager(hidden: Activation) throws {
        let run = try Self.both { try Self.classifier(SGD(learningRate: 0.05, momentum: 0.9), hidden: hidden) }
        #expect(run.ran)
        #expect(run.planned == run.eager)
    }

    /// Plain SGD adds −η·xᵀ·δ inside the product (one rounding where eager has two), so the weights agree to
    /// float rounding, not bit for bit.
    @Test func plainSGDFoldedIntoTheProductAgreesWithEager() throws {
        let run = try Self.both(epochs: 5) { try Self.classifier(SGD(learningRate: 0.1)) }
        #expect(run.ran)
        for (p, e) in zip(run.planned.joined(), run.eager.joined()) { #expect(abs(p - e) <= 1e-5 * Swift.max(1, abs(e)), "\(p) vs \(e)") }
        for (key, values) in run.eagerHistory {
            for (p, e) in zip(run.plannedHistory[key] ?? [], values) { #expect(abs(p - e) <= 1e-5, "\(key): \(p) vs \(e)") }
        }
        #expect(run.planned != run.eager, "the folded update rounds once; identical weights would mean it did not run")
    }

    @Test func oneHotTargetsLogitsAndRegressionMatchEager() throws {
        let (x, labels) = Self.data()
        let oneHot = try Tensor(labels.scalars.flatMap { label in (0..<3).map { Float($0 == Int(label) ? 1 : 0) } }, shape: [203, 3])
        // One-hot cross-entropy: eager differentiates −Σ y·logSoftmax(z) operation by operation, the plan uses
        // p·Σy − y directly, so the two agree to rounding.
        let categorical = try Self.both({ try Self.classifier(Adam(), loss: .categoricalCrossentropy) }, data: (x, oneHot))
        #expect(categorical.ran)
        for (p, e) in zip(categorical.planned.joined(), categorical.eager.joined()) { #expect(abs(p - e) <= 1e-5, "\(p) vs \(e)") }
        let logits = try Self.both { try Self.classifier(RMSprop(), output: .linear, loss: .sparseCategoricalCrossentropy(fromLogits: true)) }
        #expect(logits.ran && logits.planned == logits.eager)
        let regression = try Self.both(
            {
                let model = try Sequential([Dense(units: 10, activation: .tanh, inputShape: [12]), Dense(units: 2)], seed: 5)
                model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.01))
                return model
            }, data: Self.data(regression: true))
        #expect(regression.ran)
        for (p, e) in zip(regression.planned.joined(), regression.eager.joined()) { #expect(abs(p - e) <= 1e-5, "\(p) vs \(e)") }
    }

    @Test func aFrozenLayerStaysAndPassesItsGradientOn() throws {
        let run = try Self.both {
            let model = try Self.classifier(Adam())
            try model.build(inputShape: [12])
            model.layers[0].isTrainable = false
            return model
        }
        #expect(run.ran)
        #expect(run.planned == run.eager)
    }

    /// A Normalization layer in front (as `neuralkit train` builds its models): normalized into a buffer of the
    /// plan's, element by element as the layer does, so the weights are still eager's bit for bit.
    @Test func aNormalizationLayerInFrontMatchesEager() throws {
        let (x, y) = Self.data()
        let shifted = try Tensor(x.scalars.enumerated().map { $1 * Float($0 % 5 + 1) + Float($0 % 3) }, shape: x.shape)
        let run = try Self.both(
            {
                let normalization = Normalization()
                try normalization.adapt(shifted)
                let model = try Sequential(
                    [normalization, Dense(units: 16, activation: .relu), Dense(units: 3, activation: .softmax)], seed: 3)
                model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
                return model
            }, data: (shifted, y))
        #expect(run.ran)
        #expect(run.planned == run.eager)
        // A Rescaling layer in front, as `neuralkit train` starts its image models.
        let rescaled = try Self.both(
            {
                let model = try Sequential(
                    [Rescaling(scale: 1 / 255, inputShape: [12]), Dense(units: 16, activation: .relu), Dense(units: 3, activation: .softmax)], seed: 3)
                model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
                return model
            }, data: (try Tensor(shifted.scalars.map { $0 * 60 }, shape: shifted.shape), y))
        #expect(rescaled.ran)
        #expect(rescaled.planned == rescaled.eager)
    }

    /// The plain-SGD update is −η times the gradient: checked against central differences of the loss.
    @Test func theFoldedUpdateIsTheFiniteDifferenceGradient() throws {
        let (x, y) = Self.data(regression: true)
        let batch = (x: try x.slice(0..<8), y: try y.slice(0..<8))
        let model = try Sequential([Dense(units: 5, activation: .tanh, inputShape: [12]), Dense(units: 2)], seed: 9)
        let rate: Float = 1e-3
        model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: .constant(rate)))
        try model.build(inputShape: [12])
        let before = model.getWeights()
        try model.trainOnBatch(batch.x, batch.y)
        #expect(model.plannedStep.lastObstacle == nil)
        let after = model.getWeights()
        func loss(_ weights: [Tensor]) throws -> Double {
            try model.setWeights(weights)
            return Double(try model.evaluate(batch.x, batch.y, verbose: .silent)["loss"] ?? .nan)
        }
        for (index, tensor) in before.enumerated() {
            for position in stride(from: 0, to: tensor.elementCount, by: 7) {
                var plus = before, minus = before
                let h: Float = 1e-2
                var values = tensor.scalars
                values[position] += h
                plus[index] = try Tensor(values, shape: tensor.shape)
                values[position] -= 2 * h
                minus[index] = try Tensor(values, shape: tensor.shape)
                let numeric = (try loss(plus) - loss(minus)) / Double(2 * h)
                let planned = Double(before[index].scalars[position] - after[index].scalars[position]) / Double(rate)
                #expect(abs(planned - numeric) <= 2e-3 + 2e-2 * abs(numeric), "weight \(index)[\(position)]: \(planned) vs \(numeric)")
            }
        }
    }

    /// Two threads split every large product by columns; each element is still one thread's sum in the same
    /// order, so the weights are those of one thread, bit for bit.
    @Test(arguments: ["sgd", "adam"])
    func twoThreadsGiveTheWeightsOfOne(optimizer: String) throws {
        let (x, y) = Self.data()
        func train(threads: Int) throws -> (weights: [[Float]], split: (regions: Int, onSecondThread: Int)) {
            let model = try Sequential(
                [Dense(units: 300, activation: .relu, inputShape: [12]), Dense(units: 100, activation: .relu), Dense(units: 3, activation: .softmax)],
                seed: 4)
            model.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer == "sgd" ? SGD(learningRate: 0.05) : Adam())
            model.plannedStep.threads = threads
            try model.fit(x, y, batchSize: 32, epochs: 3, verbose: .silent)
            #expect(model.plannedStep.lastObstacle == nil)
            return (model.getWeights().map(\.scalars), model.plannedStep.splitProducts)
        }
        let one = try train(threads: 1), two = try train(threads: 2)
        #expect(one.weights == two.weights)
        #expect(one.split.regions == 0)
        #expect(two.split.regions > 0)
    }

    @Test func whatThePlanDoesNotCoverRunsEagerlyAndSaysWhy() throws {
        let dropout = try Sequential([Dense(units: 8, inputShape: [12]), Dropout(rate: 0.5), Dense(units: 3, activation: .softmax)])
        dropout.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam())
        try dropout.build(inputShape: [12])
        #expect(PlannedTrainStep.obstacle(for: dropout)?.description.contains("Dropout") == true)
        let clipped = try Self.classifier(Adam(clipNorm: 1))
        try clipped.build(inputShape: [12])
        #expect(PlannedTrainStep.obstacle(for: clipped)?.description == "the optimizer's clipnorm")
        let (x, y) = Self.data()
        try dropout.fit(x, y, epochs: 1, verbose: .silent)
        #expect(dropout.plannedStep.lastObstacle != nil)
        // Sample weights: the eager step for those batches, the same result as running eagerly.
        let weights = Tensor((0..<203).map { Float($0 % 3) })
        let planned = try Self.classifier(Adam()), eager = try Self.classifier(Adam())
        eager.runEagerly = true
        try planned.fit(x, y, epochs: 1, verbose: .silent, sampleWeight: weights)
        try eager.fit(x, y, epochs: 1, verbose: .silent, sampleWeight: weights)
        #expect(planned.plannedStep.lastObstacle == PlanObstacle("sample weights"))
        #expect(planned.getWeights().map(\.scalars) == eager.getWeights().map(\.scalars))
    }
}

extension Comparable {
    fileprivate func clamped(_ low: Self, _ high: Self) -> Self { Swift.min(Swift.max(self, low), high) }
}
