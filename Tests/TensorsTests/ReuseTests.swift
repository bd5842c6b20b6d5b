import Testing

@testable import Tensors

/// Tensors written again in place (Tensor+Reuse): only when nothing else can see them.
@Suite struct ReuseTests {
    @Test func aTensorNobodyElseHoldsIsWrittenInPlace() throws {
        let x = try Tensor((0..<12).map(Float.init), shape: [4, 3])
        var batch = x
        try x.gatherRows([3, 1], into: &batch)
        #expect(batch !== x && batch.shape == [2, 3] && batch.scalars == [9, 10, 11, 3, 4, 5])
        let first = ObjectIdentifier(batch)
        try x.gatherRows([0, 2], into: &batch)
        #expect(ObjectIdentifier(batch) == first && batch.scalars == [0, 1, 2, 6, 7, 8])
        try x.sliceRows(1..<3, into: &batch)
        #expect(ObjectIdentifier(batch) == first && batch.scalars == [3, 4, 5, 6, 7, 8])
        #expect(x.scalars == (0..<12).map(Float.init))  // the source is never written
    }

    @Test func aTensorSomeoneKeptIsLeftAsItWas() throws {
        let x = try Tensor((0..<12).map(Float.init), shape: [4, 3])
        var batch = x
        try x.gatherRows([3, 1], into: &batch)
        let kept = batch
        try x.gatherRows([0, 2], into: &batch)
        #expect(kept !== batch && kept.scalars == [9, 10, 11, 3, 4, 5] && batch.scalars == [0, 1, 2, 6, 7, 8])
        // Its scalars kept without the tensor: copied before the write, not changed.
        let scalars = batch.scalars
        try x.sliceRows(2..<4, into: &batch)
        #expect(scalars == [0, 1, 2, 6, 7, 8] && batch.scalars == [6, 7, 8, 9, 10, 11])
        // Another number of rows, or the source itself as the tensor to reuse: a new tensor.
        let two = batch
        try x.sliceRows(0..<1, into: &batch)
        #expect(batch !== two && batch.shape == [1, 3] && batch.scalars == [0, 1, 2])
        var source = x
        try x.sliceRows(0..<4, into: &source)
        #expect(source !== x && source.scalars == x.scalars)
    }

    /// Copies as told and counts the rows it was given.
    final class CountingCopier: RowCopier {
        var copied: [Int] = []
        func gatherRows(into target: UnsafeMutablePointer<Float>, from source: UnsafePointer<Float>, rowLength: Int, rows: UnsafePointer<Int>, count: Int) {
            copied.append(count)
            for k in 0..<count { (target + k * rowLength).update(from: source + rows[k] * rowLength, count: rowLength) }
        }
    }

    @Test func aCopierCopiesTheRowsOfLargeBatchesOnly() throws {
        let x = try Tensor((0..<(60 * 500)).map { Float($0 % 977) }, shape: [60, 500])
        let copier = CountingCopier()
        let large = Array(stride(from: 59, through: 0, by: -2)) + [7, 7, 3]  // 33 rows: 16,500 floats
        var batch = x
        try x.gatherRows(large[...], into: &batch, copier: copier)
        #expect(copier.copied == [33])
        let expected = try x.gather(large).scalars
        #expect(batch.shape == [33, 500] && batch.scalars == expected)
        let small = [4, 2, 9]
        try x.gatherRows(small[...], into: &batch, copier: copier)
        #expect(copier.copied == [33], "1,500 floats are copied here")
        let expectedSmall = try x.gather(small).scalars
        #expect(batch.scalars == expectedSmall)
    }

    @Test func refillKeepsTheRowShapeAndRefusesTensorsWithHistory() throws {
        var outputs = try Tensor([], shape: [0, 2, 2])
        Tensor.refill(&outputs, rows: 2) { $0.update(repeating: 7) }
        #expect(outputs.shape == [2, 2, 2] && outputs.scalars == [Float](repeating: 7, count: 8))
        let weights = try Tensor([1, 2, 3, 4], shape: [2, 2], requiresGradient: true)
        var tracked = weights
        Tensor.refill(&tracked, rows: 2) { $0.update(repeating: 0) }
        #expect(tracked !== weights && weights.scalars == [1, 2, 3, 4] && !tracked.requiresGradient)
    }

    @Test func badRowsAreAnErrorAsInGather() throws {
        let x = try Tensor((0..<6).map(Float.init), shape: [3, 2])
        var batch = x
        #expect(throws: TensorError.self) { try x.gatherRows([0, 3], into: &batch) }
        #expect(throws: TensorError.self) { try x.sliceRows(2..<4, into: &batch) }
    }
}
