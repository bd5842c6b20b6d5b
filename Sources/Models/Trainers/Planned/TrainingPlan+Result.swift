import Tensors
import Training

extension TrainingPlan {
    /// A step's result: the loss `total` (times the output's loss weight) and the last layer's outputs as the
    /// predictions the metrics read. The plan keeps the result it returned last and writes the next one into
    /// the same arrays and tensor when nobody kept them (``Tensor/refill(_:rows:_:)``): a step allocates nothing.
    func result(total: Float, rows: Int, outputs last: PlannedDense) throws -> StepResult {
        lastResult.total = total * loss.weight
        if lastResult.outputLosses.count == 1 { lastResult.outputLosses[0] = total } else { lastResult.outputLosses = [total] }
        if lastResult.predictions.count != 1 { lastResult.predictions = [try Tensor([], shape: [0, last.units])] }
        let count = rows * last.units
        Tensor.refill(&lastResult.predictions[0], rows: rows) { $0.baseAddress?.update(from: last.outputs.pointer, count: count) }
        return lastResult
    }
}
