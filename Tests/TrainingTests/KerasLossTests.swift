import Foundation
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// The losses beyond the chapter's against Keras 3 (Fixtures/keras_losses.json, tools/make_loss_fixtures.py):
/// built from Keras's config, the same value with and without sample weights, the same gradient as JAX
/// gives, and the gradient against finite differences.
@Suite struct KerasLossTests {
    struct Fixture: Decodable {
        typealias Array = KerasFixtures.Encoded
        struct Case: Decodable {
            let name: String, class_name: String
            let config: JSONValue
            let y_true: Array, y_pred: Array
            let sample_weight: Array?
            let value: Float
            let gradient: Array
        }
        struct ReductionCase: Decodable {
            let reduction: String, weights: String
            let config: JSONValue
            let sample_weight: Array?
            let value: Array
        }
        let losses: [Case]
        let reductions: [ReductionCase]
        let y_true: Array, y_pred: Array
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "keras_losses", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test func everyReductionWithWeightsOfEveryShape() throws {
        let fixture = try Self.fixture()
        #expect(fixture.reductions.count == 20)
        for test in fixture.reductions {
            let loss = try Loss.fromKeras(["class_name": "MeanSquaredError", "config": test.config])
            #expect(loss.reduction.rawValue == test.reduction)
            let value = try loss(fixture.y_true.tensor, fixture.y_pred.tensor, sampleWeight: test.sample_weight?.tensor)
            expectClose(value.scalars, test.value.values, tolerance: 1e-4, "\(test.reduction) with \(test.weights) weights")
            #expect(try loss.kerasConfig()["reduction"] == .string(test.reduction))
        }
        #expect { try Loss.fromKeras(["class_name": "MeanSquaredError", "config": ["reduction": "average"]]) } throws: {
            "\($0)".contains("average") && "\($0)".contains("mean_with_sample_weight")
        }
    }

    @Test func valuesAndGradientsMatchKeras() throws {
        let fixture = try Self.fixture()
        #expect(fixture.losses.count == 53)
        for test in fixture.losses {
            // Keras leaves CosineSimilarity's axis out of its config; the fixture's name says it.
            let loss =
                test.name.contains("axis 0") ? CosineSimilarity(axis: 0) : try Loss.fromKeras(["class_name": .string(test.class_name), "config": test.config])
            let prediction = try Tensor(test.y_pred.values, shape: Shape(test.y_pred.shape), requiresGradient: true)
            let value = try loss(test.y_true.tensor, prediction, sampleWeight: test.sample_weight?.tensor)
            #expect(
                Swift.abs((value.scalar ?? .nan) - test.value) <= 1e-5 * Swift.max(1, Swift.abs(test.value)),
                "\(test.name): \(value.scalar ?? .nan) vs Keras \(test.value)")
            try value.backward()
            let gradient = try #require(prediction.gradient)
            expectClose(gradient, test.gradient.tensor, tolerance: 2e-5 * Swift.max(1, Swift.abs(test.value)), "\(test.name): gradient")
            // The config Keras wrote comes back out.
            for (key, item) in try loss.kerasConfig() where key != "name" && key != "reduction" && test.config[key] != nil {
                // An axis list of one stands for the same axis as Keras's single integer.
                let same = item == test.config[key] || item.floatValue == test.config[key]?.floatValue || item == .array([test.config[key] ?? .null])
                #expect(same, "\(test.name): \(key)")
            }
        }
    }

    @Test func gradientsAgainstFiniteDifferences() throws {
        let target = try Tensor([[0.5, 1.2, 2.0], [1.5, 0.3, 0.8]]), prediction = try Tensor([[0.7, 1.0, 1.6], [1.1, 0.6, 1.3]])
        let distributions = try Tensor([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
        let cases: [(Loss, Tensor)] = [
            (MeanAbsolutePercentageError(), target), (LogCosh(), target), (CosineSimilarity(), target), (Poisson(), target),
            (KLDivergence(), distributions), (Hinge(), try Tensor([[1, -1, 1], [-1, 1, 1]])), (SquaredHinge(), try Tensor([[1, 0, 1], [0, 1, 1]])),
            (CategoricalHinge(), try Tensor([[0, 1, 0], [1, 0, 0]])),
        ]
        for (loss, y) in cases {
            // KL divergence clips predictions to [1e-7, 1]: probabilities, away from the clip's corners.
            let input = loss is KLDivergence ? try Tensor([[0.3, 0.3, 0.4], [0.2, 0.5, 0.3]]) : prediction
            try gradientCheck([input], epsilon: 1e-3, tolerance: 2e-2) { try loss(y, $0[0]) }
        }
    }

    @Test func aSmoothingOutsideZeroToOneIsRefused() throws {
        #expect { try Loss.fromKeras(["class_name": "BinaryCrossentropy", "config": ["label_smoothing": -0.1]]) } throws: {
            "\($0)".contains("label_smoothing") && "\($0)".contains("-0.1")
        }
        let loss = CategoricalCrossentropy(labelSmoothing: 1.5)
        #expect { try loss(try Tensor([[0, 1]]), try Tensor([[0.3, 0.7]])) } throws: { "\($0)".contains("labelSmoothing") }
        #expect(throws: ConfigError.self) { try Loss.fromKeras(["class_name": "CategoricalCrossentropy", "config": ["axis": 0]]) }
    }
}
