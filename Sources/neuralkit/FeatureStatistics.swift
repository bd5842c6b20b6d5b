import Training

/// Each feature's mean and (population) variance over the rows of every rank: one pass over this
/// rank's rows (Welford's), then Chan et al.'s pairwise combination of the ranks' counts, means and
/// squared deviations, in rank order, so every rank gets the same numbers.
struct FeatureStatistics {
    var mean: [Float], variance: [Float], count: Int

    init(_ source: any DataSource, group: any RankGroup, batchSize: Int = 4096) throws {
        var n = 0.0, means: [Double] = [], squares: [Double] = []
        var start = 0
        while start < source.sampleCount {
            let batch = try source.batch(in: start..<Swift.min(start + batchSize, source.sampleCount))
            let x = batch.inputs[0], width = x.shape.last ?? 1, values = x.scalars
            if means.isEmpty { (means, squares) = ([Double](repeating: 0, count: width), [Double](repeating: 0, count: width)) }
            for row in 0..<(values.count / width) {
                n += 1
                for c in 0..<width {
                    let value = Double(values[row * width + c]), delta = value - means[c]
                    means[c] += delta / n
                    squares[c] += delta * (value - means[c])
                }
            }
            start += batchSize
        }
        let parts = try group.allgather([n] + means + squares)
        var total = 0.0, mean = [Double](repeating: 0, count: means.count), m2 = mean
        for part in parts where part[0] > 0 {
            let count = part[0], width = means.count, combined = total + count
            for c in 0..<width {
                let delta = part[1 + c] - mean[c]
                mean[c] += delta * count / combined
                m2[c] += part[1 + width + c] + delta * delta * total * count / combined
            }
            total = combined
        }
        self.mean = mean.map { Float($0) }
        variance = m2.map { Float($0 / Swift.max(total, 1)) }
        count = Int(total)
    }
}
