import Foundation
import Serialization

/// FTRL-proximal (McMahan et al.), as Keras's, with its L1, L2 and L2-shrinkage terms and `beta`:
/// `n' = n + g²`, `z ← z + g̃ − (n'^(−p) − n^(−p))/η · w`, `w ← (clip(z, ±λ₁) − z) / (n'^(−p)/η + 2λ₂')`,
/// where `p` is `learningRatePower` (−0.5), `g̃ = g + 2·λ_shrink·w` and `λ₂' = λ₂ + β/(2η)`.
public final class Ftrl: Optimizer {
    public let learningRatePower: Float, initialAccumulatorValue: Float
    public let l1RegularizationStrength: Float, l2RegularizationStrength: Float, l2ShrinkageRegularizationStrength: Float, beta: Float

    /// The options Keras refuses are refused here too, naming the argument.
    public init(
        learningRate: LearningRate = 0.001, learningRatePower: Float = -0.5, initialAccumulatorValue: Float = 0.1,
        l1RegularizationStrength: Float = 0, l2RegularizationStrength: Float = 0, l2ShrinkageRegularizationStrength: Float = 0,
        beta: Float = 0, clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil
    ) throws {
        for (name, value) in [
            ("initialAccumulatorValue", initialAccumulatorValue), ("l1RegularizationStrength", l1RegularizationStrength),
            ("l2RegularizationStrength", l2RegularizationStrength), ("l2ShrinkageRegularizationStrength", l2ShrinkageRegularizationStrength),
        ] where !(value >= 0) {
            throw TrainingError.invalidArgument("Ftrl: \(name) must be 0 or more, not \(value)")
        }
        guard learningRatePower <= 0 else { throw TrainingError.invalidArgument("Ftrl: learningRatePower must be 0 or less, not \(learningRatePower)") }
        self.learningRatePower = learningRatePower
        self.initialAccumulatorValue = initialAccumulatorValue
        self.l1RegularizationStrength = l1RegularizationStrength
        self.l2RegularizationStrength = l2RegularizationStrength
        self.l2ShrinkageRegularizationStrength = l2ShrinkageRegularizationStrength
        self.beta = beta
        super.init(
            learningRate: learningRate, name: "ftrl", clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
            weightDecay: weightDecay)
    }

    public override func optimizerConfig() -> [String: JSONValue] {
        [
            "learning_rate_power": .float(learningRatePower), "initial_accumulator_value": .float(initialAccumulatorValue),
            "l1_regularization_strength": .float(l1RegularizationStrength), "l2_regularization_strength": .float(l2RegularizationStrength),
            "l2_shrinkage_regularization_strength": .float(l2ShrinkageRegularizationStrength), "beta": .float(beta),
        ]
    }

    public override var slotNames: [String] { ["accumulator", "linear"] }

    public override func initialSlotValue(_ index: Int) -> Float { index == 0 ? initialAccumulatorValue : 0 }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ slots: inout [[Float]], learningRate lr: Float, step: Int
    ) {
        let power = -learningRatePower, l1 = l1RegularizationStrength
        let l2 = l2RegularizationStrength + beta / (2 * lr)
        for i in w.indices {
            let accumulator = slots[0][i], adjusted = g[i] + 2 * l2ShrinkageRegularizationStrength * w[i]
            let updated = accumulator + g[i] * g[i]
            let newPower = Foundation.pow(updated, power)
            slots[1][i] += adjusted - (newPower - Foundation.pow(accumulator, power)) / lr * w[i]
            let quadratic = newPower / lr + 2 * l2
            let linear = slots[1][i]
            w[i] = (Swift.min(Swift.max(linear, -l1), l1) - linear) / quadratic
            slots[0][i] = updated
        }
    }
}

extension Ftrl: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "Ftrl", defaultRate: 0.001)
        do {
            try self.init(
                learningRate: o.learningRate, learningRatePower: try c.float("learning_rate_power", in: "Ftrl", default: -0.5),
                initialAccumulatorValue: try c.float("initial_accumulator_value", in: "Ftrl", default: 0.1),
                l1RegularizationStrength: try c.float("l1_regularization_strength", in: "Ftrl", default: 0),
                l2RegularizationStrength: try c.float("l2_regularization_strength", in: "Ftrl", default: 0),
                l2ShrinkageRegularizationStrength: try c.float("l2_shrinkage_regularization_strength", in: "Ftrl", default: 0),
                beta: try c.float("beta", in: "Ftrl", default: 0), clipNorm: o.clipNorm, clipValue: o.clipValue,
                globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
        } catch let error as TrainingError { throw ConfigError.invalid("\(error)") }
    }
}
