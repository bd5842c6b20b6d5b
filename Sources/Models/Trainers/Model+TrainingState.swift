import Layers
import Tensors
import Training

/// A model's whole training state in memory: its weights, its optimizer's state and every random
/// stream (the shuffling, each Dropout's masks). Restoring it puts training back bit for bit; the
/// learning-rate finder uses it to leave the model as it found it.
public struct TrainingSnapshot {
    let weights: [Tensor]
    let optimizer: OptimizerSnapshot?
    let randomStates: [[UInt64]]
}

extension Model {
    /// The training state now.
    public func trainingSnapshot() -> TrainingSnapshot {
        TrainingSnapshot(weights: getWeights(), optimizer: optimizer?.snapshot(), randomStates: randomStates())
    }

    /// Puts back a state taken by ``trainingSnapshot()`` of this model.
    public func restore(_ snapshot: TrainingSnapshot) throws {
        try setWeights(snapshot.weights)
        if let state = snapshot.optimizer { optimizer?.restore(state) }
        try setRandomStates(snapshot.randomStates)
    }

    /// The model's shuffling stream first, then each layer's own (empty for most).
    func randomStates() -> [[UInt64]] { [generator.stateWords] + allLayers().map { $0.randomState() } }

    /// Carries on every random stream from saved ``randomStates()``.
    func setRandomStates(_ states: [[UInt64]]) throws {
        let layers = allLayers()
        guard states.count == layers.count + 1, let shuffling = RandomGenerator(stateWords: states[0]) else {
            throw ModelError.invalidArgument(
                "the saved random states are for a model of \(states.count - 1) layers, not \(layers.count); is it the same architecture?")
        }
        for (layer, words) in zip(layers, states.dropFirst()) where words.count != layer.randomState().count {
            throw ModelError.invalidArgument("the saved random state of layer '\(layer.name)' does not fit it; is it the same architecture?")
        }
        for (layer, words) in zip(layers, states.dropFirst()) { try layer.setRandomState(words) }
        generator = shuffling
    }
}
