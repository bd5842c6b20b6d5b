import TestSupport
import Testing

@testable import Tensors

@Suite struct ShapingTests {
    @Test func reshapeInfersOneDimension() throws {
        let x = sample([2, 3, 4])
        #expect(try x.reshaped(to: [-1, 4]).shape == [6, 4])
        #expect(throws: TensorError.self) { try x.reshaped(to: [5, -1]) }
        #expect(throws: TensorError.self) { try x.reshaped(to: [-1, -1]) }
        try gradientCheck([x]) { try $0[0].reshaped(to: [4, 6]) }
    }

    @Test func permuteAndTranspose() throws {
        let x = try Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(x.transposed().shape == [3, 2])
        #expect(x.transposed().scalars == [1, 4, 2, 5, 3, 6])
        let y = sample([2, 3, 4])
        let p = try y.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        #expect(try p[1, 0, 2] == y[0, 2, 1])
        #expect(throws: TensorError.self) { try y[0, 3, 0] }
        #expect(throws: TensorError.self) { try y[0, 0] }
        #expect(try y[-1, -1, -1] == y.scalars.last!)
        try gradientCheck([y]) { try $0[0].permuted([1, 2, 0]) }
        #expect(throws: TensorError.self) { try y.permuted([0, 0, 1]) }
    }

    @Test func sliceAndGather() throws {
        let x = try Tensor([[1, 2], [3, 4], [5, 6]])
        #expect(try x.slice(1..<3).scalars == [3, 4, 5, 6])
        #expect(try x.slice(alongAxis: 1, 1..<2).scalars == [2, 4, 6])
        #expect(try x.gather([2, 0]).scalars == [5, 6, 1, 2])
        #expect(throws: TensorError.self) { try x.gather([3]) }
        #expect(throws: TensorError.self) { try x.slice(2..<4) }
        try gradientCheck([sample([4, 3])]) { try $0[0].slice(alongAxis: 1, 1..<3) }
        try gradientCheck([sample([2, 4, 3])]) { try $0[0].gather(alongAxis: 1, [3, 1, 1]) }
    }

    @Test func gatheringARowTwiceAddsItsGradients() throws {
        let x = try Tensor([1, 2, 3, 4], shape: [2, 2], requiresGradient: true)
        try x.gather([1, 1, 0]).sum().backward()
        #expect(x.gradient?.scalars == [1, 1, 2, 2])
    }

    @Test func concatenateAndStack() throws {
        let a = try Tensor([[1, 2]]), b = try Tensor([[3, 4], [5, 6]])
        #expect(try Tensor.concatenate([a, b], alongAxis: 0).scalars == [1, 2, 3, 4, 5, 6])
        let wide = try Tensor.concatenate([b, b.slice(alongAxis: 1, 0..<1)], alongAxis: 1)
        #expect(wide.shape == [2, 3] && wide.scalars == [3, 4, 3, 5, 6, 5])
        #expect(throws: TensorError.self) { try Tensor.concatenate([a, b], alongAxis: 1) }
        let stacked = try Tensor.stack([a, a], alongAxis: 1)
        #expect(stacked.shape == [1, 2, 2])
        try gradientCheck([sample([2, 3], seed: 1), sample([2, 2], seed: 2)]) { try Tensor.concatenate($0, alongAxis: -1) }
        try gradientCheck([sample([2, 3], seed: 1), sample([2, 3], seed: 2)]) { try Tensor.stack($0, alongAxis: 2) }
    }

    @Test func oneHot() throws {
        #expect(try Tensor.oneHot([2, 0], depth: 3).scalars == [0, 0, 1, 1, 0, 0])
        #expect(throws: TensorError.self) { try Tensor.oneHot([3], depth: 3) }
    }
}
