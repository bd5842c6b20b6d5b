import Foundation
import Serialization

/// RMSprop, as Keras's: `v ← ρ·v + (1 − ρ)·g²`, step `η·g / √(v + ε)` (centered: `v − ḡ²`), with
/// optional momentum on the step.
public final class RMSprop: Optimizer {
    public let rho: Float, momentum: Float, epsilon: Float, centered: Bool

    public init(
        learningRate: LearningRate = 0.001, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7,
        centered: Bool = false, clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
        weightDecay: Float? = nil
    ) {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        super.init(
            learningRate: learningRate, name: "rmsprop", clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
            weightDecay: weightDecay)
    }

    public override func optimizerConfig() -> [String: JSONValue] {
        ["rho": .float(rho), "momentum": .float(momentum), "epsilon": .float(epsilon), "centered": .bool(centered)]
    }

    public override var slotNames: [String] {
        ["velocity"] + (momentum > 0 ? ["momentum"] : []) + (centered ? ["average_gradient"] : [])
    }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
        _ slots: inout [[Float]], learningRate lr: Float, step: Int
    ) {
        let momentumIndex = momentum > 0 ? 1 : nil
        let averageIndex = centered ? (momentum > 0 ? 2 : 1) : nil
        for i in w.indices {
            slots[0][i] = rho * slots[0][i] + (1 - rho) * g[i] * g[i]
            var denominator = slots[0][i] + epsilon
            if let a = averageIndex {
                slots[a][i] = rho * slots[a][i] + (1 - rho) * g[i]
                denominator = slots[0][i] - slots[a][i] * slots[a][i] + epsilon
            }
            let increment = lr * g[i] / denominator.squareRoot()
            if let k = momentumIndex {
                slots[k][i] = momentum * slots[k][i] + increment
                w[i] -= slots[k][i]
            } else {
                w[i] -= increment
            }
        }
    }
}

/// Adagrad, as Keras's: `a ← a + g²` (from 0.1), `w ← w − η·g / √(a + ε)`.
public final class Adagrad: Optimizer {
    public let initialAccumulatorValue: Float, epsilon: Float

    public init(
        learningRate: LearningRate = 0.001, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7,
        clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
        weightDecay: Float? = nil
    ) {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(
            learningRate: learningRate, name: "adagrad", clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
            weightDecay: weightDecay)
    }

    public override func optimizerConfig() -> [String: JSONValue] {
        ["initial_accumulator_value": .float(initialAccumulatorValue), "epsilon": .float(epsilon)]
    }

    public override var slotNames: [String] { ["accumulator"] }
    public override func initialSlotValue(_ index: Int) -> Float { initialAccumulatorValue }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
        _ slots: inout [[Float]], learningRate lr: Float, step: Int
    ) {
        for i in w.indices {
            slots[0][i] += g[i] * g[i]
            w[i] -= lr * g[i] / (slots[0][i] + epsilon).squareRoot()
        }
    }
}

/// Adamax, as Keras's: `m ← m + (g − m)(1 − β₁)`, `u ← max(β₂·u, |g|)`, `w ← w − η·m / ((1 − β₁ᵗ)(u + ε))`.
public final class Adamax: Optimizer {
    public let beta1: Float, beta2: Float, epsilon: Float

    public init(
        learningRate: LearningRate = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
        clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
        weightDecay: Float? = nil
    ) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(
            learningRate: learningRate, name: "adamax", clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
            weightDecay: weightDecay)
    }

    public override func optimizerConfig() -> [String: JSONValue] { ["beta_1": .float(beta1), "beta_2": .float(beta2), "epsilon": .float(epsilon)] }

    public override var slotNames: [String] { ["momentum", "norm"] }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
        _ slots: inout [[Float]], learningRate lr: Float, step: Int
    ) {
        let correction = 1 - Foundation.pow(beta1, Float(step))
        for i in w.indices {
            slots[0][i] += (g[i] - slots[0][i]) * (1 - beta1)
            slots[1][i] = Swift.max(beta2 * slots[1][i], Swift.abs(g[i]))
            w[i] -= lr * slots[0][i] / (correction * (slots[1][i] + epsilon))
        }
    }
}

/// Nadam (Dozat), Adam with Nesterov momentum and Keras's momentum schedule `μₜ = β₁(1 − ½·0.96ᵗ)`.
public final class Nadam: Optimizer {
    public let beta1: Float, beta2: Float, epsilon: Float
    /// The running product of the momentum schedule, `∏ μₜ` (Keras's `_u_product`).
    public private(set) var momentumProduct: Float = 1

    public init(
        learningRate: LearningRate = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
        clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
        weightDecay: Float? = nil
    ) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(
            learningRate: learningRate, name: "nadam", clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
            weightDecay: weightDecay)
    }

    public override func optimizerConfig() -> [String: JSONValue] { ["beta_1": .float(beta1), "beta_2": .float(beta2), "epsilon": .float(epsilon)] }

    public override var slotNames: [String] { ["momentum", "velocity"] }

    public override var extraVariables: [Float] {
        get { [momentumProduct] }
        set { if let product = newValue.first { momentumProduct = product } }
    }

    private func schedule(_ t: Int) -> Float { beta1 * (1 - 0.5 * Foundation.pow(0.96, Float(t))) }

    public override func prepareStep(_ step: Int) { momentumProduct *= schedule(step) }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
        _ slots: inout [[Float]], learningRate lr: Float, step: Int
    ) {
        let ut = schedule(step), ut1 = schedule(step + 1)
        let product = momentumProduct, productNext = momentumProduct * ut1
        let beta2Power = Foundation.pow(beta2, Float(step))
        for i in w.indices {
            slots[0][i] += (g[i] - slots[0][i]) * (1 - beta1)
            slots[1][i] += (g[i] * g[i] - slots[1][i]) * (1 - beta2)
            let mHat = ut1 * slots[0][i] / (1 - productNext) + (1 - ut) * g[i] / (1 - product)
            let vHat = slots[1][i] / (1 - beta2Power)
            w[i] -= mHat * lr / (vHat.squareRoot() + epsilon)
        }
    }
}
