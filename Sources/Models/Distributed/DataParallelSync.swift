import Training

/// Keeps the ranks' decisions together: after every epoch's callbacks, rank 0's `stopTraining` is
/// copied to all, so an early stop seen on rank 0 (whose callbacks may hold state the others lack,
/// such as a restored backup's patience) ends the epoch loop everywhere. Added last by a data-parallel `fit`.
final class DataParallelSync: Callback {
    let communicator: Communicator

    init(communicator: Communicator) { self.communicator = communicator }

    override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let model else { return }
        var flag = [model.stopTraining ? 1.0 : 0.0]
        try communicator.broadcast(&flag)
        model.stopTraining = flag[0] > 0
    }
}
