import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Keras's common optimizer options beyond the update rule: gradient accumulation, loss scaling and
/// weight-decay exclusions, with Keras's checks on their values (`KerasOptimizerRunTests` matches their
/// numbers against Keras's own runs).
@Suite struct OptimizerOptionsTests {
    /// One `apply` of gradient `g` on a fresh scalar parameter.
    static func step(_ optimizer: Optimizer, _ parameter: Parameter, gradient g: Float) throws {
        try (parameter.value * g).sum().backward()
        try optimizer.apply(to: [parameter])
    }

    @Test func accumulationUpdatesEveryNthStepWithTheMeanGradient() throws {
        let optimizer = SGD(learningRate: 0.1)
        optimizer.gradientAccumulationSteps = 3
        let w = Parameter(name: "w", value: Tensor(1))
        try Self.step(optimizer, w, gradient: 1)
        try Self.step(optimizer, w, gradient: 2)
        #expect(w.value.scalars == [1] && optimizer.accumulatedGradient(of: w) == [3] && optimizer.updates == 0)
        try Self.step(optimizer, w, gradient: 6)
        expectClose(w.value.scalars, [1 - 0.1 * 3], tolerance: 1e-7)
        #expect(optimizer.accumulatedGradient(of: w) == [0] && optimizer.iterations == 3 && optimizer.updates == 1)
    }

    @Test func theLossScaleIsUndoneBeforeTheUpdate() throws {
        let plain = SGD(learningRate: 0.1), scaled = SGD(learningRate: 0.1)
        scaled.lossScaleFactor = 1024
        let a = Parameter(name: "a", value: Tensor(1)), b = Parameter(name: "b", value: Tensor(1))
        try Self.step(plain, a, gradient: 0.5)
        try scaled.scaleLoss(b.value * 0.5).sum().backward()
        try scaled.apply(to: [b])
        #expect(a.value.scalars == b.value.scalars)
    }

    @Test func excludedParametersKeepTheirWeightsFromDecay() throws {
        let optimizer = SGD(learningRate: 0.5, weightDecay: 0.1)
        let kernel = Parameter(name: "kernel", value: Tensor(1)), bias = Parameter(name: "bias", value: Tensor(1))
        try optimizer.excludeFromWeightDecay(names: ["bias"])
        try (kernel.value * 0 + bias.value * 0).sum().backward()
        try optimizer.apply(to: [kernel, bias])
        expectClose(kernel.value.scalars, [1 - 0.1 * 0.5], tolerance: 1e-7)
        #expect(bias.value.scalars == [1])
        #expect { try optimizer.excludeFromWeightDecay(names: ["kernel"]) } throws: { "\($0)".contains("before the optimizer's first update") }
    }

    @Test func badOptionsAreClearErrorsNamingThem() throws {
        let w = Parameter(name: "w", value: Tensor(1))
        let accumulating = SGD()
        accumulating.gradientAccumulationSteps = 1
        #expect { try Self.step(accumulating, w, gradient: 1) } throws: { "\($0)".contains("gradientAccumulationSteps must be an integer >= 2") }
        let scaled = SGD()
        scaled.lossScaleFactor = 0
        #expect { try Self.step(scaled, w, gradient: 1) } throws: { "\($0)".contains("lossScaleFactor") }
        #expect { try SGD().excludeFromWeightDecay(names: ["(unclosed"]) } throws: { "\($0)".contains("regular expression") }
        #expect { try Optimizer.fromKeras(["class_name": "Adam", "config": ["gradient_accumulation_steps": 1]]) } throws: {
            "\($0)".contains("gradient_accumulation_steps must be an integer >= 2")
        }
        #expect { try Optimizer.fromKeras(["class_name": "SGD", "config": ["loss_scale_factor": -2]]) } throws: { "\($0)".contains("loss_scale_factor") }
        #expect { try SGD(learningRate: .closure { _ in 0.1 }).kerasConfig() } throws: { "\($0)".contains("closure") }
        #expect(try Optimizer.fromKeras(["class_name": "Nadam", "config": ["weight_decay": 0.01]]).weightDecay == 0.01)
    }
}
