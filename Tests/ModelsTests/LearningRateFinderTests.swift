import Foundation
import Layers
import Models
import Tensors
import Testing
import Training

/// The learning-rate finder: exponential rates, a stop when the loss explodes, a sensible suggestion, and
/// a model left exactly as it was.
@Suite struct LearningRateFinderTests {
    static func problem() throws -> (Sequential, Tensor, Tensor) {
        var generator = RandomGenerator(seed: 4)
        let x = (0..<512).map { _ in (0..<5).map { _ in generator.nextNormal() } }
        let y = x.map { Float($0[0] - $0[1] + 0.5 * $0[2] > 0 ? 1 : 0) }
        let model = try Sequential(
            [Dense(units: 16, activation: .relu, inputShape: [5]), Dropout(rate: 0.2), Dense(units: 2, activation: .softmax)], seed: 2)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.01), metrics: [.accuracy])
        return (model, try Tensor(x), try Tensor(y))
    }

    @Test func ratesGrowExponentiallyAndTheLossExplodes() throws {
        let (model, x, y) = try Self.problem()
        let search = try model.findLearningRate(x, y, from: 1e-4, to: 100, steps: 200, batchSize: 8)
        #expect(search.rates.first == 1e-4)
        #expect(search.diverged, "an SGD rate of 100 should make the loss explode")
        #expect(search.rates.count < 200 && search.rates.count == search.losses.count)
        let ratios = zip(search.rates.dropFirst(), search.rates).map { Double($0) / Double($1) }
        let expected = Foundation.pow(1e6, 1.0 / 199)
        #expect(ratios.allSatisfy { Swift.abs($0 - expected) < 1e-4 })
        // The suggestion: a tenth of the rate at the lowest smoothed loss, well inside the range tried.
        let lowest = try #require(search.smoothedLosses.dropLast().indices.min { search.smoothedLosses[$0] < search.smoothedLosses[$1] })
        #expect(search.suggestedRate == search.rates[lowest] / 10 && search.lowestIndex == lowest)
        #expect(search.suggestedRate > 1e-3 && search.suggestedRate < 10, "suggested \(search.suggestedRate)")
    }

    @Test func theModelIsLeftExactlyAsItWas() throws {
        let (model, x, y) = try Self.problem()
        let (fresh, _, _) = try Self.problem()
        try model.fit(x, y, epochs: 1, verbose: .silent)
        try fresh.fit(x, y, epochs: 1, verbose: .silent)
        _ = try model.findLearningRate(x, y, batchSize: 16)
        #expect(model.getWeights().map(\.scalars) == fresh.getWeights().map(\.scalars))
        #expect(model.optimizer?.iterations == fresh.optimizer?.iterations)
        #expect(model.optimizer?.learningRate == .constant(0.01))
        // Training on continues as if the search never happened: same optimizer state, same random streams.
        let after = try model.fit(x, y, epochs: 2, verbose: .silent)
        let reference = try fresh.fit(x, y, epochs: 2, verbose: .silent)
        #expect(after.history == reference.history)
        #expect(model.getWeights().map(\.scalars) == fresh.getWeights().map(\.scalars))
    }

    @Test func badRangesAreClearErrors() throws {
        let (model, x, y) = try Self.problem()
        #expect { try model.findLearningRate(x, y, from: 1, to: 0.1) } throws: { "\($0)".contains("from") }
        #expect { try model.findLearningRate(x, y, from: 0, to: 1) } throws: { "\($0)".contains("0 < from < to") }
        #expect { try model.findLearningRate(x, y, steps: 1) } throws: { "\($0)".contains("at least 2 batches") }
    }
}
