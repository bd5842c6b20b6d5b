import Foundation
import Testing

@testable import Tuning

/// The Gaussian process against scikit-learn's, set up as Keras Tuner sets it up
/// (tools/make_gaussian_process_fixtures.py): same fitted length scale, likelihood and predictions.
@Suite struct GaussianProcessTests {
    struct Fixture: Decodable {
        var alpha: Double
        var cases: [Case]
    }

    struct Case: Decodable {
        var x: [[Double]]
        var y: [Double]
        var length_scale: Double
        var log_likelihood: Double
        var tests: [[Double]]
        var mean: [Double]
        var std: [Double]
    }

    static let fixture: Fixture = {
        guard let url = Bundle.module.url(forResource: "gaussian_process", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), let fixture = try? JSONDecoder().decode(Fixture.self, from: data)
        else { return Fixture(alpha: 0, cases: []) }
        return fixture
    }()

    @Test(arguments: 0..<5)
    func matchesScikitLearn(index: Int) throws {
        let item = try #require(Self.fixture.cases.indices.contains(index) ? Self.fixture.cases[index] : nil)
        let process = GaussianProcess(x: item.x, y: item.y, alpha: Self.fixture.alpha)
        #expect(abs(process.lengthScale / item.length_scale - 1) < 1e-3, "length scale \(process.lengthScale) vs \(item.length_scale)")
        let mean = item.y.reduce(0, +) / Double(item.y.count)
        let std = (item.y.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(item.y.count)).squareRoot()
        let likelihood = try #require(GaussianProcess.logLikelihood(item.x, item.y.map { ($0 - mean) / std }, Self.fixture.alpha, process.lengthScale))
        #expect(abs(likelihood - item.log_likelihood) < 1e-5 * max(1, abs(item.log_likelihood)))
        for (point, (expectedMean, expectedStd)) in zip(item.tests, zip(item.mean, item.std)) {
            let prediction = process.predict(point)
            #expect(abs(prediction.mean - expectedMean) < 1e-3 * max(1, abs(expectedMean)), "mean at \(point)")
            #expect(abs(prediction.std - expectedStd) < 1e-3 * max(1, expectedStd), "std at \(point)")
        }
    }

    @Test func bayesianOptimizationClosesInOnTheOptimum() throws {
        let oracle = try BayesianOptimizationOracle(objective: Objective("score", direction: .max), maxTrials: 12, numInitialPoints: 3, seed: 5)
        let space = HyperParameters()
        try space.float("x", min: 0, max: 1)
        var trials: [Trial] = []
        while trials.count < 12, case let .run(values, _) = oracle.populateSpace(trialNumber: trials.count, space: space, trials: trials) {
            var trial = Trial(number: trials.count, id: String(trials.count), values: values, status: .completed)
            let x = values["x"]?.number ?? 0
            trial.score = -(x - 0.3) * (x - 0.3)
            trials.append(trial)
        }
        let random = trials.prefix(3).compactMap(\.score).max() ?? 0
        let guided = trials.dropFirst(3).compactMap(\.score).max() ?? -1
        #expect(guided > random)
        #expect(guided > -1e-4, "best x found: \(trials.max { ($0.score ?? -1) < ($1.score ?? -1) }?.values ?? [:])")
    }
}
