import CAllocationCounter
import Foundation
import Layers
import Models
import Tensors
import Testing
import Training

/// Issue 16, item 5: what training allocates once it runs, counted on the training thread by the test
/// binary's own malloc (CAllocationCounter).
@Suite struct TrainingAllocationTests {
    struct Count {
        var allocations = 0, large = 0, bytes = 0
    }

    /// Heap allocations made by `body` on this thread: all of them, those of 4 KiB or more, and their bytes.
    static func allocations(_ body: () throws -> Void) rethrows -> Count {
        nk_allocation_counting(1)
        defer { nk_allocation_counting(0) }
        let before = Count(allocations: nk_allocation_count(), large: nk_large_allocation_count(), bytes: nk_allocated_bytes())
        try body()
        return Count(
            allocations: nk_allocation_count() - before.allocations, large: nk_large_allocation_count() - before.large,
            bytes: nk_allocated_bytes() - before.bytes)
    }

    static func model(width: Int) throws -> Sequential {
        let model = try Sequential(
            [Dense(units: width, activation: .relu, inputShape: [64]), Dense(units: width / 3, activation: .relu), Dense(units: 10, activation: .softmax)])
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.01), metrics: [.accuracy])
        return model
    }

    let data: (x: Tensor, y: Tensor)

    init() throws {
        var generator = RandomGenerator(seed: 1)
        let x = (0..<(640 * 64)).map { _ in Float.random(in: 0...1, using: &generator) }
        data = (try Tensor(x, shape: [640, 64]), Tensor((0..<640).map { Float($0 % 10) }))
    }

    /// The planned step allocates no buffer once planned: per step only its small results (the predictions
    /// returned to the metrics), the same few objects whatever the model's width.
    @Test(arguments: ["adam", "sgd"])
    func thePlannedStepAllocatesNoBufferPerStep(optimizer name: String) throws {
        var perStep: [Count] = []
        for width in [30, 300] {
            let model = try Self.model(width: width)
            model.compile(loss: .sparseCategoricalCrossentropy, optimizer: name == "adam" ? Adam() : SGD(learningRate: 0.01))
            try model.build(inputShape: [64])
            let batch = Batch(inputs: [try data.x.slice(0..<32)], targets: [try data.y.slice(0..<32)])
            let compiled = try #require(model.optimizer)
            for _ in 0..<2 { _ = try model.plannedStep.train(model, on: batch, optimizer: compiled) }  // plan and slots made
            #expect(model.plannedStep.lastObstacle == nil)
            perStep.append(try Self.allocations { _ = try model.plannedStep.train(model, on: batch, optimizer: compiled) })
        }
        // The debug build counts a few dozen small objects (boxes the optimizer would remove; `chapter-benchmarks
        // --wl A` reports the release build's count); what matters is that none is a buffer.
        for count in perStep {
            #expect(count.large == 0, "\(count)")
            #expect(count.bytes < 8192, "\(count)")  // 32 × 10 predictions and small objects, for 88 KB of weights
        }
    }

    /// The loop around the step: per step the batch it gathers (one array per input and target, here one of
    /// 8 KiB) and the logs' small objects, never a buffer that grows with the model.
    @Test func theTrainingLoopAllocatesOnlyTheBatchAndItsLogsPerStep() throws {
        var perStep: [Count] = []
        for width in [30, 300] {
            let model = try Self.model(width: width)
            try model.fit(data.x, data.y, batchSize: 32, epochs: 1, verbose: .silent)
            let one = try Self.allocations { try model.fit(data.x, data.y, batchSize: 32, epochs: 1, verbose: .silent) }
            let three = try Self.allocations { try model.fit(data.x, data.y, batchSize: 32, epochs: 3, verbose: .silent) }
            // Two more epochs: 40 steps.
            perStep.append(
                Count(allocations: (three.allocations - one.allocations) / 40, large: (three.large - one.large) / 40, bytes: (three.bytes - one.bytes) / 40))
            #expect(model.plannedStep.lastObstacle == nil)
        }
        for count in perStep {
            #expect(count.large <= 1, "\(count)")
            #expect(count.bytes < 40_000, "\(count)")  // the 8 KiB batch and the loop's small objects
        }
        // A model ten times as wide allocates the same few bytes more or less per step.
        #expect(abs(perStep[0].bytes - perStep[1].bytes) < 2048, "\(perStep)")
    }
}
