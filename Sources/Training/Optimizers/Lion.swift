import Foundation
import Serialization

/// Lion (Chen et al., "symbolic discovery"), as Keras's: `w ← w − η·sign(β₁·m + (1 − β₁)·g)`, then
/// `m ← β₂·m + (1 − β₂)·g`. Its steps all have size η, so it wants a rate 3–10× smaller than Adam's.
public final class Lion: Optimizer {
    public let beta1: Float, beta2: Float

    public init(
        learningRate: LearningRate = 0.001, beta1: Float = 0.9, beta2: Float = 0.99, clipNorm: Float? = nil, clipValue: Float? = nil,
        globalClipNorm: Float? = nil, weightDecay: Float? = nil
    ) {
        self.beta1 = beta1
        self.beta2 = beta2
        super.init(
            learningRate: learningRate, name: "lion", clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
            weightDecay: weightDecay)
    }

    /// Keras's check: `beta_1` in (0, 1], else Lion degenerates to sign SGD.
    public override func validateHyperparameters() throws {
        guard beta1 > 0 && beta1 <= 1 else {
            throw TrainingError.invalidArgument("Lion: beta_1 must be in the (0, 1] range, not \(beta1); otherwise the optimizer degenerates to SignSGD")
        }
    }

    public override func optimizerConfig() -> [String: JSONValue] { ["beta_1": .float(beta1), "beta_2": .float(beta2)] }

    public override var slotNames: [String] { ["momentum"] }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ slots: inout [[Float]], learningRate lr: Float, step: Int
    ) {
        for i in w.indices {
            let direction = slots[0][i] * beta1 + g[i] * (1 - beta1)
            w[i] -= lr * (direction > 0 ? 1 : direction < 0 ? -1 : 0)
            slots[0][i] = slots[0][i] * beta2 + g[i] * (1 - beta2)
        }
    }
}

extension Lion: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "Lion", defaultRate: 0.001)
        let beta1 = try c.float("beta_1", in: "Lion", default: 0.9)
        guard beta1 > 0, beta1 <= 1 else { throw ConfigError.invalid("Lion: beta_1 must lie in (0, 1], not \(beta1)") }
        self.init(
            learningRate: o.learningRate, beta1: beta1, beta2: try c.float("beta_2", in: "Lion", default: 0.99), clipNorm: o.clipNorm,
            clipValue: o.clipValue, globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
    }
}
