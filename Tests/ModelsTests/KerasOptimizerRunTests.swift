import Foundation
import Layers
import Serialization
import Tensors
import TestSupport
import Testing
import Training

@testable import Models

/// Every optimizer against Keras 3's own runs (Fixtures/keras_optimizers.json, tools/make_optimizer_fixtures.py):
/// built from Keras's config, 100 steps on fixed gradients (the update rule, to float32 rounding) and 100
/// training steps of a small linear model (the rule inside training, where the two sides' gradients differ
/// in the last bits).
@Suite struct KerasOptimizerRunTests {
    struct Fixture: Decodable {
        typealias Array = KerasFixtures.Encoded
        struct Case: Decodable {
            struct Fixed: Decodable { let kernel: Array, bias: Array, averages: [Array]? }
            struct Trained: Decodable { let weights: [Array], losses: [Float], iterations: Int }
            let name: String
            let class_name: String
            let config: JSONValue
            let fixed_gradients: Fixed
            let model: Trained
            let exclude_names: [String]?
        }
        let kernel0: Array, bias0: Array
        let gradients: [[Array]]
        let x: Array, y: Array
        let optimizers: [Case]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "keras_optimizers", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The optimizer Keras's config describes, checked to write that config back.
    static func optimizer(_ test: Fixture.Case) throws -> Optimizer {
        let json: JSONValue = ["class_name": .string(test.class_name), "config": test.config]
        let optimizer = try Optimizer.fromKeras(json)
        #expect(optimizer.kerasClassName == test.class_name)
        if let names = test.exclude_names { try optimizer.excludeFromWeightDecay(names: names) }
        for (key, value) in try optimizer.kerasConfig() where test.config[key] != nil && key != "name" {
            #expect(value.floatValue == test.config[key]?.floatValue && value.boolValue == test.config[key]?.boolValue, "\(test.name): \(key)")
        }
        return optimizer
    }

    @Test func everyOptimizerFollowsKerassRuleForAHundredSteps() throws {
        let fixture = try Self.fixture()
        #expect(fixture.optimizers.count == 24)
        for test in fixture.optimizers {
            let optimizer = try Self.optimizer(test)
            let kernel = Parameter(name: "kernel", value: fixture.kernel0.tensor), bias = Parameter(name: "bias", value: fixture.bias0.tensor)
            for step in fixture.gradients {
                try ((kernel.value * step[0].tensor).sum() + (bias.value * step[1].tensor).sum()).backward()
                try optimizer.apply(to: [kernel, bias])
            }
            expectClose(kernel.value, test.fixed_gradients.kernel.tensor, tolerance: 2e-5, "\(test.name): kernel")
            expectClose(bias.value, test.fixed_gradients.bias.tensor, tolerance: 2e-5, "\(test.name): bias")
            #expect(optimizer.iterations == 100, "\(test.name): every apply counts")
            if let averages = test.fixed_gradients.averages {
                expectClose(optimizer.average(of: kernel) ?? [], averages[0].values, tolerance: 2e-5, "\(test.name): kernel's moving average")
                expectClose(optimizer.average(of: bias) ?? [], averages[1].values, tolerance: 2e-5, "\(test.name): bias's moving average")
            }
        }
    }

    @Test func everyOptimizerTrainsASmallModelAsKerasDoes() throws {
        let fixture = try Self.fixture()
        for test in fixture.optimizers {
            let model = try Sequential([Dense(units: 2, inputShape: [3])], seed: 1)
            try model.build(inputShape: [3])
            try model.setWeights([fixture.kernel0.tensor, fixture.bias0.tensor])
            let optimizer = try Self.optimizer(test)
            model.compile(loss: .meanSquaredError, optimizer: optimizer)
            var losses: [Float] = []
            for _ in 0..<100 { losses.append(try model.trainOnBatch(fixture.x.tensor, fixture.y.tensor)["loss"] ?? .nan) }
            let weights = model.getWeights()
            // Lion's sign turns tiny gradient differences into whole steps near zero (Adafactor's g/√v clipped to a
            // fixed RMS is as scale-free near convergence), and centered RMSprop with
            // momentum divides by v − ḡ², which shrinks as training converges, so both amplify the last-bit
            // differences of the two sides' gradients (their rules match Keras exactly on fixed gradients above).
            let tolerance: Float = ["Lion", "Adafactor"].contains(test.class_name) ? 2e-3 : test.name == "rmsprop" ? 2e-2 : 2e-4
            expectClose(weights[0], test.model.weights[0].tensor, tolerance: tolerance, "\(test.name): kernel after 100 steps")
            expectClose(weights[1], test.model.weights[1].tensor, tolerance: tolerance, "\(test.name): bias after 100 steps")
            expectClose(try Tensor(losses), try Tensor(test.model.losses), tolerance: tolerance, "\(test.name): losses")
            #expect(optimizer.iterations == test.model.iterations, "\(test.name): Keras's saved iteration count")
        }
    }
}
