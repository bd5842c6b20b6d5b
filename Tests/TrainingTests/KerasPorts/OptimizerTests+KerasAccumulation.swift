import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/optimizer_test.py`, the cases of gradient accumulation, loss scaling and
/// a closure as learning rate, ported with their inputs, expected values and tolerances (the rest of the
/// module is in `OptimizerTests+Keras.swift`). Keras's private `_iterations` (every call) is NeuralKit's
/// `iterations`; Keras's public `iterations` (the updates) is `updates`; `_accumulated_gradients[i]` is
/// `accumulatedGradient(of:)`.
///
/// Not ported here: `test_overwrite_with_gradient_with_gradient_accumulation` (no `overwrite_with_gradient`
/// variables), `test_setting_lr_to_callable_untracks_lr_var` (it counts Keras's tracked variables; the rate
/// is no variable here). Keras's `LossScaleOptimizer` (`loss_scale_optimizer_test.py`, dynamic loss scaling)
/// is a separate Keras class that NeuralKit does not have: only the static `loss_scale_factor` exists.
@Suite("Keras port: optimizer_test.py (accumulation, loss scale, callable rate)") struct KerasPortOptimizerAccumulationTest {
    typealias Port = KerasOptimizerPort

    @Test func staticLossScaling() throws {
        let v = try Port.variable([1, 2, 3, 4], shape: [2, 2])
        let optimizer = SGD(learningRate: 1.0)
        optimizer.lossScaleFactor = 1024
        try Port.applyGradients(optimizer, [([1, 2, 3, 4].map { $0 * 1024 }, v)])
        #expect(optimizer.scaleLoss(Tensor(1)).scalars == [1024])
        expectAllClose(v.value.scalars, [0, 0, 0, 0])
    }

    @Test func gradientAccumulation() throws {
        let v = try Port.variable([1, 2, 3, 4], shape: [2, 2])
        let grads: [Float] = [1, 1, 1, 1]
        let optimizer = SGD(learningRate: 1.0)
        optimizer.gradientAccumulationSteps = 3
        #expect(optimizer.gradientAccumulationSteps == 3)
        let expected: [(v: [Float], accumulated: [Float], iterations: Int, updates: Int)] = [
            ([1, 2, 3, 4], [1, 1, 1, 1], 1, 0),
            ([1, 2, 3, 4], [2, 2, 2, 2], 2, 0),
            ([0, 1, 2, 3], [0, 0, 0, 0], 3, 1),
            ([0, 1, 2, 3], [1, 1, 1, 1], 4, 1),
        ]
        for (i, step) in expected.enumerated() {
            try Port.applyGradients(optimizer, [(grads, v)])
            expectAllClose(v.value.scalars, step.v, "iteration \(i + 1)")
            expectAllClose(optimizer.accumulatedGradient(of: v), step.accumulated, "iteration \(i + 1)")
            #expect(optimizer.iterations == step.iterations)
            #expect(optimizer.updates == step.updates)
        }
    }

    @Test func callableLearningRate() throws {
        let v = try Port.variable([1, 2, 3, 4], shape: [2, 2])
        let optimizer = SGD(learningRate: .closure { _ in 0.1 })
        #expect(optimizer.iterations == 0)
        try Port.applyGradients(optimizer, [([1, 1, 1, 1], v)])
        expectAllClose(v.value.scalars, [0.9, 1.9, 2.9, 3.9])
        #expect(optimizer.iterations == 1)
    }

    /// Keras draws `np.random.random([3, 2, 1])` unseeded each epoch; the same shape and range come from a
    /// seeded generator. One update on the mean of three gradients must equal three accumulated calls.
    @Test(arguments: ["adam", "sgd", "adamw", "adagrad", "rmsprop", "adadelta", "adamax", "lion", "nadam", "ftrl", "adafactor"])
    func gradientAccumulationWithWeightDecay(_ optimizer: String) throws {
        let optimizer1 = try Optimizer.fromKeras(["class_name": .string(optimizer), "config": ["weight_decay": 0.05]])
        let optimizer3 = try Optimizer.fromKeras([
            "class_name": .string(optimizer), "config": ["weight_decay": 0.05, "gradient_accumulation_steps": 3],
        ])
        let variable1 = try Port.variable([0.9, 0.5], shape: [2, 1]), variable3 = try Port.variable([0.9, 0.5], shape: [2, 1])
        var generator = RandomGenerator(seed: 14)
        for _ in 0..<8 {
            let grads3 = (0..<3).map { _ in (0..<2).map { _ in Float.random(in: 0..<1, using: &generator) } }
            try Port.applyGradients(optimizer1, [((0..<2).map { j in grads3.map { $0[j] }.reduce(0, +) / 3 }, variable1)])
            for batch in grads3 { try Port.applyGradients(optimizer3, [(batch, variable3)]) }
        }
        expectAllClose(variable1.value.scalars, variable3.value.scalars)
    }
}
