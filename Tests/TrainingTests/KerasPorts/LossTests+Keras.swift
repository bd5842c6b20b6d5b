import Foundation
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/losses/loss_test.py` (the `Loss` base class), ported with its inputs, expected
/// values and tolerances. Keras's `ExampleLoss` (`(y_true − y_pred)²`, elementwise) is a `Loss` subclass
/// here; Keras's masks (`backend.set_keras_mask` on the predictions) are what a NeuralKit loss returns
/// from `perSampleLossesAndMask`, so the masked cases use a subclass that returns Keras's mask.
///
/// Not ported:
/// - `test_rank_adjustment`, its `mask` case (a mask of shape `(4, 1)` for losses `(4,)`): NeuralKit
///   tensors carry no Keras mask; a loss's own mask has its losses' shape. The `sample_weight` and `ys`
///   cases are ported.
/// - `test_mixed_dtypes`, `test_dtype_arg`, `test_default_dtype`: dtype policies and float16; NeuralKit
///   computes in float32 only.
/// - `test_pickle`: Python's pickle.
/// - `test_get_method`, its `get(None)` line: Swift has no None to pass; the other lines are ported.
@Suite("Keras port: loss_test.py") struct KerasPortLossTest {
    /// Keras's `ExampleLoss`.
    final class ExampleLoss: Loss, @unchecked Sendable {
        init(reduction: Reduction = .sumOverBatchSize) {
            super.init(name: "example_loss")
            self.reduction = reduction
        }
        override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor { try (yTrue - yPred).square() }
    }

    /// `ExampleLoss` with Keras's mask on the predictions.
    final class MaskedExampleLoss: Loss, @unchecked Sendable {
        let mask: [Bool]
        init(mask: [Bool]) {
            self.mask = mask
            super.init(name: "example_loss")
        }
        override func perSampleLossesAndMask(_ yTrue: Tensor, _ yPred: Tensor) throws -> (losses: Tensor, mask: Tensor?) {
            let losses = try (yTrue - yPred).square()
            let repeated = (0..<losses.elementCount).map { mask[$0 % mask.count] ? Float(1) : 0 }
            return (losses, try Tensor(repeated, shape: losses.shape))
        }
    }

    static let yTrue: [Float] = [1, 0, 1, 0], yPred: [Float] = [0.1, 0.2, 0.3, 0.4], weights: [Float] = [0.4, 0.3, 0.2, 0.1]
    static let mask = [true, false, true, true]
    static let squares = zip(yTrue, yPred).map { Double(($0 - $1) * ($0 - $1)) }
    /// Keras's masked expectation: `sum(w · (y − ŷ)²)` over the kept entries, over their count (3).
    static let maskedWeighted = [0, 2, 3].reduce(0.0) { $0 + Double(weights[$1]) * squares[$1] } / 3

    /// `test_squeeze_or_expand`, through a loss: whichever of targets and predictions has the extra
    /// trailing axis of 1, Keras's rule leaves one mean squared error per sample.
    @Test func squeezeOrExpand() throws {
        let loss = KerasLossPort.with(MeanSquaredError(), .none)
        for (a, b) in [([3], [3, 1]), ([3, 2], [3, 2, 1])] as [(Shape, Shape)] {
            #expect(try loss(try Tensor.ones(a), try Tensor.ones(b)).shape == [3], "\(a) and \(b)")
            #expect(try loss(try Tensor.ones(b), try Tensor.ones(a)).shape == [3], "\(b) and \(a)")
        }
    }

    @Test func reduction() throws {
        let (y, p) = (try Tensor(Self.yTrue), try Tensor(Self.yPred))
        expectAllClose(try ExampleLoss(reduction: .none)(y, p).scalars, Self.squares.map(Float.init))
        expectAllClose(try ExampleLoss(reduction: .sum)(y, p).scalars, [Float(Self.squares.reduce(0, +))])
        expectAllClose(try ExampleLoss()(y, p).scalars, [Float(Self.squares.reduce(0, +) / 4)])
        #expect { try Loss.fromKeras(["class_name": "MeanSquaredError", "config": ["reduction": "abc"]]) } throws: { "\($0)".contains("abc") }
    }

    @Test func mask() throws {
        let (y, p) = (try Tensor(Self.yTrue), try Tensor(Self.yPred))
        expectAllClose(try MaskedExampleLoss(mask: Self.mask)(y, p).scalars, [Float([0, 2, 3].reduce(0.0) { $0 + Self.squares[$1] } / 3)])
        expectAllClose(try MaskedExampleLoss(mask: [false, false, false, false])(y, p).scalars, [0], "everything masked: no NaN")
    }

    @Test func sampleWeight() throws {
        let (y, p) = (try Tensor(Self.yTrue), try Tensor(Self.yPred))
        let expected = zip(Self.weights, Self.squares).reduce(0.0) { $0 + Double($1.0) * $1.1 } / 4
        expectAllClose(try ExampleLoss()(y, p, sampleWeight: try Tensor(Self.weights)).scalars, [Float(expected)])
        expectAllClose(try ExampleLoss()(y, p, sampleWeight: try Tensor.zeros([4])).scalars, [0], "every weight 0: no NaN")
    }

    @Test func maskAndSampleWeight() throws {
        let value = try MaskedExampleLoss(mask: Self.mask)(try Tensor(Self.yTrue), try Tensor(Self.yPred), sampleWeight: try Tensor(Self.weights))
        expectAllClose(value.scalars, [Float(Self.maskedWeighted)])
    }

    @Test func maskAndSampleWeightRank2() throws {
        let loss = MaskedExampleLoss(mask: Self.mask)
        let rank1 = try loss(try Tensor(Self.yTrue), try Tensor(Self.yPred), sampleWeight: try Tensor(Self.weights))
        let rank2 = try loss(
            try Tensor(Self.yTrue + Self.yTrue, shape: [2, 4]), try Tensor(Self.yPred + Self.yPred, shape: [2, 4]),
            sampleWeight: try Tensor(Self.weights + Self.weights, shape: [2, 4]))
        expectAllClose(rank1.scalars, rank2.scalars)
    }

    /// `test_rank_adjustment`, its `sample_weight` and `ys` cases.
    @Test(arguments: ["sample_weight", "ys"]) func rankAdjustment(uprank: String) throws {
        let shape: Shape = uprank == "ys" ? [4, 1] : [4], weightShape: Shape = uprank == "sample_weight" ? [4, 1] : [4]
        let value = try MaskedExampleLoss(mask: Self.mask)(
            try Tensor(Self.yTrue, shape: shape), try Tensor(Self.yPred, shape: shape), sampleWeight: try Tensor(Self.weights, shape: weightShape))
        expectAllClose(value.scalars, [Float(Self.maskedWeighted)])
    }

    @Test func getMethod() throws {
        #expect(try Loss.named("mse") is MeanSquaredError)
        #expect(throws: (any Error).self) { try Loss.named("typo") }
    }
}
