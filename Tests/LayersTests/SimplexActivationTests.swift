import Foundation
import Layers
import Serialization
import Tensors
import TestSupport
import Testing

/// Sparsemax against the paper's algorithm (Martins & Astudillo 2016) and Keras's own unit-test case, and
/// softmax over several axes against Keras 3's value.
///
/// Keras 3.15.1's sparsemax computes τ from the sum of all cumulative sums in the support instead of the
/// k-th one, so its outputs do not sum to 1 once two or more entries are in the support (keras-team/keras
/// issue 23425, fixed by pull request 23469); NeuralKit follows the paper, and agrees with Keras wherever
/// the support has one entry (Keras's own test case below).
@Suite struct SimplexActivationTests {
    @Test func sparsemaxProjectsOntoTheSimplex() throws {
        let cases: [([Float], [Float])] = [
            ([0, 0.5, 1], [0, 0.25, 0.75]),  // the bug report's example
            ([0.1, 0.2, 0.3, 0.4, 0.5], [0, 0.1, 0.2, 0.3, 0.4]),  // the fix's example
            ([0.175, 0, -2], [0.5875, 0.4125, 0]),  // TensorFlow's report
            ([2, 0.5, 0.45], [1, 0, 0]),
        ]
        for (input, expected) in cases {
            let y = try Activation.sparsemax(try Tensor(input, shape: [1, input.count]))
            expectClose(y.scalars, expected, tolerance: 1e-6, "\(input)")
            expectClose([y.scalars.reduce(0, +)], [1], tolerance: 1e-6)
        }
    }

    @Test func sparsemaxMatchesKerassOwnTestCase() throws {
        // keras/src/activations/activations_test.py, test_sparsemax: linspace(1, 12, 12) as 1-D, 2-D rows of 2,
        // 3-D (4, 1, 3), and 2-D along axis -2, each one-hot on the largest entry.
        let values = (1...12).map(Float.init)
        let oneHot: (Shape, Int, (Int) -> Bool) throws -> Void = { shape, axis, isLargest in
            let y = try Activation.sparsemax(axis: axis)(try Tensor(values, shape: shape))
            expectClose(y.scalars, (0..<12).map { isLargest($0) ? 1 : 0 }, tolerance: 1e-6, "\(shape) axis \(axis)")
        }
        try oneHot([12], -1) { $0 == 11 }
        try oneHot([6, 2], -1) { $0 % 2 == 1 }
        try oneHot([4, 1, 3], -1) { $0 % 3 == 2 }
        try oneHot([6, 2], -2) { $0 >= 10 }
    }

    @Test func sparsemaxAlongAnotherAxisAndItsGradient() throws {
        let x = try Tensor([0.3, -0.2, 0.9, 0.1, 0.25, 0.4, -0.5, 0.6, 0.05], shape: [3, 3])
        let byColumns = try Activation.sparsemax(axis: 0)(x)
        for column in 0..<3 { expectClose([(0..<3).map { byColumns.scalars[$0 * 3 + column] }.reduce(0, +)], [1], tolerance: 1e-6) }
        for axis in [-1, 0] { try gradientCheck(input: x, parameters: [], epsilon: 1e-3, tolerance: 1e-2) { try Activation.sparsemax(axis: axis)($0) } }
        #expect(throws: LayerError.self) { try Activation.sparsemax(axis: 2)(x) }
    }

    @Test func softmaxOverSeveralAxesMatchesKeras() throws {
        // keras.activations.softmax(np.arange(6).reshape(1, 2, 3), axis=(1, 2)), Keras 3.15.1.
        let y = try Activation.softmaxAlong(axes: [1, 2])(try Tensor((0..<6).map(Float.init), shape: [1, 2, 3]))
        expectClose(y.scalars, [0.00426978, 0.01160646, 0.03154963, 0.08576079, 0.233122, 0.6336913], tolerance: 1e-6)
        let x = try Tensor([0.3, -0.2, 0.9, 0.1, 0.25, 0.4], shape: [1, 2, 3])
        try gradientCheck(input: x, parameters: [], epsilon: 1e-3, tolerance: 1e-2) { try Activation.softmaxAlong(axes: [1, 2])($0) }
    }

    @Test func logSoftmaxOverSeveralAxesIsTheLogOfSoftmaxAndHasItsGradient() throws {
        let x = try Tensor([0.3, -0.2, 0.9, 0.1, 0.25, 0.4, 80, 81, 79, -3, 2, 0.5], shape: [2, 2, 3])
        for axes in [[1, 2], [0], [0, 2]] {
            let expected = try Activation.softmaxAlong(axes: axes)(x).scalars.map { Foundation.log($0) }
            expectClose(try Activation.logSoftmaxAlong(axes: axes)(x).scalars, expected, tolerance: 1e-5)
        }
        let small = try Tensor([0.3, -0.2, 0.9, 0.1, 0.25, 0.4], shape: [1, 2, 3])
        try gradientCheck(input: small, parameters: [], epsilon: 1e-3, tolerance: 1e-2) { try Activation.logSoftmaxAlong(axes: [1, 2])($0) }
        #expect(throws: LayerError.self) { try Activation.logSoftmaxAlong(axes: [3])(small) }
        #expect(throws: ConfigError.self) { try Activation.logSoftmaxAlong(axes: [1, 2]).kerasJSON }
    }

    @Test func thresholdKeepsValuesAboveItAndReplacesTheRest() throws {
        // keras.activations.threshold(x, threshold=0.5, default_value=-1)
        let y = try Activation.threshold(threshold: 0.5, defaultValue: -1)(try Tensor([-2, 0.5, 0.7, 3], shape: [4]))
        #expect(y.scalars == [-1, -1, 0.7, 3])
        #expect(throws: ConfigError.self) { try Activation.threshold(threshold: 0.5, defaultValue: 0).kerasJSON }
    }
}
