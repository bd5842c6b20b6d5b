import Foundation

/// Adam (Kingma & Ba), as Keras's: `m ← m + (g − m)(1 − β₁)`, `v ← v + (g² − v)(1 − β₂)`,
/// `w ← w − η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε)`; with `amsgrad`, `v` is its running maximum.
public class Adam: Optimizer {
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let amsgrad: Bool

    public init(learningRate: LearningRate = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                amsgrad: Bool = false, clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                weightDecay: Float? = nil, name: String = "adam") {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        super.init(learningRate: learningRate, name: name, clipNorm: clipNorm, clipValue: clipValue,
            globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    public override var slotNames: [String] { amsgrad ? ["momentum", "velocity", "velocity_hat"] : ["momentum", "velocity"] }

    public override func updateStep(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
                                    _ slots: inout [[Float]], learningRate lr: Float, step: Int) {
        let t = Float(step)
        let alpha = lr * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        let (b1, b2, eps, amsgrad) = (beta1, beta2, epsilon, self.amsgrad)
        // Move the slots out so each buffer is uniquely referenced while it is written.
        var momentum = slots[0], velocity = slots[1], hat = amsgrad ? slots[2] : []
        slots = []
        defer { slots = amsgrad ? [momentum, velocity, hat] : [momentum, velocity] }
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
    public init(learningRate: LearningRate = 0.001, weightDecay: Float = 0.004, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-7, amsgrad: Bool = false, clipNorm: Float? = nil, clipValue: Float? = nil,
                globalClipNorm: Float? = nil) {
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad,
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay, name: "adamw")
    }
}
