import Tensors

extension Optimizer {
    /// The number of updates so far: ``iterations`` over ``gradientAccumulationSteps`` when accumulating
    /// (Keras's `optimizer.iterations`). Step-dependent rules (Adam's bias correction) count these.
    public var updates: Int { gradientAccumulationSteps.map { iterations / $0 } ?? iterations }

    /// Keras's `scale_loss`: the loss times ``lossScaleFactor`` (the loss itself without one). A training
    /// step differentiates the scaled loss; `apply` divides the gradients back.
    public func scaleLoss(_ loss: Tensor) throws -> Tensor {
        guard let lossScaleFactor else { return loss }
        return try loss * lossScaleFactor
    }

    /// The gradients this call updates with, or nil to use the parameters' own: divided by the loss scale,
    /// and with accumulation, the mean of the last n calls' gradients on an update call. Throws nothing on
    /// a call that only accumulates; returns `.some(nil)` to update with the parameters' own gradients.
    func accumulatedGradients(_ trainable: [Parameter]) throws -> [[Float]]?? {
        let unscale = lossScaleFactor.map { 1 / $0 }
        func own(_ parameter: Parameter) -> [Float] {
            let gradient = parameter.gradient?.scalars ?? [Float](repeating: 0, count: parameter.shape.elementCount)
            return unscale.map { factor in gradient.map { $0 * factor } } ?? gradient
        }
        guard let steps = gradientAccumulationSteps else { return .some(unscale == nil ? nil : trainable.map(own)) }
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
        return isUpdate ? .some(means) : nil
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
        if [clipNorm, clipValue, globalClipNorm].compactMap({ $0 }).count > 1 {
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
