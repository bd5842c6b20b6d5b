import Foundation
import Serialization

/// LAMB (You et al.), as Keras's: Adam's bias-corrected step `u = m̂ / (√v̂ + ε)`, scaled per weight
/// tensor by the trust ratio `‖w‖ / ‖u‖` (1 when either norm is 0): `w ← w − η · ‖w‖/‖u‖ · u`.
public final class Lamb: Optimizer {
    public let beta1: Float, beta2: Float, epsilon: Float

    public init(
        learningRate: LearningRate = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, clipNorm: Float? = nil,
        clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil
    ) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(
            learningRate: learningRate, name: "lamb", clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
            weightDecay: weightDecay)
    }

    public override func optimizerConfig() -> [String: JSONValue] {
        ["beta_1": .float(beta1), "beta_2": .float(beta2), "epsilon": .float(epsilon)]
    }

    public override var slotNames: [String] { ["momentum", "velocity"] }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ slots: inout [[Float]], learningRate lr: Float, step: Int
    ) {
        let t = Float(step)
        let correction1 = 1 - Foundation.pow(beta1, t), correction2 = 1 - Foundation.pow(beta2, t)
        var update = [Float](repeating: 0, count: w.count)
        var weightSquares: Float = 0, updateSquares: Float = 0
        for i in w.indices {
            slots[0][i] += (g[i] - slots[0][i]) * (1 - beta1)
            slots[1][i] += (g[i] * g[i] - slots[1][i]) * (1 - beta2)
            update[i] = (slots[0][i] / correction1) / ((slots[1][i] / correction2).squareRoot() + epsilon)
            weightSquares += w[i] * w[i]
            updateSquares += update[i] * update[i]
        }
        let weightNorm = weightSquares.squareRoot(), updateNorm = updateSquares.squareRoot()
        let ratio = weightNorm > 0 && updateNorm > 0 ? weightNorm / updateNorm : 1
        for i in w.indices { w[i] -= ratio * lr * update[i] }
    }
}

extension Lamb: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "Lamb", defaultRate: 0.001)
        self.init(
            learningRate: o.learningRate, beta1: try c.float("beta_1", in: "Lamb", default: 0.9),
            beta2: try c.float("beta_2", in: "Lamb", default: 0.999), epsilon: try c.float("epsilon", in: "Lamb", default: 1e-7),
            clipNorm: o.clipNorm, clipValue: o.clipValue, globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
    }
}
