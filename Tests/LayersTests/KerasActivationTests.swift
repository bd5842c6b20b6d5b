import Foundation
import Serialization
import Tensors
import TestSupport
import Testing

@testable import Layers

/// The activations of Keras 3's catalogue beyond the chapter's, against Keras's values and JAX's
/// gradients (Fixtures/keras_activations.json, tools/make_activation_fixtures.py), and their names.
@Suite struct KerasActivationTests {
    struct Fixture: Decodable {
        typealias Array = KerasFixtures.Encoded
        struct Case: Decodable { let name: String, x: Array, weights: Array, y: Array, gradient: Array }
        let activations: [Case]
    }

    static func activation(_ name: String) -> Activation? {
        [
            "relu6": .relu6, "mish": .mish, "celu": .celu(), "celu alpha 0.5": .celu(alpha: 0.5), "glu": .glu, "log_sigmoid": .logSigmoid,
            "hard_silu": .hardSilu, "hard_tanh": .hardTanh, "hard_shrink": .hardShrink(), "hard_shrink 0.3": .hardShrink(threshold: 0.3),
            "soft_shrink": .softShrink(), "soft_shrink 0.3": .softShrink(threshold: 0.3), "tanh_shrink": .tanhShrink,
            "sparse_plus": .sparsePlus, "sparse_sigmoid": .sparseSigmoid, "squareplus": .squareplus(), "squareplus b 2": .squareplus(b: 2),
            "gelu approximate": .geluApproximate, "relu max 6": .reluWith(maxValue: 6), "relu threshold 1": .reluWith(threshold: 1),
            "relu slope 0.1": .reluWith(negativeSlope: 0.1), "relu all": .reluWith(negativeSlope: 0.1, maxValue: 5, threshold: 0.5),
        ][name]
    }

    @Test func valuesAndGradientsMatchKeras() throws {
        let url = try #require(Bundle.module.url(forResource: "keras_activations", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.activations.count == 22)
        for test in fixture.activations {
            let activation = try #require(Self.activation(test.name), "\(test.name)")
            let x = try Tensor(test.x.values, shape: Shape(test.x.shape), requiresGradient: true)
            let y = try activation(x)
            expectClose(y.scalars, test.y.values, tolerance: 2e-6, "\(test.name): values")
            try (y * Tensor(test.weights.values, shape: Shape(test.weights.shape))).sum().backward()
            expectClose(try #require(x.gradient).scalars, test.gradient.values, tolerance: 2e-5, "\(test.name): gradient")
        }
    }

    @Test func namesRoundTripAndOptionsThatNamesCannotCarryAreRefused() throws {
        for activation in Activation.allNamed {
            #expect(try Activation(kerasName: activation.kerasName) == activation)
            #expect(try activation.kerasJSON == .string(activation.kerasName))
        }
        #expect(try Activation(kerasName: "hard_swish") == .hardSilu)
        for activation: Activation in [.reluWith(maxValue: 6), .geluApproximate, .celu(alpha: 2), .squareplus(b: 1)] {
            #expect(throws: ConfigError.self, "\(activation)") { try activation.kerasJSON }
        }
        #expect(throws: LayerError.self) { try Activation.glu(try Tensor([[1, 2, 3]])) }
    }
}
