import Layers
import Tensors
import Training

/// The outcome of one pass on a batch: the total loss, each output's loss, the predictions.
public struct StepResult {
    public var total: Float
    public var outputLosses: [Float]
    public var predictions: [Tensor]
    /// The targets and sample weights the losses and predictions describe, when they are not the batch
    /// the step was given (a data-parallel step describes the global batch, gathered from every rank).
    public var batch: Batch?

    public init(total: Float, outputLosses: [Float], predictions: [Tensor], batch: Batch? = nil) {
        self.total = total
        self.outputLosses = outputLosses
        self.predictions = predictions
        self.batch = batch
    }
}

/// How `fit` computes one training step on one batch (Keras's `train_step`). The training loop knows
/// only this seam: eager autodiff is the default; a planned step or a data-parallel step that averages
/// gradients across processes plugs in here.
public protocol TrainStep {
    /// Updates the model's weights from one batch and returns the batch's losses and predictions.
    func train(_ model: Model, on batch: Batch, optimizer: Optimizer) throws -> StepResult
}

/// One gradient step by reverse-mode autodiff: forward, loss (with regularization), backward, update.
public struct EagerTrainStep: TrainStep {
    public init() {}

    public func train(_ model: Model, on batch: Batch, optimizer: Optimizer) throws -> StepResult {
        let result = try model.lossAndGradients(batch, optimizer: optimizer)
        try optimizer.apply(to: model.trainableWeights)
        model.lastStepWasPlanned = false
        return result
    }
}

extension Model {
    /// What every train step starts with: forward, the loss, and its gradients (the backward pass runs on the
    /// loss times the optimizer's `lossScaleFactor`, which `apply` divides out again). The result holds the
    /// unscaled losses and the detached predictions.
    func lossAndGradients(_ batch: Batch, optimizer: Optimizer) throws -> StepResult {
        let (total, parts, predictions) = try computeLoss(batch, training: true)
        guard let value = total.scalar else { throw ModelError.invalidArchitecture("\(name): the loss is not a scalar") }
        try optimizer.scaleLoss(total).backward()
        return StepResult(total: value, outputLosses: parts.compactMap(\.scalar), predictions: predictions.map { $0.detached() })
    }

    /// The total loss of a batch (each output's loss weighted by `lossWeights`, plus regularization),
    /// each output's loss, and the predictions (Keras's `compute_loss`).
    public func computeLoss(_ batch: Batch, training: Bool) throws -> (total: Tensor, outputLosses: [Tensor], predictions: [Tensor]) {
        let predictions = try call(batch.inputs, training: training)
        guard predictions.count == losses.count, predictions.count == batch.targets.count else {
            throw ModelError.invalidArchitecture(
                "\(name) produced \(predictions.count) output(s) but has \(losses.count) loss(es) and "
                    + "\(batch.targets.count) target array(s); a subclass with several outputs must name them all in init(outputNames:)")
        }
        var total: Tensor?
        var parts: [Tensor] = []
        for (index, prediction) in predictions.enumerated() {
            let part = try losses[index](batch.targets[index], prediction, sampleWeight: batch.sampleWeight)
            guard part.rank == 0 else {
                throw ModelError.invalidArgument(
                    "the loss \(losses[index].name) has reduction none, which gives one value per sample; "
                        + "training needs one number: use sum_over_batch_size (the default), sum or mean_with_sample_weight")
            }
            parts.append(part)
            let weighted = lossWeights[index] == 1 ? part : part * lossWeights[index]
            total = try total.map { try $0 + weighted } ?? weighted
        }
        if let penalty = try regularizationLoss(), let sum = total { total = try sum + penalty }
        guard let total else { throw ModelError.invalidArchitecture("\(name) has no outputs") }
        return (total, parts, predictions)
    }
}
