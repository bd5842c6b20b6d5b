import Foundation
import Models
import TestSupport
import Testing

@testable import Tuning

@Suite struct GridSearchTests {
    @Test func everyCombinationOnceLastParameterFastest() throws {
        let oracle = try GridSearchOracle(objective: Objective("loss", direction: .min))
        let space = HyperParameters()
        try space.int("a", min: 1, max: 3)
        try space.choice("b", ["x", "y"])
        var trials: [Trial] = []
        while case let .run(values, _) = oracle.populateSpace(trialNumber: trials.count, space: space, trials: trials) {
            trials.append(Trial(number: trials.count, id: "", values: values, status: .completed))
        }
        #expect(trials.map { "\($0.values["a"] ?? .int(0))\($0.values["b"] ?? .string(""))" } == ["1x", "1y", "2x", "2y", "3x", "3y"])
    }

    @Test func inactiveParametersDoNotMakeNewTrials() throws {
        let oracle = try GridSearchOracle(objective: Objective("loss", direction: .min))
        let space = HyperParameters()
        try space.int("layers", min: 1, max: 2)
        try space.conditionalScope("layers", [2]) { try space.choice("second", [8, 16]) }
        var trials: [Trial] = []
        while case let .run(values, _) = oracle.populateSpace(trialNumber: trials.count, space: space, trials: trials) {
            trials.append(Trial(number: trials.count, id: "", values: values, status: .completed))
        }
        #expect(trials.map(\.values) == [["layers": .int(1)], ["layers": .int(2), "second": .int(8)], ["layers": .int(2), "second": .int(16)]])
    }

    @Test func aGridSearchTrainsEachPoint() throws {
        let tuner = try GridSearch(
            hyperModel: BuildClosure { try IrisSearch.build($0, tuneRate: false) }, objective: try Objective("val_loss"), maxTrials: 3,
            directory: temporaryPath("grid"))
        try tuner.search(try IrisSearch.data(), epochs: 1)
        #expect(try tuner.study.trials().map { $0.values["units"] } == [.int(4), .int(8), .int(12)])
    }
}
