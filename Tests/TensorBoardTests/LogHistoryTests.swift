import Foundation
import Models
import Tensors
import Testing
import Training

@testable import TensorBoardModule

/// A log folder read back as History, for `neuralkit plot DIR`: the same values as `fit`'s History, and a
/// resumed run's second writing of an epoch wins.
@Suite struct LogHistoryTests {
    @Test func aLogFolderReadsBackAsTheHistory() throws {
        let logDir = try EventFileTests.folder()
        let (x, y, xValid, yValid) = try TensorBoardCallbackTests.data()
        let model = try TensorBoardCallbackTests.model()
        let history = try model.fit(
            x, y, batchSize: 8, epochs: 4, verbose: .silent, callbacks: [TensorBoard(logDir: logDir)], validationData: (xValid, yValid))
        let (series, epochs) = try EventFileReader.history(inLogDirectory: logDir)
        #expect(epochs == [1, 2, 3, 4])
        for key in ["loss", "accuracy", "val_loss", "val_accuracy"] {
            #expect(series[key]?.map(Float.init) == history.history[key], "\(key)")
        }
        #expect(series["learning_rate"]?.allSatisfy { Float($0) == 0.1 } == true)
        // A second run in the same folder (as after a resume) rewrites epochs 3 and 4: the later values win.
        try model.fit(x, y, batchSize: 8, epochs: 4, verbose: .silent, callbacks: [TensorBoard(logDir: logDir)], initialEpoch: 2)
        let rewritten = try EventFileReader.history(inLogDirectory: logDir)
        #expect(rewritten.epochs == [1, 2, 3, 4] && rewritten.series["loss"]?.prefix(2) == series["loss"]?.prefix(2))
        #expect(rewritten.series["loss"]?[3] != series["loss"]?[3])
    }

    @Test func aFolderWithoutATrainRunSaysWhatItHas() throws {
        let logDir = try EventFileTests.folder()
        #expect { try EventFileReader.history(inLogDirectory: logDir) } throws: { "\($0)".contains("no train/ run") && "\($0)".contains("no event files") }
        let writer = try SummaryWriter(logDir: logDir + "/mine")
        try writer.scalar("x", 1, step: 0)
        writer.close()
        #expect { try EventFileReader.history(inLogDirectory: logDir) } throws: { "\($0)".contains("mine") }
    }
}
