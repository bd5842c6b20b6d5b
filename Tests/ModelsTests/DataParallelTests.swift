import Models
import Testing

/// The data-parallel strategy's arithmetic that needs no MPI (the rest runs under mpirun in
/// NeuralKitCLITests' MPI suites).
@Suite struct DataParallelTests {
    /// Horovod's rule: the learning rate times the number of ranks, reached linearly over the warm-up.
    @Test func theScaledLearningRateWarmsUpLinearlyToTheRankCount() {
        #expect(DataParallel.learningRateFactor(step: 0, stepsPerEpoch: 10, ranks: 4, warmupEpochs: 0) == 4)
        #expect(DataParallel.learningRateFactor(step: 0, stepsPerEpoch: 10, ranks: 4, warmupEpochs: 2) == 1 + Float(3) / 20)
        #expect(DataParallel.learningRateFactor(step: 9, stepsPerEpoch: 10, ranks: 4, warmupEpochs: 2) == 2.5)
        #expect(DataParallel.learningRateFactor(step: 19, stepsPerEpoch: 10, ranks: 4, warmupEpochs: 2) == 4)
        #expect(DataParallel.learningRateFactor(step: 500, stepsPerEpoch: 10, ranks: 4, warmupEpochs: 2) == 4)
        #expect(DataParallel.learningRateFactor(step: 3, stepsPerEpoch: 10, ranks: 1, warmupEpochs: 2) == 1)
    }
}
