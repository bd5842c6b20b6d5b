import Foundation
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Keras 3's `losses_test.py`, continued: `BinaryCrossentropyTest`, `CategoricalCrossentropyTest` and
/// `SparseCategoricalCrossentropyTest`, with Keras's inputs, expected values and tolerances.
///
/// Not ported:
/// - every class's `test_dtype_arg`: float32 only.
/// - `SparseCategoricalCrossentropyTest.test_binary_segmentation_different_axis`,
///   `test_multi_class_segmentation_different_axis`, `test_squeezes_singleton_class_dim_on_user_axis`:
///   a class axis other than the last is not implemented (its config is refused by name); the last one
///   is also Torch-only in Keras.
@Suite("Keras port: losses_test.py (cross-entropies)") struct KerasPortCrossentropyLossesTest {
    typealias Port = KerasLossPort

    static func config(_ className: String, _ name: String) throws {
        let loss = try Loss.fromKeras(["class_name": .string(className), "config": ["name": .string(name), "axis": -1]])
        #expect(loss.name == name)
        let again = try Loss.fromKeras(["class_name": .string(className), "config": .object(try loss.kerasConfig())])
        #expect(try again.kerasConfig() == loss.kerasConfig())
    }

    // MARK: BinaryCrossentropyTest

    @Test func binaryCrossentropy() throws {
        try Self.config("BinaryCrossentropy", "bce")
        let eye = try Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        try Port.expectLoss(BinaryCrossentropy(), eye, eye, [0], "test_all_correct_unweighted")
        try Port.expectLoss(
            BinaryCrossentropy(fromLogits: true), eye, try Tensor([[10, -10, -10], [-10, 10, -10], [-10, -10, 10]]), [0], "… with logits")
        try Port.expectLossClose(
            BinaryCrossentropy(), eye, try Tensor([[0.9, 0.1, 0.2], [0.3, 0.8, 0.1], [0.1, 0.2, 0.7]]), [0.20046903], "test_unweighted")
        let y = try Tensor([[1, 0], [1, 0]]), p = try Tensor([[1, 1], [1, 0]])
        let logitsTrue = try Tensor([[1, 0, 1], [0, 1, 1]]), logits = try Tensor([[10, -10, 10], [10, 10, -10]])
        try Port.expectLoss(BinaryCrossentropy(), y, p, [3.98559], "test_unweighted, saturated")
        try Port.expectLoss(BinaryCrossentropy(fromLogits: true), logitsTrue, logits, [3.3333], "test_unweighted, logits")
        try Port.expectLoss(BinaryCrossentropy(), y, p, sampleWeight: Tensor(2.3), [9.1668], "test_scalar_weighted")
        try Port.expectLoss(BinaryCrossentropy(fromLogits: true), logitsTrue, logits, sampleWeight: Tensor(2.3), [7.666], "test_scalar_weighted, logits")
        try Port.expectLoss(BinaryCrossentropy(), y, p, sampleWeight: try Tensor([[1.2], [3.4]]), [4.7827], "test_sample_weighted")
        try Port.expectLoss(BinaryCrossentropy(fromLogits: true), logitsTrue, logits, sampleWeight: try Tensor([4, 3]), [10.0], "test_sample_weighted, logits")
        try Port.expectLossClose(Port.with(BinaryCrossentropy(fromLogits: true), .none), logitsTrue, logits, [0.0, 6.666], atol: 1e-3, "test_no_reduction")
        try Port.expectLoss(
            BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1), try Tensor([[1, 0, 1]]), try Tensor([[10, -10, -10]]), [(10 + 5 * 0.1) / 3],
            "test_label_smoothing")
        // test_shape_mismatch: Keras says the shapes "must have the same shape".
        #expect { try BinaryCrossentropy()(try Tensor([[0], [1], [2]]), try Tensor([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]])) } throws: {
            "\($0)".contains("shape")
        }
    }

    // MARK: CategoricalCrossentropyTest (and SparseCategoricalCrossentropyTest, which has the same numbers)

    static var probabilities: Tensor { get throws { try Tensor([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]]) } }
    static var logits: Tensor { get throws { try Tensor([[8, 1, 1], [0, 9, 1], [2, 3, 5]]) } }

    @Test(arguments: [false, true]) func categoricalCrossentropy(sparse: Bool) throws {
        try Self.config(sparse ? "SparseCategoricalCrossentropy" : "CategoricalCrossentropy", sparse ? "scce" : "cce")
        let make = { (fromLogits: Bool) -> Loss in
            sparse ? SparseCategoricalCrossentropy(fromLogits: fromLogits) : CategoricalCrossentropy(fromLogits: fromLogits)
        }
        let y = sparse ? try Tensor([[0], [1], [2]]) : try Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        let eye = try Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), weights = try Tensor([[1.2], [3.4], [5.6]])
        try Port.expectLoss(make(false), y, eye, [0], "test_all_correct_unweighted")
        try Port.expectLoss(make(true), y, try Tensor([[10, 0, 0], [0, 10, 0], [0, 0, 10]]), [0], "… with logits")
        try Port.expectLoss(make(false), sparse ? try Tensor([0, 1, 2]) : y, try Self.probabilities, [0.3239], "test_unweighted")
        try Port.expectLoss(make(true), sparse ? try Tensor([0, 1, 2]) : y, try Self.logits, [0.0573], "test_unweighted, logits")
        try Port.expectLoss(make(false), y, try Self.probabilities, sampleWeight: Tensor(2.3), [0.7449], "test_scalar_weighted")
        try Port.expectLoss(make(true), y, try Self.logits, sampleWeight: Tensor(2.3), [0.1317], "test_scalar_weighted, logits")
        try Port.expectLoss(make(false), y, try Self.probabilities, sampleWeight: weights, [1.0696], "test_sample_weighted")
        try Port.expectLoss(make(true), y, try Self.logits, sampleWeight: weights, [0.31829], "test_sample_weighted, logits")
        try Port.expectLossClose(Port.with(make(true), .none), y, try Self.logits, [0.001822, 0.000459, 0.169846], "test_no_reduction")
        guard !sparse else { return }
        // test_label_smoothing and test_label_smoothing_ndarray (the same arrays in Swift).
        try Port.expectLoss(
            CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1), try Tensor([[1, 0, 0]]), try Tensor([[100, -100, -100]]), [400 * 0.1 / 3],
            "test_label_smoothing")
        #expect { try CategoricalCrossentropy()(try Tensor([[0], [1], [2]]), try Self.probabilities) } throws: { "\($0)".contains("shape") }
    }

    // MARK: SparseCategoricalCrossentropyTest, its own cases

    @Test func sparseIgnoreClass() throws {
        let logits = try Tensor([0.854, 0.698, 0.598, 0.088, 0.86, 0.018], shape: [1, 2, 3])
        let loss = Port.with(SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: -1), .none)
        try Port.expectLossClose(loss, try Tensor([[-1, 2]]), logits, [0.0, 1.480129], "labels (1, 2)")
        try Port.expectLossClose(loss, try Tensor([-1, 2], shape: [1, 2, 1]), logits, [0.0, 1.480129], "labels (1, 2, 1)")
        #expect(try loss(try Tensor([[-1, 2]]), logits).shape == [1, 2])
    }

    /// `test_binary_segmentation` and `test_multi_class_segmentation`: a 4 × 4 image of labels.
    @Test func sparseSegmentation() throws {
        let binaryLabels = try Tensor([[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
        let binaryExact = binaryLabels.scalars.flatMap { $0 == 1 ? [Float(0), 1] : [1, 0] }
        try Port.expectLossClose(SparseCategoricalCrossentropy(), binaryLabels, try Tensor(binaryExact, shape: [4, 4, 2]), [0], "binary, exact")
        var binary = binaryExact
        binary.replaceSubrange(6..<8, with: [0.2, 0.8])
        binary.replaceSubrange(30..<32, with: [0.6, 0.4])
        try Port.expectLossClose(
            SparseCategoricalCrossentropy(), binaryLabels, try Tensor(binary, shape: [4, 4, 2]), [(-log(0.2) - log(0.4)) / 16], "binary")
        let labels = try Tensor([[0, 1, 2, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
        let exact = labels.scalars.flatMap { label in (0..<3).map { Float($0) == label ? Float(1) : 0 } }
        try Port.expectLossClose(SparseCategoricalCrossentropy(), labels, try Tensor(exact, shape: [4, 4, 3]), [0], "multi-class, exact")
        var multi = exact
        multi.replaceSubrange(9..<12, with: [0.2, 0, 0.8])
        multi.replaceSubrange(12..<15, with: [0.7, 0.3, 0])
        multi.replaceSubrange(42..<45, with: [0.5, 0.5, 0])
        try Port.expectLossClose(
            SparseCategoricalCrossentropy(), labels, try Tensor(multi, shape: [4, 4, 3]), [(-log(0.2) - log(0.3) - log(0.5)) / 16], "multi-class")
    }
}
