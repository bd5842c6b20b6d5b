import Tensors

extension Optimizer {
    /// Keras's moving average after a step: `a ← m·a + (1 − m)·w` (the first step copies `w`); every
    /// ``emaOverwriteFrequency`` steps the weights take the averages.
    func updateAverages(_ parameters: [Parameter]) throws {
        let momentum = updates == 0 ? 0 : emaMomentum
        for parameter in parameters {
            let key = ObjectIdentifier(parameter), values = parameter.value.scalars
            var average = averages[key] ?? [Float](repeating: 0, count: values.count)
            for i in average.indices { average[i] = momentum * average[i] + (1 - momentum) * values[i] }
            averages[key] = average
        }
        if let frequency = emaOverwriteFrequency, frequency > 0, (updates + 1) % frequency == 0 {
            try finalizeVariableValues(parameters)
        }
    }

    /// The moving average of a parameter, with ``useEMA`` once it has been updated.
    public func average(of parameter: Parameter) -> [Float]? { averages[ObjectIdentifier(parameter)] }

    /// Replaces a parameter's moving average (restoring a saved optimizer).
    public func setAverage(_ values: [Float], of parameter: Parameter) throws {
        guard values.count == parameter.shape.elementCount else {
            throw TrainingError.invalidArgument("\(name): the moving average of '\(parameter.name)' needs \(parameter.shape.elementCount) values")
        }
        averages[ObjectIdentifier(parameter)] = values
    }

    /// Keras's `finalize_variable_values`: with ``useEMA``, the weights take their moving averages (`fit`
    /// calls this when it ends).
    public func finalizeVariableValues(_ parameters: [Parameter]) throws {
        guard useEMA else { return }
        for parameter in parameters {
            if let average = averages[ObjectIdentifier(parameter)] { try parameter.assign(try Tensor(average, shape: parameter.shape)) }
        }
    }

    /// Exchanges each parameter's weights with its moving average (``SwapEMAWeights``).
    public func swapAverages(_ parameters: [Parameter]) throws {
        for parameter in parameters {
            let key = ObjectIdentifier(parameter)
            guard let average = averages[key] else { continue }
            averages[key] = parameter.value.scalars
            try parameter.assign(try Tensor(average, shape: parameter.shape))
        }
    }
}
