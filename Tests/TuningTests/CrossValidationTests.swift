import Foundation
import TestSupport
import Testing

@testable import Tuning

/// The folds against scikit-learn's `StratifiedKFold` and `KFold` (tools/make_cross_validation_fixtures.py),
/// and a cross-validated search with its refit.
@Suite struct CrossValidationTests {
    struct Fixture: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable {
        var labels: [Int]
        var k: Int
        var stratified: [Int]
        var plain: [Int]
    }

    static let fixture: Fixture = {
        guard let url = Bundle.module.url(forResource: "cross_validation", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), let fixture = try? JSONDecoder().decode(Fixture.self, from: data)
        else { return Fixture(cases: []) }
        return fixture
    }()

    @Test(arguments: 0..<4)
    func foldsMatchScikitLearn(index: Int) throws {
        let item = try #require(Self.fixture.cases.indices.contains(index) ? Self.fixture.cases[index] : nil)
        #expect(try CrossValidation.stratifiedFolds(labels: item.labels, k: item.k) == item.stratified)
        #expect(try CrossValidation.folds(count: item.labels.count, k: item.k) == item.plain)
    }

    @Test func tooManyFoldsAreRefused() {
        #expect(throws: TuningError.self) { try CrossValidation.folds(count: 3, k: 4) }
        #expect(throws: TuningError.self) { try CrossValidation.stratifiedFolds(labels: [0, 1, 2, 0], k: 3) }
        #expect(throws: TuningError.self) { try CrossValidation.folds(count: 10, k: 1) }
    }

    @Test func aCrossValidatedSearchScoresTheMeanOfTheFoldsAndRefits() throws {
        let tuner = try IrisSearch.tuner(temporaryPath("cv"), maxTrials: 2)
        tuner.crossValidation = 3
        let data = try IrisSearch.data()
        try tuner.search(data, epochs: 3)
        for trial in try tuner.study.trials() {
            let folds = try (0..<3).map { try tuner.study.history(trial: trial.number, execution: $0)["val_accuracy"] ?? [] }
            #expect(folds.allSatisfy { $0.count == 3 })
            let mean = folds.map { $0.max() ?? 0 }.reduce(0, +) / 3
            #expect(abs((trial.score ?? 0) - mean) < 1e-9)
        }
        let refit = try tuner.refitBest(data, epochs: 2)
        #expect(refit.history?.epoch.count == 2)
        #expect(refit.history?.history["val_accuracy"] == nil, "trained on all the training data, without validation")
    }
}
