import Foundation
import Layers
import Models
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// The new metrics in `compile`/`fit`/`evaluate` and in `.keras` files: several-valued results become
/// `name_0`, `name_1`, … in History and `evaluate`; the options survive saving (as Keras's class configs);
/// Keras 3 opens the file and evaluates to the same numbers. Also Keras's end-to-end metric tests
/// (test_handles_sas_metrics, test_end_to_end, test_keras_model_compiles, IoU's test_compilation).
@Suite struct MetricCatalogueFitTests {
    static func data() throws -> (Tensor, Tensor) {
        let x = try Tensor((0..<96).map { Float(($0 * 37) % 23) / 23 - 0.4 }, shape: [32, 3])
        let y = try Tensor((0..<96).map { Float((($0 * 11) % 7) % 2) }, shape: [32, 3])
        return (x, y)
    }

    static func metrics() throws -> [MetricKind] {
        [
            try MetricKind(AUC(curve: .pr, name: "pr_auc")), try MetricKind(AUC(name: "multi_auc", multiLabel: true)),
            try MetricKind(Precision(thresholds: [0.3, 0.7])), .recall, .f1Score, try MetricKind(F1Score(average: .macro, threshold: 0.5, name: "macro_f1")),
            try MetricKind(SpecificityAtSensitivity(sensitivity: 0.5, name: "sas")), .truePositives,
            try MetricKind(BinaryIoU(targetClassIds: [1], threshold: 0.4, dtype: "float32")), .binaryCrossentropy, .hinge,
            try MetricKind(FBetaScore(average: .weighted, beta: 2)), try MetricKind(OneHotMeanIoU(numClasses: 3)),
            try MetricKind(TrueNegatives(thresholds: [0.2, 0.8])), try MetricKind(RecallAtPrecision(precision: 0.6, numThresholds: 50)),
            try MetricKind(AUC(summationMethod: .majoring, name: "auc_majoring", thresholds: [0.25, 0.5, 0.75])),
        ]
    }

    static func model() throws -> Sequential {
        let model = try Sequential([Dense(units: 6, activation: .relu, inputShape: [3]), Dense(units: 3, activation: .sigmoid)], seed: 9)
        model.compile(loss: .binaryCrossentropy, optimizer: Adam(learningRate: 0.02), metrics: try metrics())
        return model
    }

    @Test func fitLogsEveryValueAndEvaluateMatchesTheMetricsOnThePredictions() throws {
        let (x, y) = try Self.data()
        let model = try Self.model()
        let history = try model.fit(x, y, batchSize: 8, epochs: 2, verbose: .silent)
        let expectedKeys: Set<String> = [
            "loss", "pr_auc", "multi_auc", "precision_0", "precision_1", "recall", "f1_score_0", "f1_score_1", "f1_score_2", "macro_f1",
            "sas", "true_positives", "binary_io_u", "binary_crossentropy", "hinge", "fbeta_score", "one_hot_mean_io_u", "true_negatives_0",
            "true_negatives_1", "recall_at_precision", "auc_majoring",
        ]
        #expect(Set(history.history.keys) == expectedKeys)
        let results = try model.evaluate(x, y, batchSize: 8)
        let predictions = try model.predict(x)
        for kind in try Self.metrics() {
            let metric = kind.makeMetric(loss: nil, outputWidth: 3)
            try metric.update(y, predictions, sampleWeight: nil)
            for (key, value) in metric.logEntries() {
                // One update over everything against four batches: the same counts; a mean differs by rounding.
                #expect(Swift.abs((results[key] ?? .nan) - value) <= 1e-5 * Swift.max(1, Swift.abs(value)), "\(key)")
            }
        }
    }

    @Test func optionsSurviveAKerasFileAndKerasEvaluatesToTheSameNumbers() throws {
        let (x, y) = try Self.data()
        let model = try Self.model()
        try model.fit(x, y, batchSize: 8, epochs: 2, verbose: .silent)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(loaded.metricsList.first?.map(\.rawValue) == model.metricsList.first?.map(\.rawValue))
        #expect(try loaded.metricsList.first?.map { try $0.compileJSON() } == model.metricsList.first?.map { try $0.compileJSON() })
        let ours = try model.evaluate(x, y, batchSize: 8)
        #expect(try loaded.evaluate(x, y, batchSize: 8) == ours)

        let xPath = path + ".x.json", yPath = path + ".y.json"
        defer {
            try? FileManager.default.removeItem(atPath: xPath)
            try? FileManager.default.removeItem(atPath: yPath)
        }
        try Data("\(x.scalars)".utf8).write(to: URL(fileURLWithPath: xPath))
        try Data("\(y.scalars)".utf8).write(to: URL(fileURLWithPath: yPath))
        let script = """
            m = keras.models.load_model(sys.argv[1])
            x = np.asarray(json.load(open(sys.argv[2])), np.float32).reshape(32, 3)
            y = np.asarray(json.load(open(sys.argv[3])), np.float32).reshape(32, 3)
            r = m.evaluate(x, y, batch_size=8, return_dict=True, verbose=0)
            print(json.dumps({k: np.asarray(v).reshape(-1).tolist() for k, v in r.items()}))
            """
        guard let line = try runKerasScript(script, [path, xPath, yPath]) else { return }
        let keras = try JSONDecoder().decode([String: [Float]].self, from: Data(line.utf8))
        for (key, values) in keras where key != "loss" && key != "compile_metrics" {
            let names = values.count == 1 ? [key] : values.indices.map { "\(key)_\($0)" }
            for (name, value) in zip(names, values) {
                #expect(
                    Swift.abs((ours[name] ?? .nan) - value) <= 1e-4 * Swift.max(1, Swift.abs(value)), "\(name): Keras \(value), NeuralKit \(ours[name] ?? .nan)"
                )
            }
        }
        #expect(keras.count >= 16, "Keras reported \(keras.keys.sorted())")
    }

    @Test func kerasEndToEndCasesTrain() throws {
        // test_handles_sas_metrics and test_end_to_end: one Dense unit, ones in and out.
        for metric in [try MetricKind(SpecificityAtSensitivity(sensitivity: 0.5, name: "sas")), .precision] {
            let model = try Sequential([Dense(units: 1, inputShape: [1])], seed: 1)
            model.compile(loss: .meanSquaredError, optimizer: Adam(), metrics: [metric])
            let history = try model.fit(Tensor.ones([5, 1]), Tensor.ones([5, 1]), epochs: 1, verbose: .silent)
            #expect(history.history[metric.rawValue]?.count == 1)
        }
        // IoU's test_compilation: MeanIoU(numClasses: 2, ignoreClass: 0) on a softmax output with MSE.
        let model = try Sequential([Dense(units: 2, activation: .softmax, inputShape: [2])], seed: 1)
        model.compile(loss: .meanSquaredError, optimizer: RMSprop(), metrics: [try MetricKind(MeanIoU(numClasses: 2, ignoreClass: 0))])
        let history = try model.fit(try Tensor([1, 1], shape: [1, 2]), try Tensor([1, 0], shape: [1, 2]), epochs: 1, verbose: .silent)
        #expect(history.history["mean_io_u"]?.count == 1)
    }
}
