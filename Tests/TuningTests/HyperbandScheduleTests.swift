import Foundation
import Testing

@testable import Tuning

/// Hyperband's brackets, rounds, epoch budgets and promotions, trial by trial, against the schedule
/// Keras Tuner 1.4.8's own oracle produced with the same scores (tools/make_hyperband_fixtures.py).
@Suite struct HyperbandScheduleTests {
    struct Fixture: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable {
        var max_epochs: Int
        var factor: Int
        var hyperband_iterations: Int
        var trials: [[Int?]]
    }

    static let fixture: Fixture = {
        guard let url = Bundle.module.url(forResource: "hyperband_schedules", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), let fixture = try? JSONDecoder().decode(Fixture.self, from: data)
        else { return Fixture(cases: []) }
        return fixture
    }()

    /// The fixture's scores: trial n scores (n · 7919 mod 1000) / 1000, minimized.
    static func score(_ number: Int) -> Double { Double(number * 7919 % 1000) / 1000 }

    @Test func fixtureIsThere() { #expect(Self.fixture.cases.count == 10) }

    @Test(arguments: 0..<10)
    func scheduleMatchesKerasTuner(index: Int) throws {
        let item = try #require(Self.fixture.cases.indices.contains(index) ? Self.fixture.cases[index] : nil)
        let oracle = try HyperbandOracle(
            objective: Objective("score", direction: .min), maxEpochs: item.max_epochs, factor: item.factor,
            hyperbandIterations: item.hyperband_iterations)
        let space = HyperParameters()
        try space.int("units", min: 1, max: 100_000)
        var trials: [Trial] = []
        while trials.count <= item.trials.count + 1 {
            // Each round trip through the study's text, as a worker process would read it.
            if let state = try oracle.state() { try oracle.restore(state: state) }
            guard case let .run(values, placement) = oracle.populateSpace(trialNumber: trials.count, space: space, trials: trials) else { break }
            var trial = Trial(number: trials.count, id: String(trials.count), values: values, status: .completed, placement: placement)
            trial.score = Self.score(trial.number)
            trials.append(trial)
        }
        let produced = trials.map { trial -> [Int?] in
            let p = trial.placement
            return [p?.bracket, p?.round, p?.epochs, p?.initialEpoch, p?.pastTrial]
        }
        #expect(produced.count == item.trials.count, "max_epochs \(item.max_epochs), factor \(item.factor)")
        for (number, (mine, theirs)) in zip(produced, item.trials).enumerated() where mine != theirs {
            Issue.record("trial \(number): \(mine) but Keras Tuner's is \(theirs) (max_epochs \(item.max_epochs), factor \(item.factor))")
            break
        }
    }

    @Test func promotedTrialsKeepTheirValues() throws {
        let oracle = try HyperbandOracle(objective: Objective("score", direction: .min), maxEpochs: 9, factor: 3)
        let space = HyperParameters()
        try space.float("x", min: 0, max: 1)
        var trials: [Trial] = []
        while case let .run(values, placement) = oracle.populateSpace(trialNumber: trials.count, space: space, trials: trials) {
            var trial = Trial(number: trials.count, id: String(trials.count), values: values, status: .completed, placement: placement)
            trial.score = values["x"]?.number
            trials.append(trial)
        }
        let promoted = trials.filter { $0.placement?.pastTrial != nil }
        #expect(!promoted.isEmpty)
        for trial in promoted { #expect(trial.values == trials[trial.placement?.pastTrial ?? 0].values) }
    }

    @Test func badSettingsAreRefused() {
        #expect(throws: TuningError.self) { try HyperbandOracle(objective: Objective("loss", direction: .min), factor: 1) }
        #expect(throws: TuningError.self) { try HyperbandOracle(objective: Objective("loss", direction: .min), maxEpochs: 0) }
    }
}
