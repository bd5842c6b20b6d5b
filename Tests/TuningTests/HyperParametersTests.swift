import Foundation
import Testing

@testable import Tuning

@Suite struct HyperParametersTests {
    @Test func firstDeclarationRegistersAndReturnsTheDefault() throws {
        let hp = HyperParameters()
        #expect(try hp.int("units", min: 16, max: 256, step: 16) == 16)
        #expect(try hp.float("rate", min: 1e-4, max: 1e-2, sampling: .log, default: 1e-3) == 1e-3)
        #expect(try hp.choice("optimizer", ["sgd", "adam"]) == "sgd")
        #expect(try hp.boolean("dropout") == false)
        #expect(try hp.fixed("epochs", 5) == 5)
        #expect(hp.space.map(\.name) == ["units", "rate", "optimizer", "dropout", "epochs"])
        hp.values["units"] = .int(64)
        #expect(try hp.int("units", min: 16, max: 256, step: 16) == 64)
        #expect(hp.space.count == 5)
    }

    @Test func conditionalParametersAreActiveOnlyUnderTheirParentsValues() throws {
        let hp = HyperParameters()
        let layers = try hp.int("layers", min: 1, max: 3)
        #expect(layers == 1)
        for layer in 1...3 {
            try hp.conditionalScope("layers", Array(layer...3)) { _ = try hp.int("units_\(layer)", min: 8, max: 64) }
        }
        #expect(hp.values.keys.sorted() == ["layers", "units_1"])
        #expect(hp.inactiveScopes.count == 2)
        hp.values["layers"] = .int(3)
        hp.ensureActiveValues()
        #expect(hp.values.keys.sorted() == ["layers", "units_1", "units_2", "units_3"])
        #expect(throws: HyperParameterError.self) { try hp.get("nothing") }
        hp.values["layers"] = .int(1)
        hp.ensureActiveValues()
        #expect(throws: HyperParameterError("units_3 is currently inactive.")) { try hp.get("units_3") }
    }

    static let reasons = [
        "min_value 5 is greater than the max_value 3", "sampling='log' does not support negative values", "found min_value: -2",
        "expected step > 1", "`values` must be provided for `Choice`", "The default value should be one of the choices",
        "`ordered` must be `False` for non-numeric types", "default 9 is outside [1, 3]", "`HyperParameter` named: missing not defined",
    ]

    static func declareBadly(_ index: Int, _ hp: HyperParameters) throws {
        switch index {
        case 0: try hp.int("u", min: 5, max: 3)
        case 1: try hp.float("lr", min: 0, max: 1, sampling: .log)
        case 2: try hp.int("u", min: -2, max: 3, sampling: .reverseLog)
        case 3: try hp.int("u", min: 2, max: 32, step: 1, sampling: .log)
        case 4: try hp.choice("o", [String]())
        case 5: try hp.choice("o", ["a", "b"], default: "c")
        case 6: try hp.choice("o", ["a", "b"], ordered: true)
        case 7: try hp.int("u", min: 1, max: 3, default: 9)
        default: try hp.conditionalScope("missing", [1]) { () }
        }
    }

    @Test(arguments: 0..<9)
    func badDeclarationsAreRefusedWithKerasTunersReasons(index: Int) {
        do {
            try Self.declareBadly(index, HyperParameters())
            Issue.record("expected an error containing \(Self.reasons[index])")
        } catch {
            #expect("\(error)".contains(Self.reasons[index]), "\(error)")
        }
    }

    @Test func floorDivisionIsPythons() {
        #expect(HyperParameter.floorDivision(0.5, 0.1) == 4)
        #expect(HyperParameter.floorDivision(7, 2) == 3)
        #expect(HyperParameter.floorDivision(-7, 2) == -4)
    }
}
