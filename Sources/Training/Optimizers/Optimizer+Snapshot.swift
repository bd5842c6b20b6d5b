import Tensors

/// Everything an optimizer has learned and been told: the step count, the learning rate (which a
/// callback may have changed), each parameter's slots, moving averages and gradient accumulators, and the
/// scalar extras. Taking one and restoring it
/// later puts the optimizer back exactly, bit for bit (the learning-rate finder, training backups).
public struct OptimizerSnapshot {
    public let iterations: Int
    public let learningRate: LearningRate
    public let extraVariables: [Float]
    fileprivate let parameters: [Parameter]
    fileprivate let slots: [ObjectIdentifier: [[Float]]]
    fileprivate let averages: [ObjectIdentifier: [Float]]
    fileprivate let accumulators: [ObjectIdentifier: [Float]]
}

extension Optimizer {
    /// The optimizer's state now.
    public func snapshot() -> OptimizerSnapshot {
        OptimizerSnapshot(
            iterations: iterations, learningRate: learningRate, extraVariables: extraVariables, parameters: parameters, slots: slots,
            averages: averages, accumulators: accumulators)
    }

    /// Puts back a state taken by ``snapshot()`` of this optimizer: slots made since are dropped.
    public func restore(_ snapshot: OptimizerSnapshot) {
        iterations = snapshot.iterations
        learningRate = snapshot.learningRate
        extraVariables = snapshot.extraVariables
        parameters = snapshot.parameters
        slots = snapshot.slots
        averages = snapshot.averages
        accumulators = snapshot.accumulators
    }

    /// Sets a constant learning rate, as a callback does (Keras's `optimizer.learning_rate = …`); a rate
    /// that follows a schedule cannot be set, as in Keras.
    public func setLearningRate(_ rate: Float) throws {
        if case .schedule = learningRate {
            throw TrainingError.invalidArgument(
                "\(name) was created with a learning-rate schedule, so its learning rate cannot be set; "
                    + "give it a constant learning rate to use this callback")
        }
        guard rate.isFinite, rate >= 0 else { throw TrainingError.invalidArgument("a learning rate must be finite and not negative, not \(rate)") }
        learningRate = .constant(rate)
    }
}
