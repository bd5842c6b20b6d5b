import Training

/// Synchronous data parallelism over Open MPI with Horovod's semantics (Keras's
/// `keras.distribution.DataParallel`, Horovod's `DistributedOptimizer`): rank 0's weights and optimizer
/// state are broadcast when `fit` begins; each step every rank computes the gradients of its shard of
/// the global batch, one fused `MPI_Allreduce` averages them, and every rank applies the same update.
///
/// `batchSize` stays the *global* batch (Keras's convention: 32 over 2 ranks is 16 rows each), and the
/// learning rate stays the user's unless `scaleLearningRate` asks for Horovod's rule: multiply it by the
/// number of ranks, reached linearly over `warmupEpochs` (Goyal et al.'s warm-up).
public final class DataParallel: @unchecked Sendable {
    public let communicator: Communicator
    /// Multiply the learning rate by the number of ranks (Horovod's `lr * hvd.size()`).
    public let scaleLearningRate: Bool
    /// Epochs over which the scaled learning rate is reached from the user's (Horovod's `LearningRateWarmupCallback`).
    public let warmupEpochs: Int

    public init(communicator: Communicator, scaleLearningRate: Bool = false, warmupEpochs: Int = 0) {
        self.communicator = communicator
        self.scaleLearningRate = scaleLearningRate
        self.warmupEpochs = Swift.max(0, warmupEpochs)
    }

    /// The strategy for the processes `mpirun` started, or `nil` when this process was not started by
    /// `mpirun` (train as one process then). Open MPI is opened only in the first case.
    public static func world(scaleLearningRate: Bool = false, warmupEpochs: Int = 0) throws -> DataParallel? {
        try Communicator.world().map { DataParallel(communicator: $0, scaleLearningRate: scaleLearningRate, warmupEpochs: warmupEpochs) }
    }

    /// This process's rank.
    public var rank: Int { communicator.rank }
    /// The number of ranks.
    public var size: Int { communicator.size }
    /// Whether this is rank 0, the one that prints and writes files (Horovod's `hvd.rank() == 0`).
    public var isChief: Bool { communicator.isChief }

    /// The factor on the user's learning rate at training step `step` (0-based, over the whole fit) of
    /// an epoch of `stepsPerEpoch`: 1 without scaling, else rising linearly to the number of ranks.
    func learningRateFactor(step: Int, stepsPerEpoch: Int) -> Float {
        guard scaleLearningRate else { return 1 }
        return Self.learningRateFactor(step: step, stepsPerEpoch: stepsPerEpoch, ranks: size, warmupEpochs: warmupEpochs)
    }

    /// Horovod's scaled learning rate with warm-up: `ranks` times the user's after `warmupEpochs`
    /// epochs, rising linearly from about 1 step by step before that.
    public static func learningRateFactor(step: Int, stepsPerEpoch: Int, ranks: Int, warmupEpochs: Int) -> Float {
        let warmupSteps = warmupEpochs * stepsPerEpoch
        guard warmupSteps > 0, step < warmupSteps else { return Float(ranks) }
        return 1 + (Float(ranks) - 1) * Float(step + 1) / Float(warmupSteps)
    }
}

extension DataParallel {
    /// Whether every rank holds bit-identical weights: a 64-bit checksum of each rank's weights, whose
    /// maximum and minimum over the ranks must agree (one small `MPI_Allreduce`).
    public func weightsAgree(_ model: Model) throws -> Bool {
        var checksum: UInt64 = 0xcbf2_9ce4_8422_2325
        for weight in model.weights {
            for value in weight.value.scalars { checksum = (checksum ^ UInt64(value.bitPattern)) &* 0x100_0000_01b3 }
        }
        let high = Double(checksum >> 32), low = Double(checksum & 0xffff_ffff)
        var extremes = [high, low, -high, -low]
        try communicator.allreduceMax(&extremes)
        return extremes[0] == -extremes[2] && extremes[1] == -extremes[3]
    }
}
