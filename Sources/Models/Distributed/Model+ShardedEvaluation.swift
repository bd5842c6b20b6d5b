import Training

extension EpochTrackers {
    /// Whether every tracker has an additive state (sums and counts) to combine over ranks.
    var canCombine: Bool { all.allSatisfy { $0.additiveState != nil } }

    private var all: [Metric] { [total] + outputLosses + Array(metrics.joined()) }

    /// Sums every rank's running state with one allreduce, so that ``logs()`` gives the loss and
    /// metrics over all the ranks' rows exactly (weighted by their counts, not an average of averages).
    func combine(over communicator: Communicator) throws {
        var states: [[Double]] = []
        for metric in all {
            guard let state = metric.additiveState else {
                throw ModelError.invalidArgument(
                    "the metric \(metric.name) has no additive state, so its values on the ranks' parts cannot be combined; "
                        + "override additiveState and setAdditiveState(_:), or validate on data every rank holds")
            }
            states.append(state)
        }
        // Every rank must lay its state out alike: the lengths' maxima and minima agree.
        let lengths = states.map { Double($0.count) }
        var extremes = lengths + lengths.map { -$0 }
        try communicator.allreduceMax(&extremes)
        for (index, metric) in all.enumerated() where extremes[index] != -extremes[lengths.count + index] {
            throw ModelError.invalidArgument(
                "the metric \(metric.name) has states of different sizes on the ranks (\(Int(-extremes[lengths.count + index])) to "
                    + "\(Int(extremes[index])) numbers); every rank must evaluate at least one row")
        }
        var buffer = states.flatMap { $0 }
        try communicator.allreduceSum(&buffer)
        var offset = 0
        for (metric, state) in zip(all, states) {
            try metric.setAdditiveState(Array(buffer[offset..<(offset + state.count)]))
            offset += state.count
        }
    }
}

extension Model {
    /// The part of evaluation data that this rank evaluates in a data-parallel job, or nil when every
    /// rank evaluates all of it: a ``ShardedDataSource`` is already this rank's part; other data (that
    /// every rank holds) is cut into contiguous parts, one per rank, when it has a row for every rank
    /// and every metric has an additive state to combine.
    func evaluationPart(of source: any DataSource, on parallel: DataParallel) throws -> (any DataSource)? {
        if source is any ShardedDataSource { return source }
        let count = source.sampleCount
        guard parallel.size > 1, count >= parallel.size, makeTrackers().canCombine else { return nil }
        return try RangeSource(source, range: BatchShard.rows(rank: parallel.rank, of: parallel.size, count: count))
    }
}
