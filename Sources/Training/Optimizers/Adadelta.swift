import Foundation
import Serialization

/// Adadelta (Zeiler), as Keras's: `a ← ρ·a + (1 − ρ)·g²`, `Δ = −√(d + ε)/√(a + ε) · g`,
/// `d ← ρ·d + (1 − ρ)·Δ²`, `w ← w + η·Δ`.
public final class Adadelta: Optimizer {
    public let rho: Float, epsilon: Float

    public init(
        learningRate: LearningRate = 0.001, rho: Float = 0.95, epsilon: Float = 1e-7, clipNorm: Float? = nil, clipValue: Float? = nil,
        globalClipNorm: Float? = nil, weightDecay: Float? = nil
    ) {
        self.rho = rho
        self.epsilon = epsilon
        super.init(
            learningRate: learningRate, name: "adadelta", clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
            weightDecay: weightDecay)
    }

    public override func optimizerConfig() -> [String: JSONValue] { ["rho": .float(rho), "epsilon": .float(epsilon)] }

    public override var slotNames: [String] { ["accumulated_grad", "accumulated_delta_var"] }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ slots: inout [[Float]], learningRate lr: Float, step: Int
    ) {
        for i in w.indices {
            slots[0][i] = rho * slots[0][i] + (1 - rho) * g[i] * g[i]
            let delta = -((slots[1][i] + epsilon).squareRoot() * g[i]) / (slots[0][i] + epsilon).squareRoot()
            slots[1][i] = rho * slots[1][i] + (1 - rho) * delta * delta
            w[i] += lr * delta
        }
    }
}

extension Adadelta: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "Adadelta", defaultRate: 0.001)
        self.init(
            learningRate: o.learningRate, rho: try c.float("rho", in: "Adadelta", default: 0.95),
            epsilon: try c.float("epsilon", in: "Adadelta", default: 1e-7), clipNorm: o.clipNorm, clipValue: o.clipValue,
            globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
    }
}
