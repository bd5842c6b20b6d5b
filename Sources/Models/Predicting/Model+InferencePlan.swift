import Layers
import Tensors
import Training

extension Model {
    /// The outputs of `inputs` on the model's ``InferencePlan``, made or made anew as needed; nil when no plan
    /// covers the model or these inputs (the model's call then computes them). The inputs must have been checked
    /// (built for, finite).
    func plannedPrediction(_ inputs: [Tensor], batchSize: Int) throws -> [Tensor]? {
        guard plansPredictions, inputs.count == 1 else { return nil }
        // One prediction at a time on the plan's buffers: another thread's, meanwhile, takes the layers' own path.
        guard inferencePlanBusy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return nil }
        defer { inferencePlanBusy.store(false, ordering: .releasing) }
        if inferencePlan?.isCurrent(for: self) != true {
            inferencePlan = nil
            do { inferencePlan = try InferencePlan(model: self) } catch is PlanObstacle { return nil }
        }
        let threads = predictionThreads ?? (BLAS.threads >= 2 ? 2 : 1)
        return try inferencePlan?.predict(inputs[0], batchSize: batchSize, threadCount: threads).map { [$0] }
    }
}
