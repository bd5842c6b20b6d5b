import Foundation
import Layers
import Synchronization
import Tensors
import Testing
import Training

@testable import Models

/// The prediction plan (issue 16): `predict` on buffers made once gives the model's own outputs, bit for bit.
@Suite struct InferencePlanTests {
    /// `rows` samples of 5 × 8 values, about a third of them zero (as the pixels of an image), fixed by the seed.
    static func inputs(rows: Int, seed: UInt64 = 11) throws -> Tensor {
        var generator = RandomGenerator(seed: seed)
        let values = (0..<(rows * 40)).map { _ -> Float in
            let value = Float.random(in: -1...2, using: &generator)
            return value < 0 ? 0 : value
        }
        return try Tensor(values, shape: [rows, 5, 8])
    }

    /// Flatten, then 40 → 200 (the several-rows kernel's width) → 60 (BLAS's) → `outputs`.
    static func model(hidden: Activation = .relu, output: Activation = .softmax, outputs: Int = 10, front: [Layer] = []) throws -> Sequential {
        try Sequential(
            [InputLayer(shape: [5, 8])] + front + [
                Flatten(), Dense(units: 200, activation: hidden), Dense(units: 60, activation: hidden), Dense(units: outputs, activation: output),
            ], seed: 5)
    }

    /// The model's predictions without the plan: its call, batch by batch.
    static func unplanned(_ model: Model, _ x: Tensor, batchSize: Int?) throws -> [Float] {
        model.plansPredictions = false
        defer { model.plansPredictions = true }
        return try model.predict(x, batchSize: batchSize).scalars
    }

    /// Planned predictions on 1 and 2 threads, for batches with a lone last row, a partial last batch, several
    /// blocks in one batch, and one row.
    static func expectPlannedEqualsCall(_ model: Model) throws {
        for (rows, batchSize) in [(1, nil), (2, nil), (3, 2), (257, 128), (300, 128), (700, nil), (131, 130)] as [(Int, Int?)] {
            let x = try inputs(rows: rows)
            let expected = try unplanned(model, x, batchSize: batchSize)
            for threads in [1, 2] {
                model.predictionThreads = threads
                let planned = try model.predict(x, batchSize: batchSize)
                #expect(model.inferencePlan != nil)
                #expect(planned.shape == [rows, expected.count / rows])
                let differing = zip(planned.scalars, expected).filter { $0 != $1 }.count
                #expect(differing == 0, "\(rows) rows in batches of \(batchSize ?? 1024) on \(threads) threads")
            }
            if batchSize == nil {
                // One batch: the model's call on the whole input, as today's predict computes it.
                let called = try GradientMode.withoutRecording { try model.call(x, training: false) }
                let same = try model.predict(x).scalars == called.scalars
                #expect(same, "\(rows) rows: the call")
            }
        }
        let five = try inputs(rows: 5)
        let called = try GradientMode.withoutRecording { try model.call(five, training: false) }
        #expect(try model.predictOnBatch(five).scalars == called.scalars)
    }

    @Test(arguments: [Activation.softmax, .linear, .relu])
    func float32PredictionsAreTheCallsBitForBit(output: Activation) throws {
        try Self.expectPlannedEqualsCall(try Self.model(output: output))
    }

    @Test func linearHiddenLayersToo() throws {
        try Self.expectPlannedEqualsCall(try Self.model(hidden: .linear, output: .linear, outputs: 1))
    }

    @Test func int8PredictionsAreTheCallsBitForBit() throws {
        let model = try Self.model()
        _ = try model.predict(try Self.inputs(rows: 3))
        let floatPlan = try #require(model.inferencePlan)
        try model.quantize(.int8)
        try Self.expectPlannedEqualsCall(model)
        // Quantizing replaced the kernels: the plan was made anew.
        #expect(model.inferencePlan !== floatPlan)
        // The int8 kernels' values changed in place (negated): packed again, the same plan.
        let plan = model.inferencePlan
        try model.setWeights(model.getWeights().map { $0.shape.rank == 2 ? -$0 : $0 })
        let x = try Self.inputs(rows: 300)
        let planned = try model.predict(x)
        #expect(model.inferencePlan === plan)
        #expect(planned.scalars == (try Self.unplanned(model, x, batchSize: nil)))
    }

    @Test func rescalingAndNormalizationInFront() throws {
        try Self.expectPlannedEqualsCall(try Self.model(front: [Rescaling(scale: 1.0 / 3, offset: 0.25)]))
        let normalization = Normalization()
        let model = try Sequential(
            [InputLayer(shape: [40]), normalization, Dense(units: 150, activation: .relu), Dense(units: 3, activation: .softmax)], seed: 2)
        let x = try Self.inputs(rows: 300).reshaped(to: [300, 40])
        try normalization.adapt(x)
        for threads in [1, 2] {
            model.predictionThreads = threads
            let expected = try Self.unplanned(model, x, batchSize: 100)
            #expect(try model.predict(x, batchSize: 100).scalars == expected)
            #expect(model.inferencePlan != nil)
        }
    }

    @Test func newWeightValuesAreUsedAndNewLayersRemakeThePlan() throws {
        let model = try Self.model()
        let x = try Self.inputs(rows: 200)
        let before = try model.predict(x)
        let plan = try #require(model.inferencePlan)
        // Values changed in place: the same plan, the new values.
        try model.setWeights(model.getWeights().map { $0 * 0.5 })
        let after = try model.predict(x)
        #expect(model.inferencePlan === plan)
        #expect(after.scalars != before.scalars)
        #expect(after.scalars == (try Self.unplanned(model, x, batchSize: nil)))
        _ = try model.predict(x)
        let remade = try #require(model.inferencePlan)
        // A new last layer: a new plan, of the new output width.
        try model.add(Dense(units: 4, activation: .softmax))
        #expect(try model.predict(x).shape == [200, 4])
        #expect(model.inferencePlan !== remade)
    }

    /// Issue 16: a planned prediction allocates no buffer but its outputs (the model's call makes a few per layer and
    /// batch), counted on this thread by the test binary's malloc.
    @Test func aPlannedPredictionAllocatesOnlyItsOutputs() throws {
        let model = try Self.model()
        let x = try Self.inputs(rows: 2_000)
        model.predictionThreads = 1
        _ = try model.predict(x)
        let planned = try TrainingAllocationTests.allocations { _ = try model.predict(x) }
        #expect(planned.large == 1, "\(planned)")
        // Besides, small objects only (the debug build boxes a few dozen that the optimizer removes).
        #expect(planned.bytes < 2_000 * 10 * 4 + 16_384, "\(planned)")
        model.plansPredictions = false
        let called = try TrainingAllocationTests.allocations { _ = try model.predict(x) }
        #expect(called.large > 6, "\(called)")
    }

    /// Several threads predicting with one model at once get the outputs each would get alone (the plan's buffers
    /// serve one of them at a time; the others take the model's call).
    @Test func threadsPredictingAtOnceGetTheirOwnOutputs() throws {
        // Shared with the threads on purpose: what is tested is that this is safe.
        nonisolated(unsafe) let model = try Self.model()
        nonisolated(unsafe) let inputs = try (0..<4).map { try Self.inputs(rows: 300 + 50 * $0, seed: UInt64(20 + $0)) }
        let expected = try inputs.map { try model.predict($0).scalars }
        let results = Mutex([[Float]](repeating: [], count: inputs.count * 25))
        DispatchQueue.concurrentPerform(iterations: inputs.count * 25) { round in
            let outputs = (try? model.predict(inputs[round % inputs.count]).scalars) ?? []
            results.withLock { $0[round] = outputs }
        }
        let all = results.withLock { $0 }
        for (round, outputs) in all.enumerated() {
            let want = expected[round % inputs.count]
            #expect(outputs.count == want.count && zip(outputs, want).allSatisfy { abs($0 - $1) <= 1e-5 }, "round \(round)")
        }
    }

    @Test func otherModelsKeepTheirCall() throws {
        let model = try Sequential([InputLayer(shape: [40]), Dense(units: 20, activation: .tanh), Dropout(rate: 0.5), Dense(units: 3)], seed: 1)
        let x = try Self.inputs(rows: 50).reshaped(to: [50, 40])
        let predicted = try model.predict(x)
        #expect(model.inferencePlan == nil)
        let called = try GradientMode.withoutRecording { try model.call(x, training: false) }
        #expect(predicted.scalars == called.scalars)
    }

    @Test func badInputsStillSayWhatIsWrong() throws {
        let model = try Self.model()
        #expect(throws: ModelError.self) { try model.predict(try Tensor.zeros([3, 40])) }
        let nonFinite = try Tensor([Float](repeating: .nan, count: 80), shape: [2, 5, 8])
        #expect(throws: ModelError.self) { try model.predict(nonFinite) }
    }

    @Test func blocksStayInsideBatchesAndNeverLeaveARowAlone() {
        #expect(InferencePlan.blocks(rows: 1, batchSize: 1024) == [0..<1])
        #expect(InferencePlan.blocks(rows: 257, batchSize: 128) == [0..<128, 128..<256, 256..<257])
        #expect(InferencePlan.blocks(rows: 300, batchSize: 1024) == [0..<128, 128..<256, 256..<300])
        #expect(InferencePlan.blocks(rows: 257, batchSize: 1024) == [0..<128, 128..<257])
        #expect(InferencePlan.blocks(rows: 5, batchSize: 2) == [0..<2, 2..<4, 4..<5])
    }
}
