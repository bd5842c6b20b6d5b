import Tensors

/// How a planned training step may update the weights from its own gradient buffers.
public enum PlannedUpdate: Equatable, Sendable {
    /// Plain SGD, `w ← w − η·g`: the step adds `−η` times each kernel's gradient product straight into the
    /// kernel (BLAS's `beta = 1`), so no gradient is stored and no separate pass runs.
    case foldedSGD
    /// Any other rule: the step fills one gradient buffer per parameter and ``Optimizer/applyPlanned(_:gradients:)``
    /// runs the optimizer's update on them in one pass per parameter.
    case buffered
}

extension Optimizer {
    /// How a planned step may update with this optimizer, or why it may not (the options that transform
    /// the gradients as a whole or keep extra copies: clipping, loss scaling, accumulation, moving averages).
    public var plannedUpdate: Result<PlannedUpdate, PlanObstacle> {
        var options: [String] = []
        if clipNorm != nil { options.append("clipnorm") }
        if clipValue != nil { options.append("clipvalue") }
        if globalClipNorm != nil { options.append("global_clipnorm") }
        if lossScaleFactor != nil { options.append("loss_scale_factor") }
        if gradientAccumulationSteps != nil { options.append("gradient_accumulation_steps") }
        if useEMA { options.append("use_ema") }
        guard options.isEmpty else { return .failure(PlanObstacle("the optimizer's \(options.joined(separator: ", "))")) }
        if let sgd = self as? SGD, sgd.momentum == 0, weightDecay == nil { return .success(.foldedSGD) }
        return .success(.buffered)
    }

    /// One update of `parameters` from gradients in the caller's buffers (one per parameter, in order, each
    /// of its parameter's size): decoupled weight decay, then the optimizer's rule, as ``apply(to:)`` does for
    /// an optimizer whose ``plannedUpdate`` succeeds. Counts one iteration.
    public func applyPlanned(_ parameters: [Parameter], gradients: [UnsafeMutableBufferPointer<Float>]) throws {
        try validateOptions()
        let rate = currentLearningRate, step = updates + 1
        prepareStep(step)
        for index in 0..<Swift.min(parameters.count, gradients.count) {  // by index: a debug build boxes zip's element accesses
            let parameter = parameters[index], gradient = UnsafeBufferPointer(gradients[index])
            makeSlots(for: parameter)
            parameter.withUnsafeMutableScalars { update(parameter, $0, gradient, learningRate: rate, step: step) }
        }
        iterations += 1
    }

    /// The learning rate of an update that a planned step makes itself (plain SGD folded into its products),
    /// after the checks ``apply(to:)`` makes first; ``countPlannedUpdate()`` counts it once made.
    public func beginPlannedUpdate() throws -> Float {
        try validateOptions()
        return currentLearningRate
    }

    /// Counts an update that a planned step made itself.
    public func countPlannedUpdate() { iterations += 1 }
}

/// Why a model, optimizer or batch cannot run as a planned training step; the eager step runs instead.
public struct PlanObstacle: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
