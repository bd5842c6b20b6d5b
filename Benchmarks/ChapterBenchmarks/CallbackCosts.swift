// Workload "callbacks": what the callbacks add to an epoch of the chapter's Fashion-MNIST classifier,
// and how long one checkpoint of it takes. The variants are timed in turn within each repetition, so
// that a machine slowing down or speeding up affects them all alike; overheads are ratios of medians.
import Foundation
import Models
import TensorBoardModule
import Tensors

@MainActor func callbackCosts(reps: Int) throws {
    let (x, y) = try fashionMNIST()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neuralkit-callback-costs-\(getpid())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let variants: [(String, () throws -> [Callback])] = [
        ("none", { [] }),
        ("csv-logger", { [CSVLogger(folder + "/log.csv")] }),
        ("backup-and-restore", { [BackupAndRestore(backupDir: folder + "/backup")] }),
        ("checkpoint-every-epoch", { [try ModelCheckpoint(folder + "/ckpt.keras", monitor: "loss")] }),
        ("early-stopping+reduce-lr", { [EarlyStopping(monitor: "loss", patience: 5), try ReduceLROnPlateau(monitor: "loss")] }),
        ("tensorboard", { [TensorBoard(logDir: folder + "/tensorboard")] }),
        ("tensorboard-histograms", { [TensorBoard(logDir: folder + "/tensorboard", histogramFreq: 1)] }),
    ]
    var times: [String: [Double]] = [:]
    let model = try chapterClassifier()
    try model.build(inputShape: [28, 28])
    _ = try model.fit(x, y, batchSize: 32, epochs: 1, verbose: .silent)  // warm-up
    for _ in 0..<reps {
        for (name, make) in variants {
            let callbacks = try make()
            times[name, default: []] += try timed(1) { try model.fit(x, y, batchSize: 32, epochs: 1, verbose: .silent, callbacks: callbacks) }
        }
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    let baseline = median(times["none"] ?? [1])
    for (name, _) in variants {
        let values = times[name] ?? []
        emit("epoch+\(name)", values, ["overhead_vs_none": median(values) / baseline - 1])
    }
    // Each callback's own work in one epoch of A (1,719 batches, then validation and the epoch's end),
    // timed alone: a difference of medians above cannot resolve what is far below the epoch's noise.
    let alone: [(String, () throws -> Callback)] = [
        ("tensorboard", { TensorBoard(logDir: folder + "/tensorboard-hooks") }),
        ("tensorboard-histograms", { TensorBoard(logDir: folder + "/tensorboard-hooks", histogramFreq: 1) }),
        ("csv-logger", { CSVLogger(folder + "/hooks.csv") }),
        ("checkpoint-every-epoch", { try ModelCheckpoint(folder + "/hooks.keras", monitor: "loss") }),
        ("backup-and-restore", { BackupAndRestore(backupDir: folder + "/hooks-backup") }),
    ]
    for (name, make) in alone {
        let hooks = try timed(max(reps, 5)) {
            let callback = try make()
            _ = try model.fit(x.slice(0..<32), y.slice(0..<32), epochs: 0, verbose: .silent, callbacks: [callback])  // attaches it
            let logs: Logs = ["loss": 0.5, "accuracy": 0.8]
            try callback.onTrainBegin(logs: [:])
            for batch in 0..<1719 {
                try callback.onTrainBatchBegin(batch, logs: logs)
                try callback.onTrainBatchEnd(batch, logs: logs)
            }
            try callback.onTestEnd(logs: logs)
            try callback.onEpochEnd(0, logs: logs.merging(["val_loss": 0.6, "val_accuracy": 0.7]) { $1 })
            try callback.onTrainEnd(logs: logs)
        }
        emit("\(name) hooks alone, one epoch", hooks, ["share_of_epoch": median(hooks) / baseline])
    }
    emit("save .keras (chapter model)", try timed(20) { try model.save(to: folder + "/model.keras") }, ["bytes": fileSize(folder + "/model.keras")])
    emit("save .weights.h5", try timed(20) { try model.saveWeights(to: folder + "/model.weights.h5") }, ["bytes": fileSize(folder + "/model.weights.h5")])
}

func fileSize(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
