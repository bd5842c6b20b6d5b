/// Decides at an epoch's end whether a trial is clearly worse than the finished ones and should stop
/// (Optuna's pruners; Keras Tuner has none). A pruned trial is recorded as stopped, with its best epoch.
public protocol Pruner {
    /// `values` is the running trial's objective per epoch so far (its last is the current step);
    /// `completed` holds each completed trial's objective per epoch, `finished` each ended trial's
    /// (completed or pruned).
    func shouldPrune(_ values: [Double], completed: [[Double]], finished: [[Double]], direction: Objective.Direction) -> Bool
}
