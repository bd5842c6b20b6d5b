import Tensors
import Testing

@testable import Training

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

    @Test func theShuffleDrawsTheStandardLibrarysPermutation() {
        for (seed, count) in [(1, 0), (2, 1), (3, 2), (4, 10), (5, 1000)] {
            var expected = Array(0..<count), permuted = Array(0..<count)
            var a = RandomGenerator(seed: UInt64(seed)), b = RandomGenerator(seed: UInt64(seed))
            expected.shuffle(using: &a)
            permuted.withUnsafeMutableBufferPointer { EpochIterator.permute($0, using: &b) }
            #expect(permuted == expected)
            #expect(a.next() == b.next())  // the same draws made
        }
    }

    /// The batches are written again in place when the step let go of them, never when it kept them.
    @Test func batchesAreReusedOnlyWhenNobodyKeptThem() throws {
        let source = TensorSource(inputs: [try Tensor((0..<20).map(Float.init), shape: [10, 2])], targets: [Tensor((0..<10).map(Float.init))])
        for shuffle in [false, true] {
            var iterator = try EpochIterator(source: source, batchSize: 4, shuffle: shuffle)
            var generator = RandomGenerator(seed: 3)
            var identities: [ObjectIdentifier] = [], rows: [[Float]] = []
            try iterator.forEachBatch(shuffling: &generator) { _, batch in
                identities.append(ObjectIdentifier(batch.inputs[0]))
                rows.append(batch.targets[0].scalars)
            }
            #expect(identities[0] == identities[1] && identities[1] != identities[2])  // 4, 4, then 2 rows
            #expect(rows.joined().sorted() == (0..<10).map(Float.init))
            if !shuffle { #expect(rows == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]) }
            var kept: [Tensor] = []
            try iterator.forEachBatch(shuffling: &generator) { _, batch in kept.append(batch.inputs[0]) }
            #expect(Set(kept.map(ObjectIdentifier.init)).count == 3)
            #expect(kept.flatMap(\.scalars).sorted() == (0..<20).map(Float.init))
        }
    }
}
