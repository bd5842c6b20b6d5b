import Foundation
import Serialization

/// Adam (Kingma & Ba), as Keras's: `m ← m + (g − m)(1 − β₁)`, `v ← v + (g² − v)(1 − β₂)`,
/// `w ← w − η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε)`; with `amsgrad`, `v` is its running maximum.
public class Adam: Optimizer {
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let amsgrad: Bool

    public init(
        learningRate: LearningRate = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
        amsgrad: Bool = false, clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
        weightDecay: Float? = nil, name: String = "adam"
    ) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        super.init(
            learningRate: learningRate, name: name, clipNorm: clipNorm, clipValue: clipValue,
            globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// Rebuilds an Adam optimizer from Keras's config.
    public required convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "Adam", defaultRate: 0.001)
        self.init(
            learningRate: o.learningRate, beta1: try c.float("beta_1", in: "Adam", default: 0.9),
            beta2: try c.float("beta_2", in: "Adam", default: 0.999), epsilon: try c.float("epsilon", in: "Adam", default: 1e-7),
            amsgrad: try c.bool("amsgrad", in: "Adam", default: false), clipNorm: o.clipNorm, clipValue: o.clipValue,
            globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
    }

    public override func optimizerConfig() -> [String: JSONValue] {
        ["beta_1": .float(beta1), "beta_2": .float(beta2), "epsilon": .float(epsilon), "amsgrad": .bool(amsgrad)]
    }

    public override var slotNames: [String] { amsgrad ? ["momentum", "velocity", "velocity_hat"] : ["momentum", "velocity"] }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
        _ slots: inout [[Float]], learningRate lr: Float, step: Int
    ) {
        let t = Float(step)
        let alpha = lr * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        let (b1, b2, eps, amsgrad) = (beta1, beta2, epsilon, self.amsgrad)
        // Swap the slots out so each buffer is uniquely referenced while it is written (and back: no new array).
        var momentum: [Float] = [], velocity: [Float] = [], hat: [Float] = []
        swap(&momentum, &slots[0])
        swap(&velocity, &slots[1])
        if amsgrad { swap(&hat, &slots[2]) }
        defer {
            swap(&momentum, &slots[0])
            swap(&velocity, &slots[1])
            if amsgrad { swap(&hat, &slots[2]) }
        }
        momentum.withUnsafeMutableBufferPointer { m in
            velocity.withUnsafeMutableBufferPointer { v in
                for i in w.indices {
                    m[i] += (g[i] - m[i]) * (1 - b1)
                    v[i] += (g[i] * g[i] - v[i]) * (1 - b2)
                    var second = v[i]
                    if amsgrad {
                        hat[i] = Swift.max(hat[i], v[i])
                        second = hat[i]
                    }
                    w[i] -= m[i] * alpha / (second.squareRoot() + eps)
                }
            }
        }
    }
}

/// Adam with decoupled weight decay (Loshchilov & Hutter), as Keras's `AdamW` (weight decay 0.004).
public final class AdamW: Adam {
    public init(
        learningRate: LearningRate = 0.001, weightDecay: Float = 0.004, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-7, amsgrad: Bool = false, clipNorm: Float? = nil, clipValue: Float? = nil,
        globalClipNorm: Float? = nil
    ) {
        super.init(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad,
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay, name: "adamw")
    }

    /// Rebuilds an AdamW optimizer from Keras's config (weight decay 0.004 unless given).
    public required convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "AdamW", defaultRate: 0.001)
        self.init(
            learningRate: o.learningRate, weightDecay: o.weightDecay ?? 0.004, beta1: try c.float("beta_1", in: "AdamW", default: 0.9),
            beta2: try c.float("beta_2", in: "AdamW", default: 0.999), epsilon: try c.float("epsilon", in: "AdamW", default: 1e-7),
            amsgrad: try c.bool("amsgrad", in: "AdamW", default: false), clipNorm: o.clipNorm, clipValue: o.clipValue,
            globalClipNorm: o.globalClipNorm)
    }
}
