import Foundation
import Tensors
import Training

/// What the learning-rate finder found: each batch's rate and loss, the loss smoothed, and the rate it
/// suggests.
public struct LearningRateSearch: Sendable, Equatable {
    /// The rate of each batch trained, growing by a constant factor.
    public var rates: [Float]
    /// Each batch's own loss (not the epoch's running mean).
    public var losses: [Float]
    /// The losses smoothed by an exponential moving average (weight 0.98, bias-corrected), which the
    /// suggestion reads: single batches are too noisy to pick a minimum from.
    public var smoothedLosses: [Float]
    /// The batch where the smoothed loss is lowest (the exploded last batch aside).
    public var lowestIndex: Int
    /// A tenth of the rate where the smoothed loss is lowest: the chapter's rule of thumb.
    public var suggestedRate: Float
    /// Whether the search ended early because the loss exploded (above 4× its lowest, or not finite).
    public var diverged: Bool

    public init(rates: [Float], losses: [Float], smoothedLosses: [Float], lowestIndex: Int, suggestedRate: Float, diverged: Bool) {
        self.rates = rates
        self.losses = losses
        self.smoothedLosses = smoothedLosses
        self.lowestIndex = lowestIndex
        self.suggestedRate = suggestedRate
        self.diverged = diverged
    }
}

extension Model {
    /// The chapter's way to pick a learning rate: trains for one epoch (at least 100 batches, or `steps`) with the rate
    /// growing exponentially from `start` to `end`, stops when the loss explodes, and suggests a tenth of
    /// the rate where the loss was lowest. The model is left exactly as it was: weights, optimizer state,
    /// learning rate and random streams are put back afterwards.
    public func findLearningRate(
        _ x: Tensor, _ y: Tensor, from start: Float = 1e-5, to end: Float = 10, steps: Int? = nil, batchSize: Int = 32
    ) throws -> LearningRateSearch {
        try checkData([x], [y], sampleWeight: nil, role: "training")
        try ensureBuilt(for: [x])
        return try findLearningRate(source: TensorSource(inputs: [x], targets: [y]), from: start, to: end, steps: steps, batchSize: batchSize)
    }

    /// The learning-rate finder on any ``DataSource``.
    public func findLearningRate(
        source: any DataSource, from start: Float = 1e-5, to end: Float = 10, steps: Int? = nil, batchSize: Int = 32
    ) throws -> LearningRateSearch {
        let optimizer = try compiledOptimizer()
        guard start > 0, end > start, start.isFinite, end.isFinite else {
            throw ModelError.invalidArgument("the learning-rate search needs 0 < from < to, finite; got from \(start) to \(end)")
        }
        try ensureBuilt(from: source)
        var iterator = try EpochIterator(source: source, batchSize: batchSize, shuffle: true)
        let count = steps ?? Swift.max(iterator.steps, 100)
        guard count >= 2 else { throw ModelError.invalidArgument("the learning-rate search needs at least 2 batches, not \(count)") }
        let snapshot = trainingSnapshot()
        defer { try? restore(snapshot) }
        let factor = Foundation.exp(Foundation.log(Double(end) / Double(start)) / Double(count - 1))
        var search = LearningRateSearch(rates: [], losses: [], smoothedLosses: [], lowestIndex: 0, suggestedRate: start, diverged: false)
        var average = 0.0, lowest = Double.infinity
        while search.rates.count < count && !search.diverged {
            try iterator.forEachBatch(shuffling: &generator, until: { search.diverged || search.rates.count >= count }) { _, batch in
                let rate = Float(Double(start) * Foundation.pow(factor, Double(search.rates.count)))
                optimizer.learningRate = .constant(rate)
                let loss = try trainStep.train(self, on: batch, optimizer: optimizer).total
                average = 0.98 * average + 0.02 * Double(loss)
                let smoothed = average / (1 - Foundation.pow(0.98, Double(search.rates.count + 1)))
                search.rates.append(rate)
                search.losses.append(loss)
                search.smoothedLosses.append(Float(smoothed))
                lowest = Swift.min(lowest, smoothed)
                if !loss.isFinite || !smoothed.isFinite || smoothed > 4 * lowest { search.diverged = true }
            }
        }
        let usable = search.diverged ? search.smoothedLosses.dropLast() : search.smoothedLosses[...]
        if let best = usable.indices.min(by: { usable[$0] < usable[$1] }) {
            search.lowestIndex = best
            search.suggestedRate = search.rates[best] / 10
        }
        return search
    }
}
