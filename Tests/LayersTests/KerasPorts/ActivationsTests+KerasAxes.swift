import Foundation
import Layers
import Tensors
import TestSupport
import Testing

/// Keras 3's `activations_test.py`, continued: softmax over other axes and over several (`.softmaxAlong`,
/// `.logSoftmaxAlong`), `threshold` and `sparsemax`, with Keras's inputs (draws in the same ranges and shapes), expected values
/// (its reference formulas) and tolerances.
///
/// Keras 3.15.1's `sparsemax` is wrong when more than one entry stays in the support (keras-team/keras#23425);
/// NeuralKit follows the paper (Martins & Astudillo 2016). Keras's own `test_sparsemax` cases all have a
/// support of one entry (or of one along a length-1 axis), where Keras and the paper agree: they are ported whole.
///
/// Every case of those tests is ported (their log-softmax twins through `.logSoftmaxAlong(axes:)`).
@Suite("Keras port: activations_test.py (softmax axes, threshold, sparsemax)") struct KerasPortActivationsAxesTest {
    typealias Port = KerasActivationPort

    /// Keras's `_ref_softmax` (or `_ref_log_softmax`) applied to each group of entries that share their
    /// indices outside `axes`.
    static func groupwise(_ x: Tensor, axes: [Int], log takeLog: Bool = false) -> [Float] {
        let dims = x.shape.dimensions, values = x.scalars.map(Double.init)
        var strides = [Int](repeating: 1, count: dims.count)
        for axis in stride(from: dims.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * dims[axis + 1] }
        let key = { (flat: Int) -> [Int] in (0..<dims.count).filter { !axes.contains($0) }.map { flat / strides[$0] % dims[$0] } }
        let groups = Dictionary(grouping: values.indices, by: key)
        var result = [Float](repeating: 0, count: values.count)
        for members in groups.values {
            let top = members.map { values[$0] }.max() ?? 0
            let total = members.reduce(0) { $0 + exp(values[$1] - top) }
            for index in members { result[index] = Float(takeLog ? values[index] - top - Foundation.log(total) : exp(values[index] - top) / total) }
        }
        return result
    }

    /// `test_softmax_2d_axis_0` (`axis=1` of `(1, 2, 5)`), `test_softmax_3d_axis_tuple`,
    /// `test_softmax_higher_dim`, `test_softmax_higher_dim_multiple_axes` and their four `test_log_softmax_*`
    /// twins: rtol 1e-5.
    @Test(
        arguments: [
            ([1], [1, 2, 5]), ([1, 2], [2, 3, 5]), ([2, 3], [2, 3, 4, 5]), ([2, 3, 4], [2, 3, 4, 5, 6]),
        ] as [([Int], Shape)])
    func softmaxOverAxes(axes: [Int], shape: Shape) throws {
        var generator = RandomGenerator(seed: UInt64(shape.rank))
        let x = try Port.draw((0, 1, shape), using: &generator)
        expectAllClose(try Activation.softmaxAlong(axes: axes)(x).scalars, Self.groupwise(x, axes: axes), rtol: 1e-5, "axes \(axes)")
        let logX = try Port.draw((0, 1, shape), using: &generator)
        expectAllClose(
            try Activation.logSoftmaxAlong(axes: axes)(logX).scalars, Self.groupwise(logX, axes: axes, log: true), rtol: 1e-5, "log, axes \(axes)")
    }

    @Test func threshold() throws {
        var generator = RandomGenerator(seed: 729)
        let x = try Port.draw(Port.unit, using: &generator)
        let expected = x.scalars.map { $0 > 0 ? $0 : 0 }
        expectAllClose(try Activation.threshold(threshold: 0, defaultValue: 0)(x).scalars, expected, rtol: 1e-5)
    }

    /// `np.linspace(1, 12, num=12)` in `shape`.
    static func linspace(_ shape: Shape) throws -> Tensor { try Tensor((1...12).map(Float.init), shape: shape) }

    /// `test_sparsemax`: one-hot at the largest entry along the axis (all ones along an axis of length 1).
    @Test func sparsemax() throws {
        let oneHotLast: (Int, Int) -> [Float] = { groups, length in
            (0..<groups).flatMap { _ in (0..<length).map { $0 == length - 1 ? 1 : 0 } }
        }
        expectAllClose(try Activation.sparsemax()(Self.linspace([12])).scalars, oneHotLast(1, 12))
        expectAllClose(try Activation.sparsemax()(Self.linspace([6, 2])).scalars, oneHotLast(6, 2))
        expectAllClose(try Activation.sparsemax()(Self.linspace([4, 1, 3])).scalars, oneHotLast(4, 3))
        // axis=-2 of (6, 2): the last row is 1.
        expectAllClose(try Activation.sparsemax(axis: -2)(Self.linspace([6, 2])).scalars, (0..<12).map { $0 >= 10 ? 1 : 0 })
        expectAllClose(try Activation.sparsemax(axis: -2)(Self.linspace([4, 1, 3])).scalars, [Float](repeating: 1, count: 12))
        // axis=-3 of (4, 1, 3): the last block is 1.
        expectAllClose(try Activation.sparsemax(axis: -3)(Self.linspace([4, 1, 3])).scalars, (0..<12).map { $0 >= 9 ? 1 : 0 })
        expectAllClose(try Activation.sparsemax(axis: -3)(Self.linspace([6, 1, 1, 2])).scalars, [Float](repeating: 1, count: 12))
    }
}
