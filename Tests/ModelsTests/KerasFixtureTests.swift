import Foundation
import Layers
import Models
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// One training step against Keras 3 on JAX (`tools/make_keras_fixtures.py`); activations, losses,
/// metrics and optimizer steps are checked in the Layers and Training test targets.
@Suite struct KerasFixtureTests {
    static var fixtures: KerasFixtures.Fixtures { KerasFixtures.values }

    @Test func oneFitStepMatchesKeras() throws {
        let step = Self.fixtures.training_step
        let model = try Sequential([InputLayer(shape: [3]), Dense(units: 4, activation: .relu), Dense(units: 3, activation: .softmax)])
        try model.build(inputShape: [3])
        try model.setWeights(step.initial.map(\.tensor))
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.5), metrics: [.accuracy])
        let history = try model.fit(step.x.tensor, step.y.tensor, batchSize: 8, epochs: 1, verbose: .silent, shuffle: false)
        expectClose([history.history["loss"]![0]], [step.loss], tolerance: 1e-5, "loss")
        expectClose([history.history["accuracy"]![0]], [step.accuracy], tolerance: 1e-6, "accuracy")
        for (ours, theirs) in zip(model.getWeights(), step.after) { expectClose(ours, theirs.tensor, tolerance: 1e-5, "weights") }
    }
}
