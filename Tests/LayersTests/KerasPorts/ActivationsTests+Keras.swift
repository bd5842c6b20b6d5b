import Foundation
import Layers
import Tensors
import TestSupport
import Testing

/// Keras 3's `keras/src/activations/activations_test.py`, ported with its inputs (draws in the same ranges
/// and shapes, see ``KerasActivationPort``), expected values (its reference formulas) and tolerances. The
/// softmax, relu-option and lookup cases are in `ActivationsTests+KerasSoftmax.swift`; `threshold`, `sparsemax`
/// and softmax over other axes in `ActivationsTests+KerasAxes.swift`.
///
/// Not ported:
/// - `test_linear`, its int32 line: NeuralKit tensors are float32 only; the float lines are ported.
@Suite("Keras port: activations_test.py") struct KerasPortActivationsTest {
    typealias Port = KerasActivationPort

    @Test func selu() throws {
        let alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946
        let positive = try Tensor([1, 2], shape: [1, 1, 2]), negative = try Tensor([-1, -2], shape: [1, 1, 2])
        expectAllClose(try Activation.selu(positive).scalars, [Float(scale), Float(2 * scale)], rtol: 1e-5)
        expectAllClose(try Activation.selu(negative).scalars, [-1.0, -2.0].map { Float((exp($0) - 1) * scale * alpha) })
    }

    @Test func softplus() throws { try Port.expect(.softplus, Port.wide, reference: Port.softplus) }
    @Test func softsign() throws { try Port.expect(.softsign, Port.wide) { $0 / (1 + abs($0)) } }
    @Test func sigmoid() throws { try Port.expect(.sigmoid, Port.wide, reference: Port.sigmoid) }

    @Test func hardSigmoid() throws {
        try Port.expect(.hardSigmoid, [Port.unit, (-10, 10, [5]), (-10, 10, [3, 3, 3])]) { min(max($0 / 6 + 0.5, 0), 1) }
        try Port.expect(.hardSigmoid, [(5, 10, [2, 5])]) { _ in 1 }
    }

    @Test func sparseSigmoid() throws {
        try Port.expect(.sparseSigmoid, [Port.unit, (-10, 10, [5]), (-10, 10, [3, 3, 3]), (10, 100, [2, 5]), (-100, -10, [2, 5])]) {
            $0 <= -1 ? 0 : $0 >= 1 ? 1 : 0.5 * ($0 + 1)
        }
    }

    @Test func logSigmoid() throws {
        try Port.expect(.logSigmoid, [Port.unit, (-10, 10, [5]), (-10, 10, [3, 3, 3]), (10, 100, [2, 5]), (-100, -10, [2, 5])]) {
            -Port.softplus(-$0)
        }
    }

    @Test func hardSilu() throws {
        try Port.expect(.hardSilu, [(-3, 3, [1, 2, 5]), (-10, 10, [5]), (-10, 10, [3, 3, 3])]) { $0 * min(max(0, $0 + 3), 6) / 6 }
        try Port.expect(.hardSilu, [(5, 10, [2, 5])]) { $0 }
        try Port.expect(.hardSilu, [(-10, -5, [2, 5])]) { _ in 0 }
    }

    @Test func relu() throws {
        try Port.expect(.relu, [(0.1, 10, [1, 2, 5]), (1e4, 1e5, [2, 5])]) { $0 }
        try Port.expect(.relu, [(-10, -0.1, [1, 2, 5]), (-1e5, -1e4, [2, 5])]) { _ in 0 }
        try Port.expect(.relu, [(-10, 10, [5]), (-10, 10, [3, 3, 3]), (-1e-7, 1e-7, [2, 5])]) { max(0, $0) }
    }

    @Test(arguments: [Float(0.01), 0.3]) func leakyRelu(slope: Float) throws {
        try Port.expect(.leakyRelu(negativeSlope: slope), [Port.unit, (-1, 0, [1, 2, 5])]) { $0 > 0 ? $0 : Double(slope) * $0 }
    }

    @Test func relu6() throws { try Port.expect(.relu6, [(0, 5.9, [1, 2, 5]), (6.1, 10, [1, 2, 5]), (-1, 0, [1, 2, 5])]) { min(max(0, $0), 6) } }

    @Test func silu() throws { try Port.expect(.silu, [(0, 5.9, [1, 2, 5]), (-1, 1, [1, 2, 5]), (-5.9, 0, [1, 2, 5])]) { $0 / (1 + exp(-$0)) } }

    @Test func gelu() throws {
        try Port.expect(.gelu, [Port.unit]) { $0 * 0.5 * (1 + erf($0 / 2.0.squareRoot())) }
        try Port.expect(.geluApproximate, [Port.unit]) { 0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * pow($0, 3)))) }
    }

    @Test(arguments: [Float(1), 0.5]) func celu(alpha: Float) throws {
        let a = Double(alpha)
        try Port.expect(.celu(alpha: alpha), [Port.unit]) { max($0, 0) + a * expm1(min($0, 0) / a) }
    }

    @Test func glu() throws {
        var generator = RandomGenerator(seed: 1)
        let x = try Port.draw((0, 1, [1, 2, 4]), using: &generator)
        let expected = (0..<2).flatMap { row in (0..<2).map { i in x.scalars[row * 4 + i] * Float(Port.sigmoid(Double(x.scalars[row * 4 + 2 + i]))) } }
        expectAllClose(try Activation.glu(x).scalars, expected, rtol: 1e-5)
        // axis=-2 of (1, 2, 4): the first row gated by the sigmoid of the second.
        let y = try Port.draw((0, 1, [1, 2, 4]), using: &generator)
        let expectedAlong = (0..<4).map { i in y.scalars[i] * Float(Port.sigmoid(Double(y.scalars[4 + i]))) }
        expectAllClose(try Activation.gluAlong(axis: -2)(y).scalars, expectedAlong, rtol: 1e-5)
    }

    @Test func tanhShrink() throws { try Port.expect(.tanhShrink, [Port.unit]) { $0 - Foundation.tanh($0) } }
    @Test func hardTanh() throws { try Port.expect(.hardTanh, [Port.unit]) { min(max($0, -1), 1) } }
    @Test func hardShrink() throws { try Port.expect(.hardShrink(), [Port.unit]) { abs($0) > 0.5 ? $0 : 0 } }
    @Test func squareplus() throws { try Port.expect(.squareplus(), [Port.unit]) { ($0 + ($0 * $0 + 4).squareRoot()) / 2 } }
    @Test func softShrink() throws { try Port.expect(.softShrink(), [Port.unit]) { $0 > 0.5 ? $0 - 0.5 : $0 < -0.5 ? $0 + 0.5 : 0 } }
    @Test func sparsePlus() throws { try Port.expect(.sparsePlus, [Port.unit]) { $0 <= -1 ? 0 : $0 < 1 ? 0.25 * ($0 + 1) * ($0 + 1) : $0 } }

    @Test func elu() throws {
        try Port.expect(.elu, [Port.unit]) { $0 }
        let elu: Activation = .elu
        expectAllClose(try elu(try Tensor([-1, -2], shape: [1, 1, 2])).scalars, [-1.0, -2.0].map { Float(exp($0) - 1) })
    }

    @Test func tanh() throws { try Port.expect(.tanh, Port.tanhLike) { Foundation.tanh($0) } }
    @Test func exponential() throws { try Port.expect(.exponential, Port.tanhLike) { exp($0) } }
    @Test func mish() throws { try Port.expect(.mish, Port.tanhLike) { $0 * Foundation.tanh(Port.softplus($0)) } }

    @Test func linear() throws {
        try Port.expect(.linear, [(0, 1, [10, 5]), (-10, 10, [5]), (-10, 10, [10, 5]), (-10, 10, [5, 5, 5]), (-10, 10, [10, 5])], rtol: 1e-6) { $0 }
    }
}
