import Foundation
import Layers
import Tensors
import TestSupport
import Testing

/// What Keras 3's `activations_test.py` does over and over: draw `np.random.uniform(lo, hi, shape)`, apply
/// the activation, and compare with a reference formula (its `_ref_*` functions) under `rtol = 1e-5` and
/// the default `atol = 1e-6`. NumPy's unseeded draws come here from NeuralKit's seeded generator, in
/// the same ranges and shapes; the references are evaluated in Double on the very float32 inputs.
enum KerasActivationPort {
    typealias Draw = (lo: Double, hi: Double, shape: Shape)

    /// `np.random.random((2, 5))[np.newaxis, :]`, the draw most cases start with.
    static let unit: Draw = (0, 1, [1, 2, 5])
    /// The draws of `test_sigmoid`, `test_softsign`, `test_softplus`: unit, 1-D and 3-D in ±10, near zero,
    /// and large of either sign.
    static let wide: [Draw] = [unit, (-10, 10, [5]), (-10, 10, [3, 3, 3]), (-1e-7, 1e-7, [2, 5]), (10, 100, [2, 5]), (-100, -10, [2, 5])]
    /// The draws of `test_tanh`, `test_exponential`, `test_mish`.
    static let tanhLike: [Draw] = [
        unit, (-10, 10, [1, 2, 5]), (-10, 10, [5]), (-10, 10, [3, 3, 3]), (0, 10, [2, 5]), (-10, 0, [2, 5]), (-1e-7, 1e-7, [2, 5]),
        (1e4, 1e5, [2, 5]),
    ]

    static func draw(_ draw: Draw, using generator: inout RandomGenerator) throws -> Tensor {
        let count = draw.shape.elementCount
        return try Tensor((0..<count).map { _ in Float(Double.random(in: draw.lo..<draw.hi, using: &generator)) }, shape: draw.shape)
    }

    /// Applies `activation` to each draw and checks it against `reference`, elementwise.
    static func expect(
        _ activation: Activation, _ draws: [Draw], rtol: Float = 1e-5, atol: Float = 1e-6, seed: UInt64 = 1,
        sourceLocation: SourceLocation = #_sourceLocation, reference: (Double) -> Double
    ) throws {
        var generator = RandomGenerator(seed: seed)
        for item in draws {
            let x = try draw(item, using: &generator)
            let expected = x.scalars.map { Float(reference(Double($0))) }
            expectAllClose(
                try activation(x).scalars, expected, atol: atol, rtol: rtol, "\(activation) on uniform(\(item.lo), \(item.hi), \(item.shape))",
                sourceLocation: sourceLocation)
        }
    }

    /// Keras's `_ref_softplus`: `log(1 + eˣ)`.
    static func softplus(_ x: Double) -> Double { log(1 + exp(x)) }
    /// Keras's `_ref_sigmoid`, split at 0 for stability.
    static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }

    /// Keras's `_ref_softmax` / `_ref_log_softmax` of each row along the last axis.
    static func rowwise(_ x: Tensor, log takeLog: Bool) -> [Float] {
        let width = x.shape.dimensions.last ?? 1
        return stride(from: 0, to: x.elementCount, by: width).flatMap { start -> [Float] in
            let row = x.scalars[start..<start + width].map(Double.init), top = row.max() ?? 0
            let shifted = row.map { $0 - top }, total = shifted.reduce(0) { $0 + exp($1) }
            return shifted.map { Float(takeLog ? $0 - log(total) : exp($0) / total) }
        }
    }
}
