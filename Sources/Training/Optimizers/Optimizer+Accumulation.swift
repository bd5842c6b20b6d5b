import Tensors

extension Optimizer {
    /// The number of updates so far: ``iterations`` over ``gradientAccumulationSteps`` when accumulating
    /// (Keras's `optimizer.iterations`). Step-dependent rules (Adam's bias correction) count these.
    public var updates: Int { gradientAccumulationSteps.map { iterations / $0 } ?? iterations }

    /// Keras's `scale_loss`: the loss times ``lossScaleFactor`` (the loss itself without one). A training
    /// step differentiates the scaled loss; `apply` divides the gradients back.
    public func scaleLoss(_ loss: Tensor) -> Tensor {
        guard let lossScaleFactor else { return loss }
        return loss * lossScaleFactor
    }

    /// What one `apply` call updates with.
    enum StepGradients {
        /// The parameters' own gradients, as `backward()` left them.
        case own
        /// Gradients changed on the way (unscaled by the loss scale, or the mean of the accumulated ones),
        /// one array per trainable parameter.
        case adjusted([[Float]])
        /// Nothing: this call only added its gradients to the accumulators.
        case accumulatedOnly
    }

    /// The gradients this call updates with: divided by the loss scale, and with accumulation, the mean of
    /// the last n calls' gradients on every n-th call (the other calls only accumulate).
    func stepGradients(_ trainable: [Parameter]) -> StepGradients {
        let unscale = lossScaleFactor.map { 1 / $0 }
        func own(_ parameter: Parameter) -> [Float] {
            let gradient = parameter.gradient?.scalars ?? [Float](repeating: 0, count: parameter.shape.elementCount)
            return unscale.map { factor in gradient.map { $0 * factor } } ?? gradient
        }
        guard let steps = gradientAccumulationSteps else { return unscale == nil ? .own : .adjusted(trainable.map(own)) }
        let isUpdate = (iterations + 1) % steps == 0
        var means: [[Float]] = []
        for parameter in trainable {
            let key = ObjectIdentifier(parameter)
            var sum = accumulators[key] ?? [Float](repeating: 0, count: parameter.shape.elementCount)
            for (i, g) in own(parameter).enumerated() { sum[i] += g }
            if isUpdate {
                means.append(sum.map { $0 / Float(steps) })
                accumulators[key] = [Float](repeating: 0, count: sum.count)
            } else {
                accumulators[key] = sum
            }
        }
        return isUpdate ? .adjusted(means) : .accumulatedOnly
    }

    /// The gradients accumulated for a parameter since the last update (zeros before any).
    public func accumulatedGradient(of parameter: Parameter) -> [Float] {
        accumulators[ObjectIdentifier(parameter)] ?? [Float](repeating: 0, count: parameter.shape.elementCount)
    }

    /// Replaces a parameter's accumulated gradients (restoring a saved optimizer).
    public func setAccumulatedGradient(_ values: [Float], of parameter: Parameter) throws {
        guard values.count == parameter.shape.elementCount else {
            throw TrainingError.invalidArgument("\(name): the gradient accumulator of '\(parameter.name)' needs \(parameter.shape.elementCount) values")
        }
        accumulators[ObjectIdentifier(parameter)] = values
    }

    /// The options' own checks, before any update (Keras checks them when the optimizer is made).
    func validateOptions() throws {
        if case let .schedule(schedule) = learningRate { try schedule.validate() }
        try validateHyperparameters()
        if (clipNorm == nil ? 0 : 1) + (clipValue == nil ? 0 : 1) + (globalClipNorm == nil ? 0 : 1) > 1 {
            throw TrainingError.invalidArgument("\(name): only one of clipNorm, clipValue and globalClipNorm can be set (Keras's rule)")
        }
        if let steps = gradientAccumulationSteps, steps < 2 {
            throw TrainingError.invalidArgument("\(name): gradientAccumulationSteps must be an integer >= 2, not \(steps); use nil to update every step")
        }
        if let factor = lossScaleFactor, !(factor.isFinite && factor > 0) {
            throw TrainingError.invalidArgument("\(name): lossScaleFactor must be a finite number > 0, not \(factor)")
        }
    }
}
