import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

/// The parts of the callbacks that Keras's decisions do not cover: path-template errors, batch-frequency
/// checkpoints, the scheduler, CSV appends, and logs that callbacks add.
@Suite struct CallbackCatalogueTests {
    static func problem() throws -> (Sequential, Tensor, Tensor) {
        let model = try Sequential([Dense(units: 4, activation: .relu, inputShape: [2]), Dense(units: 1)], seed: 3)
        model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.05))
        let x = try Tensor((0..<40).map { [Float($0 % 7) / 7, Float($0 % 5) / 5] })
        return (model, x, try x.sum(alongAxes: [1], keepingDimensions: true))
    }

    @Test func pathTemplatesRefuseWhatPythonWouldRefuse() throws {
        #expect(throws: ModelError.self) { try PathTemplate("a{epoch") }
        #expect(throws: ModelError.self) { try PathTemplate("a}b") }
        #expect(throws: ModelError.self) { try PathTemplate("a{:02d}") }
        #expect(throws: ModelError.self) { try PathTemplate("a{epoch:02x}") }
        #expect { try PathTemplate("{loss:d}").render(["loss": 0.5]) } throws: { "\($0)".contains("integer") }
        #expect { try PathTemplate("{val_loss}").render(["loss": 0.5]) } throws: { "\($0)".contains("{val_loss}") && "\($0)".contains("loss") }
        #expect(try PathTemplate("{{x}}-{epoch:03d}").render(["epoch": 7]) == "{x}-007")
        #expect(try PathTemplate("{a:.1e}").keys == ["a"])
    }

    @Test func aTemplateKeyThisTrainingDoesNotLogStopsBeforeTheFirstEpoch() throws {
        let (model, x, y) = try Self.problem()
        let folder = temporaryPath("template")
        #expect {
            try model.fit(x, y, epochs: 2, verbose: .silent, callbacks: [try ModelCheckpoint(folder + "/{val_loss:.2f}.keras")])
        } throws: { "\($0)".contains("{val_loss}") && "\($0)".contains("epoch, learning_rate, loss") }
        #expect(model.optimizer?.iterations == 0, "nothing trained")
        #expect { try ModelCheckpoint("m.keras", saveFrequency: .batches(0)) } throws: { "\($0)".contains("1 or more") }
        #expect { try ModelCheckpoint("m.weights.h5") } throws: { "\($0)".contains(".weights.h5 with saveWeightsOnly") }
        #expect { try ModelCheckpoint("m.keras", saveWeightsOnly: true) } throws: { "\($0)".contains("must end in .weights.h5") }
    }

    @Test func checkpointsEveryNBatchesNameTheBatch() throws {
        let (model, x, y) = try Self.problem()
        let folder = temporaryPath("batches")
        let checkpoint = try ModelCheckpoint(folder + "/e{epoch}-b{batch}.weights.h5", saveWeightsOnly: true, saveFrequency: .batches(3))
        try model.fit(x, y, batchSize: 8, epochs: 2, verbose: .silent, callbacks: [checkpoint])  // 5 batches an epoch
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["e1-b3.weights.h5", "e2-b1.weights.h5", "e2-b4.weights.h5"])
        let reloaded = try Self.problem().0
        try reloaded.loadWeights(from: folder + "/e2-b4.weights.h5")
        #expect(reloaded.getWeights().count == 4)
    }

    @Test func theSchedulerSetsTheRateAndLogsIt() throws {
        let (model, x, y) = try Self.problem()
        let scheduler = LearningRateScheduler { epoch, rate in epoch == 0 ? rate : rate / 2 }
        let history = try model.fit(x, y, epochs: 3, verbose: .silent, callbacks: [scheduler])
        #expect(history.history["learning_rate"] == [0.05, 0.025, 0.0125])
        #expect { try model.fit(x, y, epochs: 1, verbose: .silent, callbacks: [LearningRateScheduler { _, _ in .nan }]) } throws: {
            "\($0)".contains("finite")
        }
        let scheduled = try Self.problem().0
        scheduled.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: .schedule(.exponentialDecay(initial: 0.1, decaySteps: 10, decayRate: 0.5))))
        #expect { try scheduled.fit(x, y, epochs: 1, verbose: .silent, callbacks: [LearningRateScheduler { _, rate in rate }]) } throws: {
            "\($0)".contains("schedule")
        }
    }

    @Test func csvAppendContinuesWithoutASecondHeader() throws {
        let (model, x, y) = try Self.problem()
        let path = temporaryPath("log.csv")
        try model.fit(x, y, epochs: 2, verbose: .silent, callbacks: [CSVLogger(path)])
        try model.fit(x, y, epochs: 4, verbose: .silent, callbacks: [CSVLogger(path, append: true)], initialEpoch: 2)
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 5 && lines[0] == "epoch,loss,val_loss" && lines.dropFirst().map { $0.prefix(2) } == ["0,", "1,", "2,", "3,"])
        // Without append, a new run starts the file over, but only once its first epoch has ended.
        #expect(throws: (any Error).self) {
            try model.fit(
                x, y, epochs: 1, verbose: .silent, callbacks: [CSVLogger(path), LambdaCallback(onTrainBatchEnd: { _, _ in throw CocoaError(.userCancelled) })])
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n").count == 6)
    }

    /// useEMA ends `fit` with the moving averages; SwapEMAWeights validates with them, so the last epoch's
    /// val_loss is the final model's.
    @Test func movingAveragesEndTheFitAndSwapForValidation() throws {
        func run(swapping: Bool) throws -> (History, Sequential, Tensor, Tensor) {
            let (model, x, y) = try Self.problem()
            let adam = Adam(learningRate: 0.05)
            adam.useEMA = true
            adam.emaMomentum = 0.8
            model.compile(loss: .meanSquaredError, optimizer: adam)
            let (xv, yv) = (try x.slice(0..<8), try y.slice(0..<8))
            let history = try model.fit(
                x, y, batchSize: 8, epochs: 3, verbose: .silent, callbacks: swapping ? [SwapEMAWeights()] : [], validationData: (xv, yv))
            #expect(model.getWeights()[0].scalars == adam.average(of: model.trainableWeights[0]), "the fit ends with the averages")
            return (history, model, xv, yv)
        }
        let (swapped, model, xv, yv) = try run(swapping: true)
        let final = try model.evaluate(xv, yv)["loss"]
        #expect(swapped.history["val_loss"]?.last == final)
        let (plain, _, _, _) = try run(swapping: false)
        #expect(plain.history["val_loss"]?.last != final, "without the swap, validation sees the raw weights")
        let sgd = try Self.problem().0
        sgd.compile(loss: .meanSquaredError, optimizer: SGD())
        #expect { try sgd.fit(xv, yv, epochs: 1, verbose: .silent, callbacks: [SwapEMAWeights()]) } throws: { "\($0)".contains("useEMA") }
    }
}
