import Serialization
import Tensors
import Testing

@testable import Training

/// Ports of keras/src/metrics/iou_metrics_test.py: IoUTest, BinaryIoUTest, MeanIoUTest, OneHotIoUTest and
/// OneHotMeanIoUTest, with Keras's inputs, expected values and tolerances (atol 1e-3).
///
/// Not ported: test_big_chunk (it shows that Keras's float32 matrix loses counts past 2²⁴; NeuralKit adds
/// in double, so there is nothing to lose at that size); test_user_warning_float_weight (Keras warns that
/// integer `dtype` truncates float weights; NeuralKit truncates the same way, documented, without a
/// warning channel). test_compilation is covered by MetricCatalogueFitTests in ModelsTests.
@Suite struct IoUPortTests {
    @Test func configs() throws {
        let iou = try IoU(numClasses: 2, targetClassIds: [1, 0], name: "iou_class_1_0")
        let iou2 = try IoU(kerasConfig: iou.kerasConfig())
        #expect(iou2.name == "iou_class_1_0" && iou2.numClasses == 2 && iou2.targetClassIds == [1, 0])
        let binary = try BinaryIoU(targetClassIds: [1, 0], threshold: 0.1, name: "iou_class_1_0")
        let binary2 = try BinaryIoU(kerasConfig: binary.kerasConfig())
        #expect(binary2.name == "iou_class_1_0" && Swift.abs(binary2.threshold - 0.1) < 1e-3 && binary2.targetClassIds == [1, 0])
        let mean = try MeanIoU(numClasses: 2, name: "mean_iou")
        let mean2 = try MeanIoU(kerasConfig: mean.kerasConfig())
        #expect(mean2.name == "mean_iou" && mean2.numClasses == 2)
    }

    @Test func ioU() throws {
        let quarter: Float = (1.0 / (2 + 2 - 1) + 1.0 / (2 + 2 - 1)) / 2
        expectAllClose(try Port.call(try IoU(numClasses: 2, targetClassIds: [0, 1]), Port.t([0, 0, 1, 1]), Port.t([0, 1, 0, 1])), [quarter], atol: 1e-3)
        let weighted = try Port.call(
            try IoU(numClasses: 2, targetClassIds: [1, 0], dtype: "float32"), Port.t([0, 0, 1, 1]), Port.t([0, 1, 0, 1]), Port.t([0.2, 0.3, 0.4, 0.1]))
        expectAllClose(weighted, [(0.1 / (0.4 + 0.5 - 0.1) + 0.2 / (0.6 + 0.5 - 0.2)) / 2], atol: 1e-3)
        let multi = try Port.call(
            try IoU(numClasses: 2, targetClassIds: [0, 1], dtype: "float32"), Port.t([[0, 0], [1, 1]]), Port.t([[0, 1], [0, 1]]),
            Port.t([[0.2, 0.3], [0.4, 0.1]]))
        expectAllClose(multi, [(0.2 / (0.6 + 0.5 - 0.2) + 0.1 / (0.4 + 0.5 - 0.1)) / 2], atol: 1e-3)
        expectAllClose(try IoU(numClasses: 2, targetClassIds: [0, 1]).resultValues(), [0], atol: 1e-3)
        expectAllClose(try Port.call(try IoU(numClasses: 2, targetClassIds: [0, 1]), Port.t([1]), Port.t([1])), [1], atol: 1e-3)
        for (truth, prediction) in [([Float(0), 2], [Float(0), 1]), ([0, 1], [0, 2]), ([-1, 0], [0, 0]), ([0, 1], [-1, 1])] {
            expectAllClose(try Port.call(try IoU(numClasses: 2, targetClassIds: [0, 1]), Port.t(truth), Port.t(prediction)), [1], atol: 1e-3)
        }
        expectAllClose(
            try Port.call(try IoU(numClasses: 4, targetClassIds: [0, 1, 2, 3]), Port.t([0, 0, 1, 1]), Port.t([0, 1, 0, 1])), [quarter], atol: 1e-3)
    }

    @Test func binaryIoU() throws {
        let yTrue = Port.t([0, 1, 0, 1]), yPred = Port.t([0.1, 0.2, 0.4, 0.7])
        let first = try Port.call(try BinaryIoU(targetClassIds: [0, 1], threshold: 0.3, dtype: "float32"), yTrue, yPred, Port.t([0.2, 0.3, 0.4, 0.1]))
        expectAllClose(first, [(0.2 / (0.6 + 0.5 - 0.2) + 0.1 / (0.4 + 0.5 - 0.1)) / 2], atol: 1e-3)
        let second = try Port.call(try BinaryIoU(targetClassIds: [0, 1], threshold: 0.5, dtype: "float32"), yTrue, yPred, Port.t([0.1, 0.2, 0.4, 0.3]))
        expectAllClose(second, [(0.5 / (0.5 + 0.7 - 0.5) + 0.3 / (0.5 + 0.3 - 0.3)) / 2], atol: 1e-3)
        expectAllClose(try Port.call(try BinaryIoU(targetClassIds: [0, 1], threshold: 0.3), yTrue, yPred), [(1.0 / 3 + 1.0 / 3) / 2], atol: 1e-3)
        expectAllClose(try Port.call(try BinaryIoU(targetClassIds: [0, 1], threshold: 0.5), yTrue, yPred), [(2.0 / 3 + 1.0 / 2) / 2], atol: 1e-3)
        let multi = try Port.call(
            try BinaryIoU(targetClassIds: [0, 1], threshold: 0.4, dtype: "float32"), Port.t([[0, 1], [0, 1]]), Port.t([[0.1, 0.7], [0.9, 0.3]]),
            Port.t([[0.2, 0.3], [0.4, 0.1]]))
        expectAllClose(multi, [(0.2 / (0.6 + 0.3 - 0.2) + 0.3 / (0.4 + 0.7 - 0.3)) / 2], atol: 1e-3)
        expectAllClose(try BinaryIoU().resultValues(), [0], atol: 1e-3)
        expectAllClose(try Port.call(try BinaryIoU(threshold: 0.5), Port.t([1]), Port.t([0.6])), [1], atol: 1e-3)
    }

    @Test func meanIoU() throws {
        expectAllClose(try Port.call(try MeanIoU(numClasses: 2), Port.t([0, 0, 1, 1]), Port.t([0, 1, 0, 1])), [(1.0 / 3 + 1.0 / 3) / 2], atol: 1e-3)
        let ignored: Float = (1.0 / (1 + 1 - 1) + 1.0 / (2 + 1 - 1) + 0.0 / (0 + 1 - 0)) / 3
        expectAllClose(try Port.call(try MeanIoU(numClasses: 3, ignoreClass: 255), Port.t([0, 1, 2, 255]), Port.t([0, 1, 1, 1])), [ignored], atol: 1e-3)
        expectAllClose(try Port.call(try MeanIoU(numClasses: 3, ignoreClass: -1), Port.t([0, 1, 2, -1]), Port.t([0, 1, 1, 1])), [ignored], atol: 1e-3)
        let weighted = try Port.call(try MeanIoU(numClasses: 2, dtype: "float32"), Port.t([0, 0, 1, 1]), Port.t([0, 1, 0, 1]), Port.t([0.2, 0.3, 0.4, 0.1]))
        expectAllClose(weighted, [(0.2 / (0.6 + 0.5 - 0.2) + 0.1 / (0.4 + 0.5 - 0.1)) / 2], atol: 1e-3)
        let weightedIgnored = try Port.call(
            try MeanIoU(numClasses: 2, ignoreClass: -1, dtype: "float32"), Port.t([0, 0, 1, -1]), Port.t([0, 1, 0, 1]), Port.t([0.2, 0.3, 0.4, 0.1]))
        expectAllClose(weightedIgnored, [(0.2 / (0.6 + 0.5 - 0.2) + 0.0 / (0.3 + 0.4 - 0.0)) / 2], atol: 1e-3)
        let multi = try Port.call(
            try MeanIoU(numClasses: 2, dtype: "float32"), Port.t([[0, 0], [1, 1]]), Port.t([[0, 1], [0, 1]]), Port.t([[0.2, 0.3], [0.4, 0.1]]))
        expectAllClose(multi, [(0.2 / (0.6 + 0.5 - 0.2) + 0.1 / (0.4 + 0.5 - 0.1)) / 2], atol: 1e-3)
        expectAllClose(try MeanIoU(numClasses: 2).resultValues(), [0], atol: 1e-3)
        expectAllClose(try Port.call(try MeanIoU(numClasses: 2), Port.t([1]), Port.t([1])), [1], atol: 1e-3)
        expectAllClose(try Port.call(try MeanIoU(numClasses: 2), Port.t([0, 3]), Port.t([0, 1])), [1], atol: 1e-3)
        expectAllClose(try Port.call(try MeanIoU(numClasses: 2), Port.t([0, -1]), Port.t([0, 1])), [1], atol: 1e-3)
        expectAllClose(try Port.call(try MeanIoU(numClasses: 3), Port.t([0, 0, 0, 0]), Port.t([0, 0, 0, 0])), [1], atol: 1e-3)
    }

    static var oneHotTrue: Tensor { Port.t([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]]) }
    static var oneHotPred: Tensor { Port.t([[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]]) }

    @Test func oneHotIoU() throws {
        let unweighted = try Port.call(try OneHotIoU(numClasses: 3, targetClassIds: [0, 2]), Self.oneHotTrue, Self.oneHotPred)
        expectAllClose(unweighted, [(0.0 / (1 + 2 - 0) + 1.0 / (3 + 1 - 1)) / 2], atol: 1e-3)
        let weighted = try Port.call(
            try OneHotIoU(numClasses: 3, targetClassIds: [0, 2], dtype: "float32"), Self.oneHotTrue, Self.oneHotPred, Port.t([0.1, 0.2, 0.3, 0.4]))
        expectAllClose(weighted, [(0 / (0.3 + 0.6 - 0) + 0.1 / (0.7 + 0.1 - 0.1)) / 2], atol: 1e-3)
    }

    @Test func oneHotMeanIoU() throws {
        expectAllClose(try Port.call(try OneHotMeanIoU(numClasses: 3), Self.oneHotTrue, Self.oneHotPred), [(0 + 0 + 1.0 / (3 + 1 - 1)) / 3], atol: 1e-3)
        let yTrue = Port.t([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0], [1, 0, 0]])
        let yPred = Port.t([[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5], [0.6, 0.2, 0.2]])
        let expected: Float = (0.1 / (0.4 + 0.6 - 0.1) + 0 + 0.1 / (0.6 + 0.1 - 0.1)) / 3
        expectAllClose(
            try Port.call(try OneHotMeanIoU(numClasses: 3, dtype: "float32"), yTrue, yPred, Port.t([0.1, 0.2, 0.3, 0.3, 0.1])), [expected], atol: 1e-3)
        expectAllClose(try Port.call(try OneHotMeanIoU(numClasses: 3), yTrue, yPred, Port.t([1, 2, 3, 3, 1])), [expected], atol: 1e-3)
    }
}
