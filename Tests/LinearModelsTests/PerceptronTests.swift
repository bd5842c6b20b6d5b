import Datasets
import LinearModels
import TestSupport
import Testing

@Suite struct PerceptronTests {
    static let xorInputs: [[Double]] = [[0, 0], [0, 1], [1, 0], [1, 1]]
    static let xorLabels = [0, 1, 1, 0]

    /// No line separates XOR's classes, so a single layer of TLUs gets at most 3 of the 4 points right.
    @Test func aPerceptronCannotLearnXOR() throws {
        for seed in UInt64(0)..<20 {
            let perceptron = Perceptron(maxIterations: 1000, tolerance: nil, seed: seed)
            try perceptron.fit(Self.xorInputs, Self.xorLabels)
            #expect(try perceptron.score(Self.xorInputs, Self.xorLabels) <= 0.75)
        }
    }

    /// The chapter's fix: stack TLUs. OR and NAND in the hidden layer, AND on top.
    @Test func twoLayersOfThresholdUnitsComputeXOR() throws {
        let outputs = try Self.xorInputs.map { try ThresholdNetwork.xor($0)[0] }
        #expect(outputs == [0, 1, 1, 0])
        #expect(try ThresholdLogicUnit(weights: [1, 1], bias: -1.5)([1, 1]) == 1)
        #expect(throws: LinearModelError.self) { try ThresholdLogicUnit(weights: [1, 1], bias: 0)([1]) }
    }

    @Test func perceptronIsSGDClassifierWithThePerceptronLossConstantRateAndNoPenalty() throws {
        let iris = try Iris.load()
        let perceptron = Perceptron(seed: 3)
        let sgd = SGDClassifier(loss: .perceptron, penalty: .none, seed: 3, learningRate: .constant, eta0: 1)
        try perceptron.fit(iris.features, iris.labels)
        try sgd.fit(iris.features, iris.labels)
        #expect(perceptron.coefficients == sgd.coefficients)
        #expect(perceptron.intercepts == sgd.intercepts)
    }

    @Test func theSameSeedGivesTheSameModelAndShufflingChangesIt() throws {
        let iris = try Iris.load()
        func fit(_ seed: UInt64, shuffle: Bool = true) throws -> [[Double]] {
            let model = Perceptron(shuffle: shuffle, seed: seed)
            try model.fit(iris.features, iris.labels)
            return model.coefficients
        }
        #expect(try fit(1) == fit(1))
        #expect(try fit(1) != fit(2))
        #expect(try fit(1, shuffle: false) == fit(2, shuffle: false))
    }

    @Test func shuffledTrainingSeparatesSetosa() throws {
        let iris = try Iris.load().selectingFeatures(["petal_length", "petal_width"])
        let perceptron = Perceptron()
        try perceptron.fit(iris.features, iris.labels.map { $0 == 0 ? 1 : 0 })
        #expect(try perceptron.score(iris.features, iris.labels.map { $0 == 0 ? 1 : 0 }) == 1)
        #expect(try perceptron.predict([[2, 0.5]]) == [1])
    }

    @Test func partialFitRunsOneEpochAtATime() throws {
        let iris = try Iris.load()
        let model = Perceptron(shuffle: false)
        #expect(throws: LinearModelError.self) { try model.partialFit(iris.features, iris.labels) }
        try model.partialFit(iris.features, iris.labels, classes: [0, 1, 2])
        #expect(model.updateCount == 151)
        try model.partialFit(iris.features, iris.labels)
        #expect(model.updateCount == 301)
        #expect(throws: LinearModelError.self) { try model.partialFit(iris.features, [Int](repeating: 7, count: 150)) }
        // Two partial fits without shuffling equal two epochs of fit.
        let twoEpochs = Perceptron(maxIterations: 2, tolerance: nil, shuffle: false)
        try twoEpochs.fit(iris.features, iris.labels)
        #expect(twoEpochs.coefficients == model.coefficients)
    }

    @Test func warmStartContinuesFromTheLastCoefficients() throws {
        let iris = try Iris.load()
        let model = Perceptron(maxIterations: 1, tolerance: nil, shuffle: false, warmStart: true)
        try model.fit(iris.features, iris.labels)
        try model.fit(iris.features, iris.labels)
        let twoEpochs = Perceptron(maxIterations: 2, tolerance: nil, shuffle: false)
        try twoEpochs.fit(iris.features, iris.labels)
        #expect(model.coefficients == twoEpochs.coefficients)
    }

    @Test func earlyStoppingHoldsOutAValidationSet() throws {
        let digits = try Digits.load()
        let model = Perceptron(earlyStopping: true, validationFraction: 0.2)
        try model.fit(digits.features, digits.labels)
        #expect(model.iterationCount < 1000)
        #expect(try model.score(digits.features, digits.labels) > 0.85)
    }

    @Test func logisticRegressionGivesProbabilitiesThatSumToOne() throws {
        let iris = try Iris.load()
        let model = SGDClassifier(loss: .logLoss)
        try model.fit(iris.features, iris.labels)
        for row in try model.predictProbabilities(Array(iris.features.prefix(10))) {
            #expect(Swift.abs(row.reduce(0, +) - 1) < 1e-12)
        }
        let hinge = SGDClassifier()
        try hinge.fit(iris.features, iris.labels)
        #expect(throws: LinearModelError.self) { try hinge.predictProbabilities(iris.features) }
    }
}
