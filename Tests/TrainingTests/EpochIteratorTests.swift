import Tensors
import Testing
import Training

/// Where `fit`, `evaluate` and `predict` get their batches.
@Suite struct EpochIteratorTests {
    @Test func theIteratorGivesEverySampleOncePerEpochInAReproducibleOrder() throws {
        let source = TensorSource(inputs: [try Tensor((0..<10).map(Float.init), shape: [10, 1])])
        var iterator = try EpochIterator(source: source, batchSize: 4, shuffle: true)
        #expect(iterator.steps == 3)
        func epoch(_ iterator: inout EpochIterator, _ generator: inout RandomGenerator) throws -> [[Float]] {
            var batches: [[Float]] = []
            try iterator.forEachBatch(shuffling: &generator) { _, batch in batches.append(batch.inputs[0].scalars) }
            return batches
        }
        var generator = RandomGenerator(seed: 9)
        let first = try epoch(&iterator, &generator), second = try epoch(&iterator, &generator)
        #expect(first.map(\.count) == [4, 4, 2])
        #expect(first.joined().sorted() == (0..<10).map(Float.init))
        #expect(second.joined().sorted() == (0..<10).map(Float.init))
        #expect(first != second)
        var again = try EpochIterator(source: source, batchSize: 4, shuffle: true)
        var sameSeed = RandomGenerator(seed: 9)
        #expect(try epoch(&again, &sameSeed) == first)
        #expect(throws: TrainingError.self) { try EpochIterator(source: source, batchSize: 0) }
    }

    @Test func anInMemorySourceHandsOverItsArraysForOneWholeBatch() throws {
        let x = try Tensor((0..<6).map(Float.init), shape: [3, 2])
        let source = TensorSource(inputs: [x], targets: [Tensor([1, 2, 3])], sampleWeight: Tensor([1, 1, 2]))
        let whole = try source.batch(in: 0..<3)
        #expect(whole.inputs[0].scalars == x.scalars && whole.count == 3)
        let (head, tail) = try source.split(at: 2)
        #expect(head.sampleCount == 2 && tail.sampleCount == 1)
        #expect(tail.targets[0].scalars == [3] && tail.sampleWeight?.scalars == [2])
        #expect(try source.batch(at: [2, 0]).inputs[0].scalars == [4, 5, 0, 1])
    }
}
