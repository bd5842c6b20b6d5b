import Layers
import Models
import Tensors
import Testing
import Training

/// The planned step's first layer on mostly zero inputs (issue 16): the sparse kernels train the weights BLAS's
/// dense products train, to rounding, and one thread and two give the same weights bit for bit, with each
/// instruction set the processor has (AVX-512 and AVX2 on an AVX-512 machine), which train the same weights.
@Suite(.enabled(if: SparseInput.isAvailable, "the sparse kernels need AVX-512 or AVX2 with FMA"))
struct PlannedSparseInputTests {
    /// The instruction sets this processor has.
    static let sets = SparseInput.InstructionSet.allCases.filter(\.isAvailable)

    /// 200 "images" of `pixels` pixels in 0...255, about half of them black, and their class among 10.
    static func data(pixels: Int = 64) -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: 11)
        let x = (0..<(200 * pixels)).map { i -> Float in
            let edge = i % pixels < pixels * 3 / 16 || i % pixels >= pixels * 13 / 16
            return edge || Float.random(in: 0..<1, using: &generator) < 0.4 ? 0 : Float(Int.random(in: 1...255, using: &generator))
        }
        return (try! Tensor(x, shape: [200, pixels]), Tensor((0..<200).map { Float(($0 * 7) % 10) }))
    }

    static func train(
        optimizer: String, sparse: Bool, threads: Int = 1, epochs: Int = 2, set: SparseInput.InstructionSet? = SparseInput.preferred,
        batchSize: Int = 32, pixels: Int = 64
    ) throws -> (weights: [[Float]], skipped: Bool) {
        let model = try Sequential(
            [
                Rescaling(scale: 1 / 255, inputShape: [pixels]), Dense(units: 300, activation: .relu), Dense(units: 100, activation: .relu),
                Dense(units: 10, activation: .softmax),
            ], seed: 5)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer == "sgd" ? SGD(learningRate: 0.05) : Adam(learningRate: 0.01))
        model.plannedStep.sparseInputs = sparse
        model.plannedStep.sparseInstructionSet = set
        model.plannedStep.threads = threads
        let data = data(pixels: pixels)
        try model.fit(data.x, data.y, batchSize: batchSize, epochs: epochs, verbose: .silent)
        #expect(model.plannedStep.lastObstacle == nil)
        return (model.getWeights().map(\.scalars), model.plannedStep.lastStepSkippedZeros)
    }

    @Test(arguments: ["sgd", "adam"], sets)
    func skippingZerosTrainsTheWeightsOfTheDenseProducts(optimizer: String, set: SparseInput.InstructionSet) throws {
        let sparse = try Self.train(optimizer: optimizer, sparse: true, set: set), dense = try Self.train(optimizer: optimizer, sparse: false)
        #expect(sparse.skipped)
        #expect(!dense.skipped)
        for (a, b) in zip(sparse.weights, dense.weights) {
            let scale = b.map(abs).max() ?? 1
            let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 2e-4 * scale, "largest difference \(worst) for weights up to \(scale)")
        }
        #expect(sparse.weights != dense.weights, "the sparse kernels sum in another order than BLAS")
    }

    @Test(arguments: ["sgd", "adam"], sets)
    func twoThreadsSkipZerosAsOneDoes(optimizer: String, set: SparseInput.InstructionSet) throws {
        let one = try Self.train(optimizer: optimizer, sparse: true, threads: 1, set: set)
        let two = try Self.train(optimizer: optimizer, sparse: true, threads: 2, set: set)
        #expect(two.skipped)
        #expect(one.weights == two.weights)
    }

    /// Batches of Fashion-MNIST's width (32 rows of 784 values, enough for the planned step's row copier to copy
    /// half of each batch on its second thread) train as on one thread.
    @Test func twoThreadsCopyingTheBatchesTrainAsOne() throws {
        let one = try Self.train(optimizer: "sgd", sparse: true, threads: 1, epochs: 1, pixels: 784)
        let two = try Self.train(optimizer: "sgd", sparse: true, threads: 2, epochs: 1, pixels: 784)
        #expect(two.skipped)
        #expect(one.weights == two.weights)
    }

    /// Fewer inputs than a block of 16: the first layer's second block of inputs is empty, its partial sums zeros.
    @Test func aFirstLayerNarrowerThanABlockTrainsAsBLASDoes() throws {
        let sparse = try Self.train(optimizer: "sgd", sparse: true, threads: 2, pixels: 12)
        let dense = try Self.train(optimizer: "sgd", sparse: false, threads: 2, pixels: 12)
        #expect(sparse.skipped && !dense.skipped)
        for (a, b) in zip(sparse.weights, dense.weights) {
            let scale = b.map(abs).max() ?? 1
            #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 2e-4 * scale })
        }
    }

    /// The AVX2 kernels train the weights the AVX-512 ones do, bit for bit (on a machine that has both).
    @Test(.enabled(if: sets.count == 2, "needs both instruction sets"), arguments: ["sgd", "adam"])
    func bothInstructionSetsTrainTheSameWeights(optimizer: String) throws {
        let wide = try Self.train(optimizer: optimizer, sparse: true, set: .avx512)
        let narrow = try Self.train(optimizer: optimizer, sparse: true, set: .avx2)
        #expect(wide.skipped && narrow.skipped)
        #expect(wide.weights == narrow.weights)
    }

    /// Batches larger than the AVX2 kernels pay for (``SparseInput/InstructionSet/pays(rows:units:)``) stay on BLAS.
    @Test(.enabled(if: SparseInput.InstructionSet.avx2.isAvailable, "needs AVX2"))
    func largeBatchesStayOnBLASWithAVX2() throws {
        #expect(!(try Self.train(optimizer: "sgd", sparse: true, epochs: 1, set: .avx2, batchSize: 200)).skipped)
        #expect(try Self.train(optimizer: "sgd", sparse: true, epochs: 1, set: .avx2, batchSize: 128).skipped)
    }

    /// No instruction set (or one the processor lacks) leaves the first layer to BLAS, without failing.
    @Test func withoutAnInstructionSetTheProductsStayOnBLAS() throws {
        #expect(!(try Self.train(optimizer: "sgd", sparse: true, epochs: 1, set: nil)).skipped)
        for set in SparseInput.InstructionSet.allCases where !set.isAvailable {
            #expect(!(try Self.train(optimizer: "sgd", sparse: true, epochs: 1, set: set)).skipped)
        }
    }

    /// Inputs without zeros (a Normalization layer's outputs, say) stay on BLAS's products.
    @Test func denseInputsStayOnBLAS() throws {
        let x = try Tensor(Self.data().x.scalars.map { $0 + 1 }, shape: Self.data().x.shape)
        let model = try Sequential([Dense(units: 30, activation: .relu, inputShape: [64]), Dense(units: 10, activation: .softmax)], seed: 5)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD())
        try model.fit(x, Self.data().y, batchSize: 32, epochs: 1, verbose: .silent)
        #expect(model.plannedStep.lastObstacle == nil)
        #expect(!model.plannedStep.lastStepSkippedZeros)
    }
}
