import Foundation
import Serialization
import Tensors

/// Adafactor (Shazeer & Stern), as Keras's: second moments kept factored, as one row mean `r` and one
/// column mean `c` for each weight matrix (a full `v` only for vectors), a step size relative to the
/// weight's RMS (`max(ε₂, rms(w)) · min(η, 1/√t)`), `β₂ₜ = 1 − t^decay`, and updates clipped to an RMS of
/// `clipThreshold`. Memory for a matrix's statistics grows with rows + columns, not rows × columns.
public final class Adafactor: Optimizer {
    public let beta2Decay: Float, epsilon1: Float, epsilon2: Float, clipThreshold: Float, relativeStep: Bool

    public init(
        learningRate: LearningRate = 0.001, beta2Decay: Float = -0.8, epsilon1: Float = 1e-30, epsilon2: Float = 1e-3,
        clipThreshold: Float = 1, relativeStep: Bool = true, clipNorm: Float? = nil, clipValue: Float? = nil,
        globalClipNorm: Float? = nil, weightDecay: Float? = nil, name: String = "adafactor"
    ) {
        self.beta2Decay = beta2Decay
        self.epsilon1 = epsilon1
        self.epsilon2 = epsilon2
        self.clipThreshold = clipThreshold
        self.relativeStep = relativeStep
        super.init(
            learningRate: learningRate, name: name, clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
            weightDecay: weightDecay)
    }

    public override func optimizerConfig() -> [String: JSONValue] {
        [
            "beta_2_decay": .float(beta2Decay), "epsilon_1": .float(epsilon1), "epsilon_2": .float(epsilon2),
            "clip_threshold": .float(clipThreshold), "relative_step": .bool(relativeStep),
        ]
    }

    public override var slotNames: [String] { ["velocity"] }

    /// A matrix (or stack of matrices) gets a row statistic, a column statistic and the velocity they
    /// make; a vector only the velocity, after two unused scalars where Keras keeps placeholders (and saves them).
    public override func slotLayout(for shape: Shape) -> [OptimizerSlot] {
        let dims = shape.dimensions
        guard dims.count >= 2 else {
            return [OptimizerSlot(name: "r", shape: []), OptimizerSlot(name: "c", shape: []), OptimizerSlot(name: "velocity", shape: shape)]
        }
        return [
            OptimizerSlot(name: "r", shape: Shape(Array(dims.dropLast()))),
            OptimizerSlot(name: "c", shape: Shape(Array(dims.dropLast(2)) + [dims[dims.count - 1]])),
            OptimizerSlot(name: "velocity", shape: shape),
        ]
    }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ slots: inout [[Float]], shape: Shape,
        learningRate: Float, step: Int
    ) {
        let t = Float(step)
        var lr = learningRate
        // Keras caps a constant rate by 1/√t when relative_step; a schedule is used as it is.
        if case .constant = self.learningRate, relativeStep { lr = Swift.min(lr, 1 / t.squareRoot()) }
        let rho = Swift.min(lr, 1 / t.squareRoot())
        let alpha = Swift.max(epsilon2, rms(UnsafeBufferPointer(w))) * rho
        let beta2 = 1 - Foundation.pow(t, beta2Decay)
        let squared = g.map { $0 * $0 + epsilon1 }
        var velocity = slots[2]
        if shape.rank >= 2 {
            let columns = shape.dimensions[shape.rank - 1], rows = shape.dimensions[shape.rank - 2]
            let blocks = w.count / Swift.max(rows * columns, 1)
            var r = slots[0], c = slots[1]
            for b in 0..<blocks {
                for i in 0..<rows {
                    let start = (b * rows + i) * columns
                    let mean = squared[start..<start + columns].reduce(0, +) / Float(columns)
                    r[b * rows + i] = beta2 * r[b * rows + i] + (1 - beta2) * mean
                }
                for j in 0..<columns {
                    var sum: Float = 0
                    for i in 0..<rows { sum += squared[(b * rows + i) * columns + j] }
                    c[b * columns + j] = beta2 * c[b * columns + j] + (1 - beta2) * (sum / Float(rows))
                }
                let rowMean = r[b * rows..<(b + 1) * rows].reduce(0, +) / Float(rows)
                for i in 0..<rows {
                    for j in 0..<columns { velocity[(b * rows + i) * columns + j] = r[b * rows + i] / rowMean * c[b * columns + j] }
                }
            }
            slots[0] = r
            slots[1] = c
        } else {
            for i in velocity.indices { velocity[i] = beta2 * velocity[i] + (1 - beta2) * squared[i] }
        }
        slots[2] = velocity
        var u = [Float](repeating: 0, count: g.count)
        for i in u.indices { u[i] = g[i] / velocity[i].squareRoot() }
        let divisor = Swift.max(1, u.withUnsafeBufferPointer(rms) / clipThreshold)
        for i in w.indices { w[i] -= alpha * (u[i] / divisor) }
    }

    private func rms(_ values: UnsafeBufferPointer<Float>) -> Float {
        guard !values.isEmpty else { return 0 }
        return Float((values.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(values.count)).squareRoot())
    }
}

extension Adafactor: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "Adafactor", defaultRate: 0.001)
        let n = "Adafactor"
        self.init(
            learningRate: o.learningRate, beta2Decay: try c.float("beta_2_decay", in: n, default: -0.8),
            epsilon1: try c.float("epsilon_1", in: n, default: 1e-30), epsilon2: try c.float("epsilon_2", in: n, default: 1e-3),
            clipThreshold: try c.float("clip_threshold", in: n, default: 1), relativeStep: try c.bool("relative_step", in: n, default: true),
            clipNorm: o.clipNorm, clipValue: o.clipValue, globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
    }
}
