import Foundation
import Layers
import Serialization
import Tensors
import TestSupport
import Testing

/// Keras 3's `activations_test.py`, continued: softmax and log-softmax, relu's options, and the lookup
/// by name, with Keras's inputs, expected values and tolerances.
///
/// The softmax and log-softmax cases over other axes, and over several, are in
/// `ActivationsTests+KerasAxes.swift`.
@Suite("Keras port: activations_test.py (softmax, relu options, get)") struct KerasPortActivationsSoftmaxTest {
    typealias Port = KerasActivationPort

    /// `test_softmax`, `test_softmax_1d`, `test_softmax_negative_axis`, `test_temporal_softmax` and their
    /// log-softmax twins: each row along the last axis against Keras's reference, rtol 1e-5.
    @Test(arguments: [false, true]) func softmaxAlongTheLastAxis(log takeLog: Bool) throws {
        var generator = RandomGenerator(seed: takeLog ? 12 : 11)
        let activation: Activation = takeLog ? .logSoftmax : .softmax
        for draw: Port.Draw in [(0, 1, [1, 2, 5]), (0, 1, [5]), (0, 1, [2, 5]), (0, 10, [1, 2, 2, 3])] {
            let x = try Port.draw(draw, using: &generator)
            expectAllClose(try activation(x).scalars, Port.rowwise(x, log: takeLog), rtol: 1e-5, "\(activation) on \(draw.shape)")
        }
    }

    static let x: [Float] = [-10, -5, 0, 5, 10]

    /// `test_relu_negative_slope`, `test_relu_max_value`, `test_relu_threshold`,
    /// `test_relu_combined_threshold_and_max_value`, `test_relu_combined_all_parameters`,
    /// `test_relu_to_trigger_relu6`, `test_relu_to_trigger_leaky`.
    @Test(arguments: [
        (Activation.reluWith(negativeSlope: 0.5), x, [-5.0, -2.5, 0.0, 5.0, 10.0] as [Float]),
        (.reluWith(maxValue: 5), x, [0, 0, 0, 5, 5]),
        (.reluWith(threshold: 5), x, [-0.0, -0.0, 0.0, 0.0, 10.0]),
        (.reluWith(maxValue: 5, threshold: 5), x, [0, 0, 0, 0, 5]),
        (.reluWith(negativeSlope: 0.5, maxValue: 5, threshold: 5), x, [-7.5, -5.0, -2.5, 0.0, 5.0]),
        (.reluWith(maxValue: 6), x + [12], [0, 0, 0, 5, 6, 6]),
    ])
    func reluOptions(activation: Activation, input: [Float], expected: [Float]) throws {
        expectAllClose(try activation(try Tensor(input)).scalars, expected, rtol: 1e-5, "\(activation)")
    }

    @Test func getMethod() throws {
        #expect(try Activation(kerasName: "relu") == .relu)
        #expect(try Activation(kerasName: "None") == .linear)
        #expect(throws: ConfigError.self) { try Activation(kerasName: "typo") }
    }
}
