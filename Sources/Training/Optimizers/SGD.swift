import Serialization

/// Stochastic gradient descent, optionally with (Nesterov) momentum, as Keras's `SGD`:
/// `m ← μ·m − η·g`, then `w ← w + m` (Nesterov: `w ← w + μ·m − η·g`); without momentum, `w ← w − η·g`.
public final class SGD: Optimizer {
    public let momentum: Float
    public let nesterov: Bool

    public init(
        learningRate: LearningRate = 0.01, momentum: Float = 0, nesterov: Bool = false, clipNorm: Float? = nil,
        clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil
    ) {
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(
            learningRate: learningRate, name: "sgd", clipNorm: clipNorm, clipValue: clipValue,
            globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// Keras's check: `momentum` must lie in [0, 1].
    public override func validateHyperparameters() throws {
        guard momentum >= 0 && momentum <= 1 else { throw TrainingError.invalidArgument("SGD: momentum must be a float between [0, 1], not \(momentum)") }
    }

    public override func optimizerConfig() -> [String: JSONValue] { ["momentum": .float(momentum), "nesterov": .bool(nesterov)] }

    public override var slotNames: [String] { momentum != 0 ? ["momentum"] : [] }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
        _ slots: inout [[Float]], learningRate lr: Float, step: Int
    ) {
        guard momentum != 0 else {
            for i in w.indices { w[i] -= g[i] * lr }
            return
        }
        let mu = momentum
        slots[0].withUnsafeMutableBufferPointer { m in
            for i in w.indices {
                m[i] = mu * m[i] - g[i] * lr
                w[i] += nesterov ? mu * m[i] - g[i] * lr : m[i]
            }
        }
    }
}
