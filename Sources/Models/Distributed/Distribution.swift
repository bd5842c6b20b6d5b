/// How `fit` spreads training over processes (Keras 3's `keras.distribution`): pass
/// `distribution: .dataParallel(parallel)` with a ``DataParallel`` from ``DataParallel/world(scaleLearningRate:warmupEpochs:)``.
public enum Distribution {
    /// Every process holds the whole model and trains on its shard of each global batch (Horovod's way).
    case dataParallel(DataParallel)

    /// The data-parallel strategy.
    var dataParallel: DataParallel {
        switch self {
        case .dataParallel(let parallel): parallel
        }
    }
}
