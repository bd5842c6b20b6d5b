import Foundation
import Serialization
import Tensors
import TestSupport
import Testing

@testable import Layers

/// Weight constraints against Keras 3 (Fixtures/keras_constraints.json, tools/make_constraint_fixtures.py):
/// the same projection of a fixed matrix, read from the config Keras writes for a Dense layer, written back.
@Suite struct KerasConstraintTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let name: String
            let w: [Float], projected: [Float]
            let dense_config: [String: JSONValue]
        }
        let shape: [Int]
        let constraints: [Case]
    }

    @Test func projectionsAndConfigsMatchKeras() throws {
        let url = try #require(Bundle.module.url(forResource: "keras_constraints", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.constraints.count == 7)
        for test in fixture.constraints {
            let constraint = try #require(try Constraint(keras: test.dense_config["kernel_constraint"]), "\(test.name)")
            let projected = try constraint(try Tensor(test.w, shape: Shape(fixture.shape)))
            expectClose(projected.scalars, test.projected, tolerance: 2e-6, "\(test.name)")
            let written = try constraint.kerasJSON()
            #expect(written["class_name"] == test.dense_config["kernel_constraint"]?["class_name"], "\(test.name)")
            for (key, value) in try constraint.kerasConfig() {
                #expect(value.floatValue == test.dense_config["kernel_constraint"]?["config"]?[key]?.floatValue, "\(test.name): \(key)")
            }
            // A Dense layer built from Keras's config carries it, and writes it back.
            let dense = try #require(
                try LayerRegistry.layer(from: ["class_name": "Dense", "config": .object(["units": 3].merging(test.dense_config) { $1 })]) as? Dense)
            #expect(dense.kernelConstraint == constraint && dense.biasConstraint == constraint)
            #expect(try dense.config()["kernel_constraint"] == written)
        }
    }
}
