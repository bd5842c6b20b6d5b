import Layers
import Tensors
import Training

extension Model {
    /// The batch size of `predict` when none is given: 1,024 rows, not Keras's 32. Prediction only has to
    /// return the outputs, and a product of 1,024 rows runs near the machine's peak where one of 32 rows
    /// reaches a fraction of it (10,000 Fashion-MNIST images: about 4× faster), for 1.7 MB of activations in
    /// the chapter's classifier. Pass `batchSize: 32` for Keras's batches (callbacks then see as many).
    public static let defaultPredictionBatchSize = 1024

    /// Every output for one batch per input, computed in batches without recording gradients
    /// (``defaultPredictionBatchSize`` rows at a time unless `batchSize` says otherwise).
    public func predict(_ inputs: [Tensor], batchSize: Int? = nil, callbacks: [Callback] = []) throws -> [Tensor] {
        let batchSize = batchSize ?? Self.defaultPredictionBatchSize
        guard batchSize > 0 else { throw ModelError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        guard let count = inputs.first?.shape.first, inputs.allSatisfy({ $0.shape.first == count }) else {
            throw ModelError.invalidData("\(name): every input needs the same number of samples; got \(inputs.map { $0.shape.first ?? 0 })")
        }
        try ensureBuilt(for: inputs)
        for input in inputs { try checkFinite(input, "prediction inputs") }
        // Sequential stacks of Dense layers: every batch on the model's prediction plan (Predicting/InferencePlan.swift).
        if callbacks.isEmpty, let outputs = try plannedPrediction(inputs, batchSize: batchSize) { return outputs }
        if count <= batchSize && callbacks.isEmpty {
            // One batch and no one to tell (predicting one sample): the call itself, without the batch
            // iterator and the callback list around it.
            return try GradientMode.withoutRecording { try call(inputs, training: false) }
        }
        return try predict(source: TensorSource(inputs: inputs), batchSize: batchSize, callbacks: callbacks)
    }

    /// Every output for the samples of `source` (its targets, if any, are ignored).
    public func predict(source: any DataSource, batchSize: Int? = nil, callbacks: [Callback] = []) throws -> [Tensor] {
        let iterator = try EpochIterator(source: source, batchSize: batchSize ?? Self.defaultPredictionBatchSize)
        try ensureBuilt(from: source)
        let list = CallbackList(callbacks, model: self, params: ["steps": iterator.steps])
        var parts: [[Tensor]] = []
        try list.predictBegin()
        try GradientMode.withoutRecording {
            // A single batch is the arrays themselves, not a copy (the path of predicting one sample).
            try iterator.forEachBatch { step, batch in
                try list.predictBatchBegin(step)
                parts.append(try call(batch.inputs, training: false))
                try list.predictBatchEnd(step)
            }
        }
        try list.predictEnd()
        guard let first = parts.first else { return [] }
        return try first.indices.map { output in
            parts.count == 1 ? parts[0][output] : try Tensor.concatenate(parts.map { $0[output] }, alongAxis: 0)
        }
    }

    /// Every output, by output name, for inputs given by name.
    public func predict(_ x: [String: Tensor], batchSize: Int? = nil) throws -> [String: Tensor] {
        let outputs = try predict(try ordered(x, inputNames, "input"), batchSize: batchSize)
        return Dictionary(uniqueKeysWithValues: zip(outputNames, outputs))
    }

    /// The outputs of a single-output model for `x`, computed in batches without recording gradients.
    public func predict(_ x: Tensor, batchSize: Int? = nil) throws -> Tensor {
        let outputs = try predict([x], batchSize: batchSize)
        guard outputs.count == 1 else {
            throw ModelError.invalidData("\(name) has \(outputs.count) outputs; use predict(_: [Tensor]) to get them all")
        }
        return outputs[0]
    }

    /// The model's output on a batch, computed without recording gradients.
    public func predictOnBatch(_ x: Tensor) throws -> Tensor {
        try ensureBuilt(for: x)
        if let outputs = try plannedPrediction([x], batchSize: Swift.max(x.shape.first ?? 1, 1)) { return outputs[0] }
        return try GradientMode.withoutRecording { try call(x, training: false) }
    }
}
