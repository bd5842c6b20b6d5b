import Foundation
import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// Keras 3's `losses_test.py`, continued: `HuberLossTest`, `LogCoshTest`, `KLDivergenceTest` and
/// `PoissonTest`, with Keras's inputs, expected values (its NumPy formulas, written in Double) and
/// tolerances. Every case is ported but the `test_dtype_arg`s (float32 only). A deliberate difference:
/// Keras's `Huber.get_config()` leaves `delta` out; NeuralKit writes it too (Keras's constructor takes it).
@Suite("Keras port: losses_test.py (Huber, LogCosh, KLDivergence, Poisson)") struct KerasPortHuberToPoissonLossesTest {
    typealias Port = KerasLossPort

    /// The elementwise losses, the weights of `test_sample_weighted` and `test_timestep_weighted`, and
    /// the divisor of each class's test (its `batch_size`, times the timesteps for KL divergence).
    static func weightedMean(_ losses: [Double], _ weights: [Double], over count: Double) -> Double {
        zip(losses, weights).reduce(0) { $0 + $1.0 * $1.1 } / count
    }
    static let perRow: [Double] = [1.2, 1.2, 1.2, 3.4, 3.4, 3.4], timestep: [Double] = [3, 6, 5, 0, 4, 2], ones = [Double](repeating: 1, count: 6)

    /// The cases every one of these classes has: unweighted, scalar (twice, as Keras checks the same output
    /// again), per-sample, timestep and zero weights.
    static func expectCases(
        _ make: () -> Loss, _ yTrue: [[Double]], _ yPred: [[Double]], losses: [Double], count: Double, timestepCount: Double,
        timestepLosses: [Double]? = nil, sampleWeight: Tensor, timestepWeightShape: Shape = [2, 3], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let y = try Tensor(yTrue.map { $0.map(Float.init) }), p = try Tensor(yPred.map { $0.map(Float.init) })
        try Port.expectLoss(make(), y, p, [weightedMean(losses, ones, over: count)], "test_unweighted", sourceLocation: sourceLocation)
        let scalar = make()
        for _ in 0..<2 {
            try Port.expectLoss(
                scalar, y, p, sampleWeight: Tensor(2.3), [2.3 * weightedMean(losses, ones, over: count)], "test_scalar_weighted", sourceLocation: sourceLocation
            )
        }
        try Port.expectLoss(
            make(), y, p, sampleWeight: sampleWeight, [weightedMean(losses, perRow, over: count)], "test_sample_weighted", sourceLocation: sourceLocation)
        try Port.expectLoss(
            make(), try Port.reshaped(y, [2, 3, 1]), try Port.reshaped(p, [2, 3, 1]),
            sampleWeight: try Port.reshaped(try Port.timestepWeight, timestepWeightShape),
            [weightedMean(timestepLosses ?? losses, timestep, over: timestepCount)], "test_timestep_weighted", sourceLocation: sourceLocation)
        try Port.expectLoss(make(), y, p, sampleWeight: Tensor(0), [0], "test_zero_weighted", sourceLocation: sourceLocation)
    }

    // MARK: HuberLossTest

    static let huberPred: [[Double]] = [[0.9, 0.2, 0.2], [0.8, 0.4, 0.6]], huberTrue: [[Double]] = [[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]]

    static func huber(delta: Double) -> [Double] {
        zip(huberTrue.joined(), huberPred.joined()).map { t, p in
            let error = abs(p - t), quadratic = min(error, delta)
            return 0.5 * quadratic * quadratic + delta * (error - quadratic)
        }
    }

    @Test func huber() throws {
        let loss = try Loss.fromKeras(["class_name": "Huber", "config": ["reduction": "sum", "name": "huber"]])
        #expect(loss.name == "huber" && loss.reduction == .sum)
        let config = try loss.kerasConfig()
        #expect(config["name"] == "huber" && config["reduction"] == "sum")
        let y = try Tensor(Self.huberTrue.map { $0.map(Float.init) })
        try Port.expectLoss(Huber(), y, y, [0], "test_all_correct")
        try Self.expectCases(
            { Huber() }, Self.huberTrue, Self.huberPred, losses: Self.huber(delta: 1), count: 6, timestepCount: 6, sampleWeight: try Port.sampleWeight,
            timestepWeightShape: [2, 3, 1])
        // test_non_default_delta
        let p = try Tensor(Self.huberPred.map { $0.map(Float.init) })
        try Port.expectLoss(Huber(delta: 0.8), y, p, sampleWeight: Tensor(2.3), [2.3 * Self.huber(delta: 0.8).reduce(0, +) / 6], "test_non_default_delta")
    }

    // MARK: LogCoshTest

    @Test func logCosh() throws {
        try Port.expectConfig("LogCosh", name: "logcosh_loss", reduction: "sum")
        let config = try Loss.fromKeras(["class_name": "LogCosh", "config": ["reduction": "sum", "name": "logcosh_loss"]]).kerasConfig()
        #expect(config == ["name": "logcosh_loss", "reduction": "sum"])
        let yTrue: [[Double]] = [[1, 9, 2], [-5, -2, 6]], yPred: [[Double]] = [[4, 8, 12], [8, 1, 3]]
        let losses = zip(yTrue.joined(), yPred.joined()).map { t, p in log((exp(p - t) + exp(t - p)) / 2) }
        try Self.expectCases(
            { LogCosh() }, yTrue, yPred, losses: losses, count: 6, timestepCount: 6, sampleWeight: try Tensor([1.2, 3.4]), timestepWeightShape: [2, 3, 1])
    }

    // MARK: KLDivergenceTest

    @Test func klDivergence() throws {
        let loss = try Loss.fromKeras(["class_name": "KLDivergence", "config": ["reduction": "sum", "name": "kld"]])
        #expect(loss.name == "kld" && loss.reduction == .sum)
        let yPred: [[Double]] = [[0.4, 0.9, 0.12], [0.36, 0.3, 0.4]], yTrue: [[Double]] = [[0.5, 0.8, 0.12], [0.7, 0.43, 0.8]]
        // Keras sums over the last axis: `losses` holds each element's term, summed per row by the weights.
        let terms = zip(yTrue.joined(), yPred.joined()).map { t, p in t * log(t / p) }
        try Self.expectCases(
            { KLDivergence() }, yTrue, yPred, losses: terms, count: 2, timestepCount: 6, timestepLosses: terms,
            sampleWeight: try Tensor([1.2, 3.4], shape: [2, 1]))
    }

    // MARK: PoissonTest

    @Test func poisson() throws {
        let loss = try Loss.fromKeras(["class_name": "Poisson", "config": ["reduction": "sum", "name": "poisson"]])
        #expect(loss.name == "poisson" && loss.reduction == .sum)
        let yPred: [[Double]] = [[1, 9, 2], [5, 2, 6]], yTrue: [[Double]] = [[4, 8, 12], [8, 1, 3]]
        let losses = zip(yTrue.joined(), yPred.joined()).map { t, p in p - t * log(p) }
        try Self.expectCases({ Poisson() }, yTrue, yPred, losses: losses, count: 6, timestepCount: 6, sampleWeight: try Tensor([1.2, 3.4], shape: [2, 1]))
    }
}
