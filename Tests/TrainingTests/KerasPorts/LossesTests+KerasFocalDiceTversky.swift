import Foundation
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Keras 3's `losses_test.py`, continued: `BinaryFocalCrossentropyTest`, `CategoricalFocalCrossentropyTest`,
/// `DiceTest` and `TverskyTest`, with Keras's inputs, expected values and tolerances.
///
/// Not ported:
/// - every class's `test_dtype_arg`: float32 only.
/// - `CTCTest`, `CircleTest`, `CategoricalGeneralizedCrossEntropyTest` (all their cases): CTC, Circle and
///   CategoricalGeneralizedCrossEntropy are not among NeuralKit's losses (issue 14 does not ask for them:
///   they are for sequences and metric learning, not the dense networks of chapter 10).
@Suite("Keras port: losses_test.py (focal, Dice, Tversky)") struct KerasPortFocalDiceTverskyLossesTest {
    typealias Port = KerasLossPort

    static func config(_ className: String, _ name: String) throws {
        let loss = try Loss.fromKeras(["class_name": .string(className), "config": ["name": .string(name)]])
        #expect(loss.name == name)
        let again = try Loss.fromKeras(["class_name": .string(className), "config": .object(try loss.kerasConfig())])
        #expect(try again.kerasConfig() == loss.kerasConfig())
    }

    @Test func binaryFocalCrossentropy() throws {
        try Self.config("BinaryFocalCrossentropy", "bfce")
        let eye = try Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        try Port.expectLoss(BinaryFocalCrossentropy(gamma: 1.5), eye, eye, [0], "test_all_correct_unweighted")
        try Port.expectLoss(
            BinaryFocalCrossentropy(gamma: 2, fromLogits: true), eye, try Tensor([[100, -100, -100], [-100, 100, -100], [-100, -100, 100]]), [0],
            "… with logits")
        let y = try Tensor([[1, 0], [1, 0]]), p = try Tensor([[0.9, 0.8], [0.7, 0.2]])
        let logitsTrue = try Tensor([[1, 1, 0], [0, 1, 0]]), logits = try Tensor([[1.5, -2.7, 2.9], [-3.8, 1.2, -4.5]])
        let weights = try Tensor([[1.2], [3.4]])
        try Port.expectLoss(BinaryFocalCrossentropy(gamma: 2), y, p, [0.268], "test_unweighted")
        try Port.expectLoss(BinaryFocalCrossentropy(gamma: 3, fromLogits: true), logitsTrue, logits, [0.799], "test_unweighted, logits")
        try Port.expectLoss(BinaryFocalCrossentropy(gamma: 2), y, p, sampleWeight: Tensor(1.23), [0.3296], "test_scalar_weighted")
        try Port.expectLoss(
            BinaryFocalCrossentropy(gamma: 3, fromLogits: true), logitsTrue, logits, sampleWeight: Tensor(3.21), [2.565], "test_scalar_weighted, logits")
        try Port.expectLoss(BinaryFocalCrossentropy(gamma: 2), y, p, sampleWeight: weights, [0.34415], "test_sample_weighted")
        try Port.expectLoss(
            BinaryFocalCrossentropy(gamma: 3, fromLogits: true), logitsTrue, logits, sampleWeight: weights, [0.95977], "test_sample_weighted, logits")
        try Port.expectLossClose(Port.with(BinaryFocalCrossentropy(gamma: 2), .none), y, p, [0.515547, 0.020513], "test_no_reduction")
    }

    @Test func categoricalFocalCrossentropy() throws {
        try Self.config("CategoricalFocalCrossentropy", "cfce")
        let y = try Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        let probabilities = try Tensor([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]])
        let logits = try Tensor([[8, 1, 1], [0, 9, 1], [2, 3, 5]]), weights = try Tensor([[1.2], [3.4], [5.6]])
        try Port.expectLoss(CategoricalFocalCrossentropy(alpha: 0.25, gamma: 2), y, y, [0], "test_all_correct_unweighted")
        try Port.expectLoss(CategoricalFocalCrossentropy(fromLogits: true), y, try Tensor([[10, 0, 0], [0, 10, 0], [0, 0, 10]]), [0], "… with logits")
        try Port.expectLoss(CategoricalFocalCrossentropy(), y, probabilities, [0.02059], "test_unweighted")
        try Port.expectLoss(CategoricalFocalCrossentropy(fromLogits: true), y, logits, [0.000345], "test_unweighted, logits")
        try Port.expectLoss(CategoricalFocalCrossentropy(), y, probabilities, sampleWeight: Tensor(2.3), [0.047368], "test_scalar_weighted")
        try Port.expectLoss(
            CategoricalFocalCrossentropy(fromLogits: true), y, logits, sampleWeight: Tensor(2.3), [0.000794], decimal: 4, "test_scalar_weighted, logits")
        try Port.expectLoss(CategoricalFocalCrossentropy(), y, probabilities, sampleWeight: weights, [0.06987], "test_sample_weighted")
        try Port.expectLoss(CategoricalFocalCrossentropy(fromLogits: true), y, logits, sampleWeight: weights, [0.001933], "test_sample_weighted, logits")
        try Port.expectLossClose(
            Port.with(CategoricalFocalCrossentropy(fromLogits: true), .none), y, logits, [1.5096224e-09, 2.4136547e-11, 1.0360638e-03],
            "test_no_reduction")
        try Port.expectLoss(
            CategoricalFocalCrossentropy(fromLogits: true, labelSmoothing: 0.1), try Tensor([[1, 0, 0]]), try Tensor([[4.9, -0.5, 2.05]]), [0.06685],
            "test_label_smoothing")
    }

    static var small: (Tensor, Tensor) { get throws { (try Tensor([[1, 2], [1, 2]]), try Tensor([[4, 1], [6, 1]])) } }
    static var image: (Tensor, Tensor) {
        get throws {
            (
                try Tensor([[1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1]]),
                try Tensor([[0, 1, 0, 1], [1, 0, 1, 1], [0, 1, 0, 1], [1, 0, 1, 1]])
            )
        }
    }
    static var volume: (Tensor, Tensor) {
        get throws {
            (try Tensor([1, 1, 0, 0, 1, 1, 0, 0], shape: [2, 2, 2, 1]), try Tensor([0, 1, 0, 1, 0.4, 0, 0, 0.9], shape: [2, 2, 2, 1]))
        }
    }

    @Test func dice() throws {
        try Self.config("Dice", "mydice")
        try Port.expectLossClose(Dice(), try Self.small.0, try Self.small.1, [-0.55555546], "test_correctness")
        try Port.expectLossClose(Dice(), try Self.image.0, try Self.image.1, [0.77777773], "test_binary_segmentation")
        try Port.expectLossClose(
            Port.with(Dice(axes: [1, 2, 3]), .none), try Self.volume.0, try Self.volume.1, [0.5, 0.75757575], "test_binary_segmentation_with_axis")
    }

    @Test func tversky() throws {
        try Self.config("Tversky", "mytversky")
        try Port.expectLossClose(Tversky(), try Self.small.0, try Self.small.1, [-0.55555546], "test_correctness")
        try Port.expectLossClose(Tversky(alpha: 0.2, beta: 0.8), try Self.small.0, try Self.small.1, [-0.29629636], "test_correctness_custom_coefficients")
        try Port.expectLossClose(Tversky(), try Self.image.0, try Self.image.1, [0.77777773], "test_binary_segmentation")
        try Port.expectLossClose(
            Port.with(Tversky(axes: [1, 2, 3]), .none), try Self.volume.0, try Self.volume.1, [0.5, 0.75757575], "test_binary_segmentation_with_axis")
        try Port.expectLossClose(
            Tversky(alpha: 0.2, beta: 0.8), try Self.image.0, try Self.image.1, [0.7916667], "test_binary_segmentation_custom_coefficients")
        try Port.expectLossClose(
            Port.with(Tversky(alpha: 0.2, beta: 0.8, axes: [1, 2, 3]), .none), try Self.volume.0, try Self.volume.1, [0.5, 0.7222222],
            "test_binary_segmentation_custom_coefficients_with_axis")
    }
}
