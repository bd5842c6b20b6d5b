import Foundation
import Layers
import Models
import Tensors
import Testing
import Training

@testable import TensorBoardModule

/// The real judge: the `tensorboard` package from PyPI reads a log folder NeuralKit wrote, and its HTTP
/// data API must return the values written (tools/check_tensorboard.py compares them). Runs when
/// `NEURALKIT_TENSORBOARD_PYTHON` names a Python with TensorBoard (scripts/tensorboard-python.sh makes
/// one); skipped otherwise, unless `NEURALKIT_REQUIRE_TENSORBOARD=1`. `NEURALKIT_TENSORBOARD_LOGDIR`
/// keeps the log folder at that path, to look at it in TensorBoard afterwards.
@Suite struct RealTensorBoardTests {
    static let environment = ProcessInfo.processInfo.environment
    static let enabled = environment["NEURALKIT_TENSORBOARD_PYTHON"] != nil || environment["NEURALKIT_REQUIRE_TENSORBOARD"] == "1"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(.enabled(if: enabled)) func tensorBoardReadsWhatNeuralKitWrites() throws {
        let python = try #require(Self.environment["NEURALKIT_TENSORBOARD_PYTHON"], "NEURALKIT_REQUIRE_TENSORBOARD=1 but no NEURALKIT_TENSORBOARD_PYTHON")
        let logDir = try Self.environment["NEURALKIT_TENSORBOARD_LOGDIR"] ?? EventFileTests.folder()
        try? FileManager.default.removeItem(atPath: logDir)
        var expected = Expected()
        try Self.writeUserSummaries(to: logDir + "/user", &expected)
        try Self.writeTraining(to: logDir + "/fit", &expected)
        let expectedPath = logDir + ".expected.json"
        try JSONSerialization.data(withJSONObject: expected.json, options: [.sortedKeys]).write(to: URL(fileURLWithPath: expectedPath))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.root.appendingPathComponent("tools/check_tensorboard.py").path, "--logdir", logDir, "--expected", expectedPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(text)
        #expect(process.terminationStatus == 0, "tools/check_tensorboard.py failed:\n\(text.suffix(3000))")
    }

    /// What the check expects, by kind, then run, then tag.
    struct Expected {
        var scalars: [String: [String: [[Double]]]] = [:]
        var histograms: [String: [String: [[String: Any]]]] = [:]
        var images: [String: [String: [[String: Any]]]] = [:]
        var texts: [String: [String: [[String: Any]]]] = [:]
        var graphs: [String: [String: [String]]] = [:]

        var json: [String: Any] { ["scalars": scalars, "histograms": histograms, "images": images, "texts": texts, "graphs": graphs] }
    }

    static func writeUserSummaries(to directory: String, _ expected: inout Expected) throws {
        let writer = try SummaryWriter(logDir: directory)
        for step in 0..<10 {
            let value = Float(sin(Double(step) / 3))
            try writer.scalar("demo/sine", value, step: step)
            expected.scalars["user", default: [:]]["demo/sine", default: []].append([Double(step), Double(value)])
        }
        let spreads: [[Float]] = [
            (0..<200).map { Float(($0 * 37) % 101) / 10 - 5 }, [2, 2, 2], [], [-1.5, 0.25, 0.25, 3, 1e-3],
        ]
        for (step, values) in spreads.enumerated() {
            try writer.histogram("demo/spread", values: values, step: step, buckets: step == 3 ? 4 : 30)
            expected.histograms["user", default: [:]]["demo/spread", default: []].append(
                ["step": step, "values": values.map(Double.init), "buckets": step == 3 ? 4 : 30])
        }
        let gray = try SummaryImage(width: 4, height: 3, channels: .grayscale, pixels: (0..<12).map { UInt8($0 * 21) })
        let rgb = try SummaryImage(width: 3, height: 2, channels: .rgb, pixels: (0..<18).map { UInt8(($0 * 53) % 256) })
        let rgba = try SummaryImage(width: 2, height: 2, channels: .rgba, pixels: [255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 64, 9, 9, 9, 0])
        let rgbTwin = try SummaryImage(width: 3, height: 2, channels: .rgb, pixels: (0..<18).map { UInt8(255 - $0 * 7) })
        for (tag, step, images) in [("demo/gray", 0, [gray]), ("demo/rgb", 1, [rgb, rgbTwin]), ("demo/rgba", 2, [rgba])] {
            try writer.images(tag, images, step: step)
            expected.images["user", default: [:]][tag] = [
                [
                    "step": step,
                    "images": images.map { ["width": $0.width, "height": $0.height, "channels": $0.channels.rawValue, "pixels": $0.pixels.map(Int.init)] },
                ]
            ]
        }
        try writer.text("demo/notes", "héllo **world**", step: 5)
        expected.texts["user", default: [:]]["demo/notes"] = [["step": 5, "contains": ["héllo", "<strong>world</strong>"]]]
        writer.close()
    }

    static func writeTraining(to logDir: String, _ expected: inout Expected) throws {
        let (x, y, xValid, yValid) = try TensorBoardCallbackTests.data()
        let model = try TensorBoardCallbackTests.model()
        let callback = TensorBoard(logDir: logDir, histogramFreq: 1, updateFreq: .batches(1))
        let history = try model.fit(x, y, batchSize: 8, epochs: 3, verbose: .silent, callbacks: [callback], validationData: (xValid, yValid))
        let epochs = history.epoch.map(Double.init)
        for name in ["loss", "accuracy"] {
            let train = history.history[name] ?? [], validation = history.history["val_" + name] ?? []
            expected.scalars["fit/train", default: [:]]["epoch_" + name] = zip(epochs, train).map { [$0, Double($1)] }
            expected.scalars["fit/validation", default: [:]]["epoch_" + name] = zip(epochs, validation).map { [$0, Double($1)] }
            expected.scalars["fit/validation", default: [:]]["evaluation_\(name)_vs_iterations"] = zip([3.0, 6, 9], validation).map { [$0, Double($1)] }
        }
        expected.scalars["fit/train", default: [:]]["epoch_learning_rate"] = epochs.map { [$0, Double(Float(0.1))] }
        // Batch values: the running mean of the epoch's batches, at steps 1...9; TensorBoard must list all nine.
        let batchLosses = try EventFileReader.scalars(inLogDirectory: logDir)["train"]?["batch_loss"] ?? []
        #expect(batchLosses.map(\.step) == Array(1...9))
        expected.scalars["fit/train", default: [:]]["batch_loss"] = batchLosses.map { [Double($0.step), $0.value] }
        let batchAccuracy = try EventFileReader.scalars(inLogDirectory: logDir)["train"]?["batch_accuracy"] ?? []
        expected.scalars["fit/train", default: [:]]["batch_accuracy"] = batchAccuracy.map { [Double($0.step), $0.value] }
        // The last epoch's histograms are of the weights the model ends with.
        for layer in model.layers {
            for weight in layer.weights {
                let tag = TensorBoard.histogramTag(model: model, layer: layer.name, weight: weight.name)
                expected.histograms["fit/train", default: [:]][tag] = [
                    ["step": 2, "values": weight.value.scalars.map(Double.init), "buckets": 30, "all_steps": [0, 1, 2]]
                ]
            }
        }
        expected.graphs["fit/train"] = ["keras": model.layers.map(\.name)]
    }
}
