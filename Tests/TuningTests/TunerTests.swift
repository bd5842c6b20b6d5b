import Foundation
import Models
import TestSupport
import Testing

@testable import Tuning

@Suite struct TunerTests {
    @Test func randomSearchRecordsEveryTrialAndReloadsTheBestEpochsModel() throws {
        let directory = temporaryPath("random")
        let tuner = try IrisSearch.tuner(directory, maxTrials: 3)
        var ended: [Int] = []
        tuner.onTrialEnd = { ended.append($0.number) }
        try tuner.search(try IrisSearch.data(), epochs: 4)
        #expect(ended == [0, 1, 2])
        let trials = try tuner.study.trials()
        #expect(trials.map(\.status) == [.completed, .completed, .completed])
        #expect(Set(trials.map(\.values)).count == 3)
        for trial in trials {
            let history = try tuner.study.history(trial: trial.number)
            #expect(history["val_accuracy"]?.count == 4)
            #expect(trial.score == history["val_accuracy"]?.max())
            #expect(trial.metrics["val_loss"] == history["val_loss"]?[trial.bestStep ?? -1])
        }
        let best = try #require(try tuner.bestTrials(1).first)
        #expect(best.score == trials.compactMap(\.score).max())
        // The saved model is the best epoch's: it scores the trial's score again, without training.
        let model = try #require(try tuner.bestModels(1).first)
        let data = try IrisSearch.data()
        let validation = try #require(data.validationData)
        let accuracy = try model.evaluate(validation.x[0], validation.y[0])["accuracy"]
        #expect(abs(Double(accuracy ?? -1) - (best.score ?? 0)) < 1e-6)
        #expect(try tuner.bestHyperparameters(1).first?.values == best.values)
        #expect(tuner.searchSpaceSummary().contains("units (Int)"))
        #expect(try tuner.resultsSummary(2).contains("Trial \(best.id) summary"))
    }

    @Test func theSameSeedGivesTheSameTrialsAndScores() throws {
        let first = try IrisSearch.tuner(temporaryPath("seed-a"), maxTrials: 2, seed: 9)
        let second = try IrisSearch.tuner(temporaryPath("seed-b"), maxTrials: 2, seed: 9)
        try first.search(try IrisSearch.data(), epochs: 2)
        try second.search(try IrisSearch.data(), epochs: 2)
        let a = try first.study.trials(), b = try second.study.trials()
        #expect(a.map(\.values) == b.map(\.values))
        #expect(a.map { $0.score?.bitPattern } == b.map { $0.score?.bitPattern })
        let other = try IrisSearch.tuner(temporaryPath("seed-c"), maxTrials: 2, seed: 10)
        try other.search(try IrisSearch.data(), epochs: 1)
        #expect(try other.study.trials().map(\.values) != a.map(\.values))
    }

    @Test func aSearchStartedAgainContinuesWhereItStopped() throws {
        let directory = temporaryPath("resume")
        try IrisSearch.tuner(directory, maxTrials: 2).search(try IrisSearch.data(), epochs: 2)
        let counter = Counter()
        let again = try RandomSearch(
            hyperModel: BuildClosure { hp in
                counter.count += 1
                return try IrisSearch.build(hp)
            }, objective: try Objective("val_accuracy"), maxTrials: 4, directory: directory)
        let discovery = counter.count
        try again.search(try IrisSearch.data(), epochs: 2)
        #expect(counter.count - discovery == 2)
        #expect(try again.study.trials().count == 4)
        // The first two trials' values are those a fresh four-trial search draws too.
        let fresh = try IrisSearch.tuner(temporaryPath("resume-fresh"), maxTrials: 4)
        try fresh.search(try IrisSearch.data(), epochs: 2)
        #expect(try fresh.study.trials().map(\.values) == again.study.trials().map(\.values))
    }

    @Test func aTrialWhoseWorkerDiedIsRunAgainNotDuplicated() throws {
        let directory = temporaryPath("orphan")
        let tuner = try IrisSearch.tuner(directory, maxTrials: 2)
        let dead = WorkerIdentity(host: ProcessInfo.processInfo.hostName, pid: 999_999, start: "1")
        guard case .run(let orphan) = try tuner.study.claim(oracle: tuner.oracle, space: tuner.space, worker: dead) else {
            Issue.record("no trial claimed")
            return
        }
        #expect(try tuner.study.trials().map(\.status) == [.running])
        try tuner.search(try IrisSearch.data(), epochs: 1)
        let trials = try tuner.study.trials()
        #expect(trials.count == 2)
        #expect(trials[0].values == orphan.values)
        #expect(trials.map(\.status) == [.completed, .completed])
    }

    @Test func failingTrialsAreRecordedAndStopTheSearchAfterTheLimit() throws {
        let directory = temporaryPath("failing")
        let tuner = try RandomSearch(
            hyperModel: BuildClosure { hp in
                let model = try IrisSearch.build(hp)
                if try hp.int("units", min: 4, max: 32, step: 4) != 4 { throw TuningError.invalidArgument("too many units for this test") }
                return model
            }, objective: try Objective("val_accuracy"), maxTrials: 10, directory: directory, maxConsecutiveFailedTrials: 2)
        #expect(throws: TuningError.self) { try tuner.search(try IrisSearch.data(), epochs: 1) }
        let trials = try tuner.study.trials()
        #expect(trials.count == 2)
        #expect(trials.allSatisfy { $0.status == .failed && $0.message == "too many units for this test" })
    }

    @Test func anInvalidTrialIsRetriedUpToTheLimit() throws {
        let counter = Counter()
        let tuner = try RandomSearch(
            hyperModel: BuildClosure { hp in
                let model = try IrisSearch.build(hp)
                counter.count += 1
                if counter.count == 2 { throw TuningError.invalidArgument("a passing fault") }
                return model
            }, objective: try Objective("val_accuracy"), maxTrials: 1, directory: temporaryPath("retry"), maxRetriesPerTrial: 1)
        try tuner.search(try IrisSearch.data(), epochs: 1)
        let trials = try tuner.study.trials()
        #expect(trials.map(\.status) == [.completed])
        #expect(trials.map(\.runCount) == [2])
    }

    @Test func aNaNScoreMakesTheTrialInvalid() throws {
        let tuner = try IrisSearch.tuner(temporaryPath("nan"), maxTrials: 1)
        guard case .run(var trial) = try tuner.study.claim(oracle: tuner.oracle, space: tuner.space, worker: tuner.worker) else { return }
        trial.status = .completed
        trial.score = .nan
        #expect(try tuner.study.finish(trial, histories: [["val_accuracy": [.nan]]], maxRetries: 1) == .invalid)
        #expect(try tuner.study.finish(trial, histories: [], maxRetries: 1) == .failed)
    }

    @Test func anObjectiveMissingFromTheLogsFailsTheTrialWithTheReason() throws {
        let tuner = try IrisSearch.tuner(temporaryPath("objective"), maxTrials: 1)
        var data = try IrisSearch.data()
        data.validationData = nil
        try tuner.search(data, epochs: 1)
        #expect(try tuner.study.trials().map(\.status) == [.failed])
        let message = try tuner.study.trials().first?.message ?? ""
        #expect(message.contains("Objective value missing"), "\(message)")
    }
}

@Suite struct TrialRandomTests {
    @Test func eachDrawOfATrialIsUniformAcrossTrials() {
        for draw in 0..<4 {
            let below = (0..<4000).filter { trial in
                var generator = TrialRandom(seed: 42, stream: UInt64(trial))
                for _ in 0..<draw { _ = generator.nextUnit() }
                return generator.nextUnit() < 0.5
            }.count
            #expect(abs(below - 2000) < 150, "draw \(draw): \(below) of 4000 below one half")
        }
    }
}
