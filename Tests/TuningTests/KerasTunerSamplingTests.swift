import Foundation
import Testing

@testable import Tuning

/// Values at probabilities, grids and probabilities of values, against Keras Tuner 1.4.8's own
/// (tools/make_hyperparameter_fixtures.py).
@Suite struct KerasTunerSamplingTests {
    struct Fixture: Decodable {
        var probabilities: [Double]
        var cases: [Case]
    }

    struct Case: Decodable {
        var kind: String
        var min: Double?
        var max: Double?
        var step: Double?
        var sampling: String?
        var values: [HyperValue]?
        var values_at: [HyperValue]
        var grid: [HyperValue]
        var probabilities: [Double]

        func parameter() throws -> HyperParameter {
            let sampling = Sampling(rawValue: self.sampling ?? "linear") ?? .linear
            switch kind {
            case "int":
                let step = step.map { Int($0) } ?? (sampling == .linear ? 1 : nil)
                return try HyperParameter(name: "p", kind: .int(min: Int(min ?? 0), max: Int(max ?? 0), step: step, sampling: sampling, default: nil))
            case "float":
                return try HyperParameter(name: "p", kind: .float(min: min ?? 0, max: max ?? 0, step: step, sampling: sampling, default: nil))
            default:
                let values = values ?? []
                return try HyperParameter(name: "p", kind: .choice(values: values, ordered: values.first?.number != nil, default: nil))
            }
        }
    }

    static let fixture: Fixture = {
        guard let url = Bundle.module.url(forResource: "hyperparameter_sampling", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), let fixture = try? JSONDecoder().decode(Fixture.self, from: data)
        else { return Fixture(probabilities: [], cases: []) }
        return fixture
    }()

    @Test func fixtureIsThere() { #expect(Self.fixture.cases.count == 11) }

    @Test(arguments: 0..<11)
    func matchesKerasTuner(index: Int) throws {
        let item = try #require(Self.fixture.cases.indices.contains(index) ? Self.fixture.cases[index] : nil)
        let parameter = try item.parameter()
        for (prob, expected) in zip(Self.fixture.probabilities, item.values_at) {
            expectSame(parameter.value(atProbability: prob), expected, "\(item.kind) at \(prob)")
        }
        let grid = parameter.gridValues
        #expect(grid.count == item.grid.count, "grid of \(item.kind) \(item.min ?? 0)…\(item.max ?? 0)")
        for (value, expected) in zip(grid, item.grid) { expectSame(value, expected, "grid") }
        for (value, expected) in zip(item.grid, item.probabilities) {
            let converted = parameter.kind.isInt ? HyperValue.int(Int(value.number ?? 0)) : value
            #expect(abs(parameter.probability(of: converted) - expected) < 1e-9, "probability of \(value)")
        }
    }

    private func expectSame(_ actual: HyperValue, _ expected: HyperValue, _ comment: String) {
        if let a = actual.number, let e = expected.number {
            #expect(abs(a - e) <= 1e-12 * Swift.max(1, abs(e)), "\(comment): \(actual) vs Keras Tuner's \(expected)")
        } else {
            #expect(actual == expected, "\(comment)")
        }
    }
}

extension HyperParameter.Kind {
    var isInt: Bool { if case .int = self { true } else { false } }
}
