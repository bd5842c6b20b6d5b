import Foundation
import Serialization
import Tensors
import TestSupport
import Testing

@testable import Training

/// The rest of Keras's metric catalogue against Keras 3's own values: Fixtures/keras_metric_catalogue.json,
/// written by tools/make_metric_catalogue_fixtures.py. Each metric is rebuilt from the config Keras wrote
/// (so configs are read as Keras writes them), fed two batches without weights and with weights of each
/// shape, and must give Keras's value, or refuse the weights where Keras refuses them; its own config must
/// say what Keras's says.
@Suite struct KerasMetricCatalogueTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let `case`: String, weights: String
            let config: JSONValue
            let y_true: String, y_pred: String
            let sample_weight: String?
            let value: JSONValue
        }
        let keras: String
        let data: [String: KerasFixtures.Encoded]
        let cases: [Case]
    }

    static let fixture: Fixture? = {
        guard let url = Bundle.module.url(forResource: "keras_metric_catalogue", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    static func halves(_ tensor: Tensor) throws -> [Tensor] {
        let rows = tensor.shape[0]
        return [try tensor.slice(0..<(rows / 2)), try tensor.slice((rows / 2)..<rows)]
    }

    @Test func everyMetricGivesKerasValues() throws {
        let fixture = try #require(Self.fixture)
        #expect(fixture.cases.count == 375)
        var checked = 0
        for test in fixture.cases {
            let label = "\(test.case) (\(test.weights) weights)"
            let metric = try MetricKind(keras: test.config).makeMetric(loss: nil, outputWidth: 3)
            let yTrue = try Self.halves(try #require(fixture.data[test.y_true]).tensor)
            let yPred = try Self.halves(try #require(fixture.data[test.y_pred]).tensor)
            let weights = try test.sample_weight.map { try Self.halves(try #require(fixture.data[$0]).tensor) }
            let update = {
                for half in 0..<2 { try metric.update(yTrue[half], yPred[half], sampleWeight: weights?[half]) }
            }
            if test.value == .null {
                #expect(throws: TrainingError.self, "\(label): Keras refuses these weights") { try update() }
                continue
            }
            try update()
            let expected = test.value.arrayValue?.compactMap(\.floatValue) ?? [test.value.floatValue ?? .nan]
            expectClose(metric.resultValues(), expected, tolerance: 2e-5, "\(label)")
            checked += 1
        }
        #expect(checked == 343)
    }

    /// Keras's configs and NeuralKit's agree key by key (the names aside: Keras numbers repeated names).
    @Test func configsSayWhatKerasSays() throws {
        let fixture = try #require(Self.fixture)
        for test in fixture.cases where test.weights == "none" {
            let kind = try MetricKind(keras: test.config)
            let written = try kind.compileJSON()
            #expect(written["class_name"] == test.config["class_name"], "\(test.case)")
            let ours = try #require(written["config"]?.objectValue), theirs = try #require(test.config["config"]?.objectValue)
            #expect(Set(ours.keys) == Set(theirs.keys), "\(test.case): keys")
            for (key, value) in theirs where key != "name" {
                #expect(Self.same(ours[key], value), "\(test.case): \(key) is \(ours[key]?.jsonString() ?? "missing"), Keras wrote \(value.jsonString())")
            }
            // What NeuralKit writes, it reads back to the same config.
            let again = try MetricKind(keras: written).compileJSON()
            #expect(again == written, "\(test.case): round trip")
        }
    }

    /// JSON values equal as Keras means them: numbers as float32, a tensor as its values.
    static func same(_ a: JSONValue?, _ b: JSONValue) -> Bool {
        guard var a else { return false }
        var b = b
        if b["class_name"]?.stringValue == "__tensor__", let value = b["config"]?["value"] { b = value }
        if a["class_name"]?.stringValue == "__tensor__", let value = a["config"]?["value"] { a = value }
        if let x = a.floatValue, let y = b.floatValue { return x == y }
        if let x = a.arrayValue, let y = b.arrayValue { return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) } }
        return a == b
    }
}
