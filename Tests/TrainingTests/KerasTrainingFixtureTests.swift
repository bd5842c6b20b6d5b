import Foundation
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Losses, metrics and optimizer steps against Keras 3 on JAX (`tools/make_keras_fixtures.py`).
@Suite struct KerasTrainingFixtureTests {
    static var fixtures: KerasFixtures.Fixtures { KerasFixtures.values }

    @Test func lossesMatchKeras() throws {
        #expect(Self.fixtures.losses.count >= 13)
        for test in Self.fixtures.losses {
            let loss = try Loss.fromKeras(.object(["class_name": .string(Self.className(test.name)), "config": test.config]))
            var prediction = test.y_pred.tensor
            if test.name.hasPrefix("sparse ce") && !((loss as? CrossentropyLoss)?.fromLogits ?? false) || test.name == "categorical ce"
                || test.name == "binary ce"
            {
                // Probabilities as a plain tensor, as Keras receives them (no logits to fall back on).
                prediction = prediction.detached()
            }
            let value = try loss(test.y_true.tensor, prediction, sampleWeight: test.sample_weight?.tensor)
            expectClose([value.scalar!], [test.value], tolerance: 1e-5, "\(test.name)")
        }
    }

    static func className(_ name: String) -> String {
        if name.hasPrefix("mse") { return "MeanSquaredError" }
        if name.hasPrefix("mae") { return "MeanAbsoluteError" }
        if name.hasPrefix("huber") { return "Huber" }
        if name.hasPrefix("msle") { return "MeanSquaredLogarithmicError" }
        if name.hasPrefix("sparse") { return "SparseCategoricalCrossentropy" }
        if name.hasPrefix("categorical") { return "CategoricalCrossentropy" }
        return "BinaryCrossentropy"
    }

    @Test func crossEntropyFromSoftmaxOutputsUsesTheLogits() throws {
        // Keras clips probabilities at 1e-7, so its loss saturates at 16.1; from the logits, NeuralKit
        // gives the exact value and a finite gradient.
        let logits = try Tensor([60, -60, 0], shape: [1, 3], requiresGradient: true)
        let loss = try Loss.sparseCategoricalCrossentropy(Tensor([1]), logits.softmax())
        expectClose([loss.scalar!], [120], tolerance: 1e-5)
        try loss.backward()
        #expect(logits.gradient!.scalars.allSatisfy { $0.isFinite })
    }

    @Test func metricsMatchKeras() throws {
        for test in Self.fixtures.metrics {
            let metric = try MetricKind(keras: .string(test.name)).makeMetric(loss: nil, outputWidth: test.y_pred.shape.last ?? 1)
            try metric.update(test.y_true.tensor, test.y_pred.tensor, sampleWeight: nil)
            expectClose([metric.result()], [test.value], tolerance: 1e-6, "\(test.name)")
        }
    }

    static func optimizer(_ name: String) -> Optimizer {
        switch name {
        case "sgd": SGD(learningRate: 0.1)
        case "sgd momentum": SGD(learningRate: 0.1, momentum: 0.9)
        case "sgd nesterov": SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
        case "adam": Adam(learningRate: 0.01)
        case "adam amsgrad": Adam(learningRate: 0.01, amsgrad: true)
        case "adamw": AdamW(learningRate: 0.01)
        case "nadam": Nadam(learningRate: 0.01)
        case "rmsprop": RMSprop(learningRate: 0.01)
        case "rmsprop momentum centered": RMSprop(learningRate: 0.01, momentum: 0.5, centered: true)
        case "adagrad": Adagrad(learningRate: 0.1)
        case "adamax": Adamax(learningRate: 0.01)
        case "sgd clipnorm": SGD(learningRate: 0.1, clipNorm: 0.5)
        case "sgd clipvalue": SGD(learningRate: 0.1, clipValue: 0.3)
        case "sgd global_clipnorm": SGD(learningRate: 0.1, globalClipNorm: 0.5)
        case "sgd exponential decay": SGD(learningRate: .schedule(.exponentialDecay(initial: 0.1, decaySteps: 2, decayRate: 0.5)))
        default: SGD(learningRate: .schedule(.piecewiseConstant(boundaries: [0, 1], values: [0.1, 0.05, 0.01])))
        }
    }

    @Test func optimizerStepsMatchKeras() throws {
        #expect(Self.fixtures.optimizers.count == 16)
        for test in Self.fixtures.optimizers {
            let optimizer = Self.optimizer(test.name)
            let w = Parameter(name: "w", value: test.w0.tensor)
            for g in test.grads {
                try (w.value * g.tensor).sum().backward()  // d/dw Σ w·g = g
                try optimizer.apply(to: [w])
            }
            expectClose(w.value, test.w.tensor, tolerance: 2e-6, "\(test.name)")
            // The config round trip gives the same optimizer.
            #expect(try Optimizer.fromKeras(optimizer.kerasJSON()).kerasConfig() == optimizer.kerasConfig(), "\(test.name)")
        }
    }
}
