import Foundation
import Models
import TestSupport
import Testing

@testable import Tuning

/// The book's `MyClassificationHyperModel`: `fit` tunes the batch size (and whether to normalize) too.
struct ClassificationHyperModel: HyperModel {
    func build(_ hp: HyperParameters) throws -> Model { try IrisSearch.build(hp) }

    func fit(_ hp: HyperParameters, model: Model, _ arguments: FitArguments) throws -> History {
        try arguments.fit(model, batchSize: try hp.choice("batch_size", [8, 16, 32]))
    }
}

/// Records the fits it sees.
final class FitCounter: Callback {
    var trainings = 0, epochs = 0
    override func onTrainBegin(logs: Logs) throws { trainings += 1 }
    override func onEpochEnd(_ epoch: Int, logs: Logs) throws { epochs += 1 }
}

@Suite struct HyperModelTests {
    @Test func aHyperModelTunesTheBatchSizeInFit() throws {
        let tuner = try RandomSearch(
            hyperModel: ClassificationHyperModel(), objective: try Objective("val_accuracy"), maxTrials: 3, directory: temporaryPath("hypermodel"))
        try tuner.search(try IrisSearch.data(), epochs: 1)
        // Declared in fit, the batch size joins the space after the first trial (as in Keras Tuner).
        #expect(tuner.space.space.map(\.name) == ["units", "learning_rate", "batch_size"])
        let sizes = try tuner.study.trials().compactMap { $0.values["batch_size"] }
        #expect(sizes.count == 3)
        #expect(sizes.first == .int(8))
    }

    @Test func callbacksPassThroughToEveryExecution() throws {
        let counter = FitCounter()
        let stopper = EarlyStopping(monitor: "val_loss", minDelta: 10, patience: 0)
        let tuner = try RandomSearch(
            hyperModel: BuildClosure(IrisSearch.build), objective: try Objective("val_accuracy"), maxTrials: 2, directory: temporaryPath("callbacks"),
            executionsPerTrial: 2)
        try tuner.search(try IrisSearch.data(), epochs: 5, callbacks: [counter, stopper])
        #expect(counter.trainings == 4)
        // Early stopping with a huge minDelta stops each fit after its second epoch.
        #expect(counter.epochs == 8)
        for trial in try tuner.study.trials() {
            #expect(try tuner.study.history(trial: trial.number, execution: 1)["val_accuracy"]?.count == 2)
        }
    }

    @Test func hyperbandTrialsContinueFromTheWeightsOfTheTrialTheyWerePromotedFrom() throws {
        let directory = temporaryPath("hyperband")
        let tuner = try Hyperband(
            hyperModel: BuildClosure(IrisSearch.build), objective: try Objective("val_loss"), maxEpochs: 4, factor: 2, directory: directory)
        try tuner.search(try IrisSearch.data(), epochs: 100)
        let trials = try tuner.study.trials()
        #expect(trials.count == 15)  // brackets of 4 + 2 + 1, 3 + 2 and 3 trials
        #expect(trials.allSatisfy { $0.status == .completed })
        for trial in trials {
            let placement = try #require(trial.placement)
            let history = try tuner.study.history(trial: trial.number)
            #expect(history["val_loss"]?.count == placement.epochs - placement.initialEpoch)
            guard let past = placement.pastTrial else { continue }
            // The continued trial starts where its past trial's best epoch left off: its first epoch
            // begins from those weights, so its first training loss is near the past trial's best.
            #expect(trial.values == trials[past].values)
        }
        let promoted = try #require(trials.first { $0.placement?.pastTrial != nil })
        let past = try #require(promoted.placement?.pastTrial)
        let pastModel = try Model.load(from: directory + "/" + (trials[past].modelPath ?? ""))
        let data = try IrisSearch.data()
        let validation = try #require(data.validationData)
        let pastLoss = try #require(try pastModel.evaluate(validation.x[0], validation.y[0])["loss"])
        #expect(abs(Double(pastLoss) - (trials[past].score ?? 0)) < 1e-5)
        let fresh = try IrisSearch.build(HyperParameters(space: tuner.space.space, values: promoted.values))
        let freshLoss = try #require(try fresh.evaluate(validation.x[0], validation.y[0])["loss"])
        let continued = try #require(try tuner.study.history(trial: promoted.number)["val_loss"]?.first)
        #expect(abs(continued - Double(pastLoss)) < abs(Double(freshLoss) - Double(pastLoss)))
    }
}
