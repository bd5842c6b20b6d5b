import Foundation
import Serialization
import Testing

@testable import Training

/// Every learning-rate schedule against Keras 3's own values at many steps, built from Keras's config and
/// writing it back (Fixtures/keras_schedules.json, tools/make_schedule_fixtures.py).
@Suite struct KerasScheduleTests {
    struct Fixture: Decodable {
        struct Schedule: Decodable {
            let class_name: String
            let config: JSONValue
            let values: [Float]
        }
        let steps: [Int]
        let schedules: [Schedule]
    }

    @Test func schedulesMatchKerasStepByStep() throws {
        let url = try #require(Bundle.module.url(forResource: "keras_schedules", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.schedules.count == 13)
        for item in fixture.schedules {
            let json: JSONValue = ["module": "keras.optimizers.schedules", "class_name": .string(item.class_name), "config": item.config]
            guard case let .schedule(schedule) = try LearningRate(keras: json, default: 0) else {
                Issue.record("\(item.class_name) did not read as a schedule")
                continue
            }
            try schedule.validate()
            for (step, expected) in zip(fixture.steps, item.values) {
                let value = schedule.value(at: step)
                #expect(
                    Swift.abs(value - expected) <= 2e-7 + 1e-6 * Swift.abs(expected),
                    "\(item.class_name) \(item.config) at step \(step): \(value) vs \(expected)")
            }
            for (key, value) in try schedule.kerasConfig() where key != "name" {
                #expect(value.floatValue == item.config[key]?.floatValue && value.boolValue == item.config[key]?.boolValue, "\(item.class_name): \(key)")
            }
        }
    }

    @Test func badSchedulesAreRefused() {
        #expect(throws: TrainingError.self) { try LearningRateSchedule.cosineDecay(initial: 0.1, decaySteps: 0).validate() }
        #expect(throws: TrainingError.self) { try LearningRateSchedule.polynomialDecay(initial: 0.1, decaySteps: -5).validate() }
    }
}
