import CAllocationCounter
import Foundation
import Layers
import Models
import Tensors
import Testing
import Training

/// Issue 16, item 5: steady-state training allocates nothing per step, counted on the training thread by the
/// test binary's own malloc (CAllocationCounter).
@Suite struct TrainingAllocationTests {
    struct Count: Equatable {
        var allocations = 0, large = 0, bytes = 0

        static func - (a: Count, b: Count) -> Count {
            Count(allocations: a.allocations - b.allocations, large: a.large - b.large, bytes: a.bytes - b.bytes)
        }
    }

    /// Heap allocations made by `body` on this thread: all of them, those of 4 KiB or more, and their bytes.
    static func allocations(_ body: () throws -> Void) rethrows -> Count {
        nk_allocation_counting(1)
        defer { nk_allocation_counting(0) }
        let before = Count(allocations: nk_allocation_count(), large: nk_large_allocation_count(), bytes: nk_allocated_bytes())
        try body()
        return Count(allocations: nk_allocation_count(), large: nk_large_allocation_count(), bytes: nk_allocated_bytes()) - before
    }

    static func model(width: Int, optimizer: String = "sgd") throws -> Sequential {
        let model = try Sequential(
            [Dense(units: width, activation: .relu, inputShape: [64]), Dense(units: width / 3, activation: .relu), Dense(units: 10, activation: .softmax)])
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: optimizer == "adam" ? Adam() : SGD(learningRate: 0.01), metrics: [.accuracy])
        return model
    }

    /// `samples` rows of 64 features and their classes.
    static func data(samples: Int) throws -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: 1)
        let x = (0..<(samples * 64)).map { _ in Float.random(in: 0...1, using: &generator) }
        return (try Tensor(x, shape: [samples, 64]), Tensor((0..<samples).map { Float($0 % 10) }))
    }

    /// The smallest count of three runs of `body`.
    static func fewest(_ body: () throws -> Void) throws -> Count {
        var counts: [Count] = []
        for _ in 0..<3 { counts.append(try allocations(body)) }
        return try #require(counts.min { $0.allocations < $1.allocations })
    }

    /// The planned step's allocations per step, once planned (plan, slots and its result made).
    static func stepAllocations(_ model: Model, batchOf data: (x: Tensor, y: Tensor)) throws -> Count {
        let batch = Batch(inputs: [try data.x.slice(0..<32)], targets: [try data.y.slice(0..<32)])
        let optimizer = try #require(model.optimizer)
        try model.build(inputShape: [64])
        for _ in 0..<2 { _ = try model.plannedStep.train(model, on: batch, optimizer: optimizer) }
        #expect(model.plannedStep.lastObstacle == nil)
        return try allocations { for _ in 0..<10 { _ = try model.plannedStep.train(model, on: batch, optimizer: optimizer) } }
    }

    /// The planned step allocates nothing once planned: its buffers are made with the plan, and the result it
    /// hands the metrics (losses, predictions) is written again in place when nobody kept the last one.
    @Test(arguments: ["adam", "sgd"], [1, 2])
    func thePlannedStepAllocatesNothingPerStep(optimizer: String, threads: Int) throws {
        let data = try Self.data(samples: 64)
        var counts: [Count] = []
        for width in [30, 300] {
            let model = try Self.model(width: width, optimizer: optimizer)
            model.plannedStep.threads = threads  // two: the regions handed to the worker thread
            counts.append(try Self.stepAllocations(model, batchOf: data))
        }
        #expect(counts.allSatisfy { $0.large == 0 }, "\(counts)")
        #if DEBUG
            // A debug build boxes the element accesses of the plan's loops over its layers and over the halves of
            // its large products (`for layer in layers` in forward and backward: a few boxes a layer and half),
            // which the optimizer removes; the release build's count is asserted below, and reported by
            // `chapter-benchmarks --wl A` (step_allocations).
            #expect(counts.allSatisfy { $0.allocations <= 10 * 3 * 10 }, "\(counts)")  // 10 steps, 3 layers
        #else
            #expect(counts.allSatisfy { $0 == Count() }, "\(counts)")
        #endif
    }

    /// The loop around the step (batches, metrics, logs, callbacks, progress) allocates nothing per step: two
    /// more epochs allocate no more when each epoch has 100 steps instead of 20, beyond what the step itself
    /// allocates (nothing in the release build, see above). With the progress bar into a pipe and a History
    /// callback, and with Adam as with plain SGD.
    @Test(arguments: [("sgd", false), ("adam", false), ("sgd", true), ("adam", true)])
    func theTrainingLoopAllocatesNothingPerStep(optimizer: String, verbose: Bool) throws {
        var extra: [Count] = [], step = Count()
        var printed = 0
        let pipe = OutputSink(isTerminal: false) { printed += $0.count }
        for samples in [640, 3200] {
            let data = try Self.data(samples: samples)
            let model = try Self.model(width: 30, optimizer: optimizer)
            func fit(_ epochs: Int) throws {
                let callbacks: [Callback] = verbose ? [History()] : []
                try model.fit(data.x, data.y, batchSize: 32, epochs: epochs, verbose: verbose ? .progressBar : .silent, callbacks: callbacks, output: pipe)
            }
            try fit(1)
            // The fewest of three runs: the first calls in a process make a few lazy one-off allocations.
            let one = try Self.fewest { try fit(1) }, three = try Self.fewest { try fit(3) }
            extra.append(three - one)  // two epochs, and what each epoch allocates once
            #expect(model.plannedStep.lastObstacle == nil)
            step = try Self.stepAllocations(model, batchOf: data)
        }
        #expect(verbose == (printed > 0))
        // 2 × 80 more steps, and the step's own count for as many (10 steps measured). What an epoch allocates once
        // varies by a few between runs (the progress line's texts: a string of more than 15 bytes is allocated, and
        // their lengths follow the timings), so the test allows 8 over the 160 steps: one a step would be 160.
        let loop = extra[1] - extra[0], steps = 2 * 80
        let stepPart = step.allocations * steps / 10
        #expect(abs(loop.allocations - stepPart) <= 8, "per \(steps) steps: the loop \(loop), the step \(stepPart); per 2 epochs \(extra[0])")
        #expect(loop.large == 0, "\(loop)")
        #if !DEBUG
            #expect(abs(loop.allocations) <= 8, "\(loop)")
        #endif
    }
}
