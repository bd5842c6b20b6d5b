import Tensors
import Training

/// The data-parallel training step (Horovod's `DistributedOptimizer`): forward and backward on this
/// rank's shard, then ONE `MPI_Allreduce` of a fused buffer that holds every gradient (each weighted by
/// the shard's share of the global batch, so that the sum is the global batch's gradient even when an
/// uneven last batch gives the ranks different row counts), the shard's share of the losses, and the
/// shard's predictions, targets and sample weights at their global rows (zeros elsewhere, so the sum
/// assembles the global batch exactly). Every rank then applies the same update and updates its metrics
/// on the same global batch, so weights, losses and metrics agree on all ranks.
final class DataParallelTrainStep: TrainStep {
    let parallel: DataParallel
    let stepsPerEpoch: Int
    private let baseLearningRate: Float
    /// Each prediction's, target's and sample weight's shape per sample, learnt on the first step (every
    /// rank has rows then), for the steps where this rank has none.
    private var rowShapes: (predictions: [[Int]], targets: [[Int]], weights: [Int]?)?
    /// The planned step's buffers, for models it covers (made on the first batch with rows; nil while the
    /// eager step runs), and why the last batch ran eagerly.
    private var plan: TrainingPlan?
    private var unplannable = false

    init(parallel: DataParallel, optimizer: Optimizer, stepsPerEpoch: Int) {
        self.parallel = parallel
        self.stepsPerEpoch = stepsPerEpoch
        baseLearningRate = optimizer.currentLearningRate
    }

    /// Learns the row shapes from this rank's first sample (a forward pass without gradients), for the
    /// steps where this rank holds no row of the global batch: over a ``ShardedDataSource`` that may
    /// happen on any step, the first included.
    func learnRowShapes(_ model: Model, from source: any DataSource) throws {
        guard rowShapes == nil, source.sampleCount > 0 else { return }
        let probe = try source.batch(at: [0])
        let predictions = try GradientMode.withoutRecording { try model.call(probe.inputs, training: false) }
        func rows(_ tensors: [Tensor]) -> [[Int]] { tensors.map { Array($0.shape.dimensions.dropFirst()) } }
        rowShapes = (rows(predictions), rows(probe.targets), probe.sampleWeight.map { Array($0.shape.dimensions.dropFirst()) })
    }

    /// The plan this step computes its gradients with (buffered, for the allreduce), or nil for the eager step:
    /// made once, on the first batch with rows, for models the plan covers, unless the model runs eagerly.
    private func planned(_ model: Model, optimizer: Optimizer, batch: Batch) throws -> TrainingPlan? {
        if let plan, plan.isCurrent(for: model, optimizer: optimizer), batch.count <= plan.capacity, plan.obstacle(to: batch) == nil || batch.count == 0 {
            return plan
        }
        plan = nil
        guard !unplannable, !model.runEagerly, batch.count > 0 else { return nil }
        do {
            // A rank's share of a global batch never exceeds the global batch.
            let capacity = Swift.max(batch.count, batch.shard?.globalCount ?? 0)
            let made = try TrainingPlan(model: model, optimizer: optimizer, capacity: capacity, threads: 1, buffered: true)
            guard made.obstacle(to: batch) == nil, made.trainable.map(ObjectIdentifier.init) == model.trainableWeights.map(ObjectIdentifier.init) else {
                return nil
            }
            plan = made
            return made
        } catch is PlanObstacle {
            unplannable = true
            return nil
        }
    }

    func train(_ model: Model, on batch: Batch, optimizer: Optimizer) throws -> StepResult {
        guard let shard = batch.shard, shard.globalCount > 0 else {
            throw ModelError.invalidArgument("a data-parallel step needs the batch's place in the global batch (an EpochIterator with a shard)")
        }
        let parameters = model.trainableWeights
        let local = batch.count, global = shard.globalCount
        let share = Float(local) / Float(global)
        var shapes = rowShapes
        var predictions: [Tensor] = []
        var losses = [Float](repeating: 0, count: 1 + model.losses.count)
        let planned = try self.planned(model, optimizer: optimizer, batch: batch)
        model.lastStepWasPlanned = planned != nil
        if local > 0 {
            let local = try planned?.computeGradients(batch, rate: 0) ?? model.lossAndGradients(batch, optimizer: optimizer)
            losses = [local.total] + local.outputLosses
            predictions = local.predictions
            if shapes == nil {
                shapes = (
                    predictions.map { Array($0.shape.dimensions.dropFirst()) }, batch.targets.map { Array($0.shape.dimensions.dropFirst()) },
                    batch.sampleWeight.map { Array($0.shape.dimensions.dropFirst()) }
                )
                rowShapes = shapes
            }
        }
        guard let shapes else {
            throw ModelError.invalidArgument("rank \(parallel.rank) had no rows in the first step; the global batch must have at least one row per rank")
        }
        func rowSize(_ dimensions: [Int]) -> Int { dimensions.reduce(1, *) }
        let gradientCount = parameters.reduce(0) { $0 + $1.shape.elementCount }
        var buffer = [Float](repeating: 0, count: gradientCount)
        buffer.reserveCapacity(gradientCount + losses.count + global * 8)
        var offset = 0
        for (index, parameter) in parameters.enumerated() {
            let count = parameter.shape.elementCount
            // This rank's gradient (the plan's buffer, or the parameter's after eager autodiff), times its share.
            func pack(_ source: UnsafeBufferPointer<Float>) { for i in 0..<count { buffer[offset + i] = source[i] * share } }
            if let planned, local > 0 {
                pack(UnsafeBufferPointer(planned.gradients[index]))
            } else if let gradient = parameter.gradient {
                gradient.scalars.withUnsafeBufferPointer(pack)
            }
            offset += count
        }
        buffer += losses.map { $0 * share }
        // The global batch's rows: this rank's at their place, zeros elsewhere.
        func place(_ tensor: Tensor?, rowShape: [Int]) {
            let width = rowSize(rowShape)
            var rows = [Float](repeating: 0, count: global * width)
            if let tensor, local > 0 {
                for index in 0..<(local * width) { rows[shard.offset * width + index] = tensor.scalars[index] }
            }
            buffer += rows
        }
        for (index, rowShape) in shapes.predictions.enumerated() { place(index < predictions.count ? predictions[index] : nil, rowShape: rowShape) }
        for (index, rowShape) in shapes.targets.enumerated() { place(index < batch.targets.count ? batch.targets[index] : nil, rowShape: rowShape) }
        if let weights = shapes.weights { place(batch.sampleWeight, rowShape: weights) }

        try parallel.communicator.allreduceSum(&buffer)

        offset = 0
        for (index, parameter) in parameters.enumerated() {
            let count = parameter.shape.elementCount
            if let planned {
                let target = planned.gradients[index]
                for index in 0..<count { target[index] = buffer[offset + index] }
            } else {
                try parameter.setGradient(Array(buffer[offset..<(offset + count)]))
            }
            offset += count
        }
        let totals = Array(buffer[offset..<(offset + losses.count)])
        offset += losses.count
        func take(_ rowShape: [Int]) throws -> Tensor {
            let count = global * rowSize(rowShape)
            defer { offset += count }
            return try Tensor(Array(buffer[offset..<(offset + count)]), shape: Shape([global] + rowShape))
        }
        let globalPredictions = try shapes.predictions.map(take)
        let globalTargets = try shapes.targets.map(take)
        let globalWeights = try shapes.weights.map(take)
        if parallel.scaleLearningRate {
            try optimizer.setLearningRate(baseLearningRate * parallel.learningRateFactor(step: optimizer.iterations, stepsPerEpoch: stepsPerEpoch))
        }
        if let planned { try planned.applyGradients(optimizer) } else { try optimizer.apply(to: parameters) }
        var result = StepResult(total: totals[0], outputLosses: Array(totals.dropFirst()), predictions: globalPredictions)
        result.batch = Batch(inputs: [], targets: globalTargets, sampleWeight: globalWeights)
        return result
    }
}
