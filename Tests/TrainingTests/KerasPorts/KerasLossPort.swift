import Foundation
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// What Keras 3's `losses_test.py` cases share: its arrays, its reductions and its two ways of comparing
/// (`assertAlmostEqual`, 3 decimals unless given, and `assertAllClose`).
enum KerasLossPort {
    /// The regression cases' `y_true` and `y_pred` (`[[1, 9, 2], [-5, -2, 6]]`, `[[4, 8, 12], [8, 1, 3]]`).
    static var yTrue: Tensor { get throws { try Tensor([[1, 9, 2], [-5, -2, 6]]) } }
    static var yPred: Tensor { get throws { try Tensor([[4, 8, 12], [8, 1, 3]]) } }
    /// The per-sample weights `[[1.2], [3.4]]` and the timestep weights `[3, 6, 5, 0, 4, 2]` as `(2, 3)`.
    static var sampleWeight: Tensor { get throws { try Tensor([[1.2], [3.4]]) } }
    static var timestepWeight: Tensor { get throws { try Tensor([3, 6, 5, 0, 4, 2], shape: [2, 3]) } }

    static func reshaped(_ x: Tensor, _ shape: Shape) throws -> Tensor { try x.reshaped(to: shape) }

    /// A loss with the given reduction (Keras's `reduction=` argument; `None` is `.none`).
    static func with<L: Loss>(_ loss: L, _ reduction: Loss.Reduction) -> L {
        loss.reduction = reduction
        return loss
    }

    /// `assertAlmostEqual(loss(y_true, y_pred, sample_weight), expected, decimal)`.
    static func expectLoss(
        _ loss: Loss, _ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, _ expected: [Double], decimal: Int = 3,
        _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let value = try loss(yTrue, yPred, sampleWeight: sampleWeight).scalars
        #expect(value.count == expected.count, comment, sourceLocation: sourceLocation)
        for (a, e) in zip(value, expected) { expectAlmostEqual(a, Float(e), decimal: decimal, comment, sourceLocation: sourceLocation) }
    }

    /// `assertAllClose(loss(…), expected, atol, rtol)`.
    static func expectLossClose(
        _ loss: Loss, _ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, _ expected: [Double], atol: Float = 1e-6, rtol: Float = 1e-6,
        _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let value = try loss(yTrue, yPred, sampleWeight: sampleWeight).scalars
        expectAllClose(value, expected.map(Float.init), atol: atol, rtol: rtol, comment, sourceLocation: sourceLocation)
    }

    /// `run_class_serialization_test` / `get_config` with a name and reduction: the config read back has
    /// them, and gives the same config.
    static func expectConfig(_ className: String, name: String, reduction: String = "sum_over_batch_size", sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let loss = try Loss.fromKeras(["class_name": .string(className), "config": ["name": .string(name), "reduction": .string(reduction)]])
        #expect(loss.name == name, sourceLocation: sourceLocation)
        #expect(loss.reduction.rawValue == reduction, sourceLocation: sourceLocation)
        let config = try loss.kerasConfig()
        #expect(config["name"] == .string(name) && config["reduction"] == .string(reduction), sourceLocation: sourceLocation)
        let again = try Loss.fromKeras(["class_name": .string(className), "config": .object(config)])
        #expect(try again.kerasConfig() == config, sourceLocation: sourceLocation)
    }

    /// An unknown reduction (Keras: "Invalid value for argument `reduction`") is refused, naming it.
    static func expectBadReductionRefused(_ className: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) { try Loss.fromKeras(["class_name": .string(className), "config": ["reduction": "abc"]]) } throws: {
            "\($0)".contains("abc") && "\($0)".contains("reduction")
        }
    }
}
