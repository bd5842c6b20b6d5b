import Foundation
import Serialization
import Tensors
import TestSupport
import Testing

@testable import Layers

/// Weight regularizers against Keras 3 (Fixtures/keras_regularizers.json, tools/make_regularizer_fixtures.py):
/// the same penalty on fixed matrices, read from the config Keras writes and written back; the orthogonal
/// penalty's gradient against finite differences.
@Suite struct KerasRegularizerTests {
    struct Fixture: Decodable {
        struct Matrix: Decodable { let shape: [Int], values: [Float] }
        struct Case: Decodable {
            let name: String
            let values: [Float]
            let config: JSONValue
        }
        let matrices: [Matrix]
        let regularizers: [Case]
    }

    @Test func penaltiesAndConfigsMatchKeras() throws {
        let url = try #require(Bundle.module.url(forResource: "keras_regularizers", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.regularizers.count == 5)
        for test in fixture.regularizers {
            let regularizer = try Regularizer(keras: test.config)
            for (matrix, expected) in zip(fixture.matrices, test.values) {
                let penalty = try regularizer.penalty(try Tensor(matrix.values, shape: Shape(matrix.shape)))
                expectClose([penalty.scalar ?? .nan], [expected], tolerance: 2e-6, "\(test.name) on \(matrix.shape)")
            }
            let written = try regularizer.kerasJSON()
            #expect(written["class_name"] == test.config["class_name"], "\(test.name)")
            for (key, value) in try regularizer.kerasConfig() {
                #expect(value.floatValue == test.config["config"]?[key]?.floatValue, "\(test.name): \(key)")
                #expect(value.stringValue == test.config["config"]?[key]?.stringValue, "\(test.name): \(key)")
            }
        }
    }

    @Test func theOrthogonalPenaltysGradientMatchesFiniteDifferences() throws {
        var generator = RandomGenerator(seed: 3)
        for mode in [Regularizer.OrthogonalMode.rows, .columns] {
            let regularizer = Regularizer.orthogonal(factor: 0.5, mode: mode)
            let input = try Tensor.uniform([4, 3], low: -1, high: 1, using: &generator)
            try gradientCheck(input: input, parameters: [], epsilon: 1e-3, tolerance: 2e-2) { try regularizer.penalty($0) }
        }
    }

    @Test func badRegularizersAreClearErrors() throws {
        #expect(throws: LayerError.self) { try Regularizer.orthogonal().penalty(Tensor([1, 2, 3])) }
        #expect(throws: ConfigError.self) { try Regularizer(keras: ["class_name": "L2", "config": ["l2": -1]]) }
        #expect(throws: ConfigError.self) { try Regularizer(keras: ["class_name": "OrthogonalRegularizer", "config": ["mode": "diagonal"]]) }
    }
}
