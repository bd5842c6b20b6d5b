import Foundation
import Layers
import Tensors
import Testing
import Training

@testable import Models

/// The callbacks decide as Keras 3's own do, for the same logged values: ReduceLROnPlateau's rates,
/// EarlyStopping's stops, ModelCheckpoint's file names and save-best choices, CSVLogger's bytes
/// (Fixtures/keras_callbacks.json, written by tools/make_callback_fixtures.py with Keras itself).
@Suite struct KerasCallbackFixtureTests {
    nonisolated(unsafe) static let fixture: [String: Any] = {
        guard let url = Bundle.module.url(forResource: "keras_callbacks", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }()

    static func cases(_ key: String) throws -> [[String: Any]] { try #require(fixture[key] as? [[String: Any]]) }

    /// A compiled model with the callback attached, as `fit` attaches it.
    static func attach(_ callback: Callback, rate: Float = 0.1) throws -> Model {
        let model = try Sequential([Dense(units: 1, inputShape: [2])], seed: 1)
        model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: .constant(rate)))
        try model.fit(try Tensor([[0, 0]]), try Tensor([[0]]), epochs: 0, verbose: .silent, callbacks: [callback])
        model.stopTraining = false
        try callback.onTrainBegin(logs: [:])
        return model
    }

    static func mode(_ params: [String: Any]) -> MonitorCallback.Mode { MonitorCallback.Mode(rawValue: params["mode"] as? String ?? "auto") ?? .auto }
    static func float(_ value: Any?) -> Float? { (value as? Double).map(Float.init) }

    @Test func reduceLROnPlateauLowersTheRateAsKerasDoes() throws {
        for item in try Self.cases("reduce_lr_on_plateau") {
            let params = try #require(item["params"] as? [String: Any])
            let monitor = params["monitor"] as? String ?? "val_loss"
            let callback = try ReduceLROnPlateau(
                monitor: monitor, factor: params["factor"] as? Double ?? 0.1, patience: params["patience"] as? Int ?? 10,
                mode: Self.mode(params), minDelta: Self.float(params["min_delta"]) ?? 1e-4, cooldown: params["cooldown"] as? Int ?? 0,
                minLR: params["min_lr"] as? Double ?? 0)
            let model = try Self.attach(callback)
            var rates: [Float] = [], logged: [Float] = []
            for (epoch, value) in try #require(item["values"] as? [Double]).enumerated() {
                try callback.onEpochEnd(epoch, logs: [monitor: Float(value)])
                logged.append(callback.addedLogs["learning_rate"] ?? .nan)
                rates.append(model.optimizer?.currentLearningRate ?? .nan)
            }
            #expect(rates == (item["rates"] as? [Double])?.map(Float.init), "rates for \(params)")
            #expect(logged == (item["logged"] as? [Double])?.map(Float.init), "logged rates for \(params)")
        }
    }

    @Test func earlyStoppingStopsWhereKerasStops() throws {
        for item in try Self.cases("early_stopping") {
            let params = try #require(item["params"] as? [String: Any])
            let monitor = params["monitor"] as? String ?? "val_loss"
            let callback = EarlyStopping(
                monitor: monitor, minDelta: Self.float(params["min_delta"]) ?? 0, patience: params["patience"] as? Int ?? 0,
                mode: Self.mode(params), baseline: Self.float(params["baseline"]), startFromEpoch: params["start_from_epoch"] as? Int ?? 0)
            let model = try Self.attach(callback)
            var stopped: Int?
            for (epoch, value) in try #require(item["values"] as? [Double]).enumerated() {
                try callback.onEpochEnd(epoch, logs: [monitor: Float(value)])
                if model.stopTraining {
                    stopped = epoch
                    break
                }
            }
            #expect(stopped == item["stopped"] as? Int, "stop for \(params)")
            #expect(callback.wait == item["wait"] as? Int && callback.best == Self.float(item["best"]), "state for \(params)")
        }
    }

    @Test func checkpointPathsAreFilledAsKerasFillsThem() throws {
        for item in try Self.cases("checkpoint_names") {
            let template = try PathTemplate(try #require(item["template"] as? String))
            var values = try #require(item["logs"] as? [String: Double])
            values["epoch"] = Double(try #require(item["epoch"] as? Int) + 1)
            if let batch = item["batch"] as? Int { values["batch"] = Double(batch + 1) }
            #expect(try template.render(values) == item["path"] as? String)
        }
    }

    @Test func saveBestOnlyChoosesAsKerasChooses() throws {
        for item in try Self.cases("checkpoint_best") {
            let params = try #require(item["params"] as? [String: Any])
            let monitor = params["monitor"] as? String ?? "val_loss"
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
            let callback = try ModelCheckpoint(
                folder + "/e{epoch}.keras", monitor: monitor, saveBestOnly: true, mode: Self.mode(params),
                initialValueThreshold: Self.float(params["initial_value_threshold"]))
            let model = try Self.attach(callback)
            var saved: [Bool] = []
            for (epoch, value) in try #require(item["values"] as? [Double]).enumerated() {
                try callback.onEpochEnd(epoch, logs: [monitor: Float(value)])
                saved.append(FileManager.default.fileExists(atPath: folder + "/e\(epoch + 1).keras"))
            }
            #expect(saved == item["saved"] as? [Bool], "saves for \(params)")
            withExtendedLifetime(model) {}
        }
    }

    @Test func csvLoggerWritesKerasBytes() throws {
        for item in try Self.cases("csv_logger") {
            let params = try #require(item["params"] as? [String: Any])
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).csv").path
            let callback = CSVLogger(path, separator: (params["separator"] as? String)?.first ?? ",")
            let model = try Self.attach(callback)
            for (epoch, row) in try #require(item["rows"] as? [[String: String]]).enumerated() {
                try callback.onEpochEnd(epoch, logs: row.mapValues { Float(Double($0) ?? .nan) })
            }
            try callback.onTrainEnd(logs: [:])
            let written = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written == item["text"] as? String, "\(written.debugDescription)")
            withExtendedLifetime(model) {}
        }
    }
}
