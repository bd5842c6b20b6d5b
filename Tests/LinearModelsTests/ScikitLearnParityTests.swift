import Datasets
import Foundation
import LinearModels
import TestSupport
import Testing

/// Perceptron and SGDClassifier against scikit-learn 1.9.1 (`tools/make_sklearn_fixtures.py`), shuffling off.
@Suite struct ScikitLearnParityTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let dataset: String
        let features: [Int]?
        let positive: Int?
        let estimator: String
        let params: Params
        let coef: [[Double]]
        let intercept: [Double]
        let n_iter: Int
        let t: Double
        let accuracy: Double
        let decision_rows: [[Double]]
        let predict_rows: [Int]
        let proba_rows: [[Double]]?
        var testDescription: String { name }
    }

    struct Params: Decodable, Sendable {
        let loss: String?
        let learning_rate: String?
        let eta0: Double?
        let penalty: String?
        let alpha: Double?
        let l1_ratio: Double?
        let class_weight: String?
        let fit_intercept: Bool?
    }

    static let cases: [Case] = {
        let url = Bundle.module.url(forResource: "sklearn_linear", withExtension: "json", subdirectory: "Fixtures")!
        struct File: Decodable { let cases: [Case] }
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()

    static func model(for test: Case) -> SGDClassifier {
        let p = test.params
        let penalty = p.penalty.map { Penalty(rawValue: $0)! } ?? (test.estimator == "Perceptron" ? .none : .l2)
        let classWeight: ClassWeight = p.class_weight == "balanced" ? .balanced : .uniform
        if test.estimator == "Perceptron" {
            return Perceptron(
                penalty: penalty, alpha: p.alpha ?? 0.0001, l1Ratio: p.l1_ratio ?? 0.15,
                fitIntercept: p.fit_intercept ?? true, shuffle: false, classWeight: classWeight)
        }
        return SGDClassifier(
            loss: ClassificationLoss(rawValue: p.loss ?? "hinge")!, penalty: penalty, alpha: p.alpha ?? 0.0001,
            l1Ratio: p.l1_ratio ?? 0.15, fitIntercept: p.fit_intercept ?? true, shuffle: false,
            learningRate: SGDLearningRate(rawValue: p.learning_rate ?? "optimal")!, eta0: p.eta0 ?? 0.01,
            classWeight: classWeight)
    }

    static func data(for test: Case) throws -> (x: [[Double]], y: [Int]) {
        var dataset = try test.dataset == "iris" ? Iris.load() : Digits.load()
        if let features = test.features {
            dataset.features = dataset.features.map { row in features.map { row[$0] } }
        }
        let y = dataset.labels.map { label in test.positive.map { label == $0 ? 1 : 0 } ?? label }
        return (dataset.features, y)
    }

    @Test(arguments: cases)
    func matchesScikitLearn(_ test: Case) throws {
        let (x, y) = try Self.data(for: test)
        let model = Self.model(for: test)
        try model.fit(x, y)
        #expect(model.iterationCount == test.n_iter)
        #expect(model.updateCount == test.t)
        #expect(model.coefficients.count == test.coef.count)
        for (ours, theirs) in zip(model.coefficients, test.coef) { expectClose(ours, theirs, tolerance: 1e-5, "coefficients") }
        expectClose(model.intercepts, test.intercept, tolerance: 1e-5, "intercepts")
        #expect(Swift.abs(try model.score(x, y) - test.accuracy) < 1e-12)
        let decisions = try model.decisionFunction(Array(x.prefix(5)))
        for (ours, theirs) in zip(decisions, test.decision_rows) { expectClose(ours, theirs, tolerance: 1e-5, "decision") }
        #expect(try model.predict(Array(x.prefix(5))) == test.predict_rows)
        if let expected = test.proba_rows {
            for (ours, theirs) in zip(try model.predictProbabilities(Array(x.prefix(5))), expected) {
                expectClose(ours, theirs, tolerance: 1e-5, "probabilities")
            }
        }
    }

    @Test func theChaptersPerceptronHasScikitLearnsExactNumbers() throws {
        let iris = try Iris.load().selectingFeatures(["petal_length", "petal_width"])
        let perceptron = Perceptron(shuffle: false)
        try perceptron.fit(iris.features, iris.labels.map { $0 == 0 ? 1 : 0 })
        expectClose(perceptron.coefficients[0], [-0.5, -0.8], tolerance: 1e-12)
        expectClose(perceptron.intercepts, [2.0], tolerance: 1e-12)
        #expect(perceptron.iterationCount == 8)
        #expect(perceptron.updateCount == 1201)
        #expect(try perceptron.predict([[2, 0.5]]) == [1])
    }
}
