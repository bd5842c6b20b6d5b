import TestSupport
import Testing

@testable import Tensors

@Suite struct ReductionTests {
    static let axesCases: [[Int]?] = [nil, [0], [1], [2], [-1], [0, 2], [1, 2], [0, 1, 2]]

    @Test(arguments: axesCases, [false, true])
    func sumAndMeanGradients(axes: [Int]?, keep: Bool) throws {
        try gradientCheck([sample([2, 3, 4])]) { try $0[0].sum(alongAxes: axes, keepingDimensions: keep) }
        try gradientCheck([sample([2, 3, 4])]) { try $0[0].mean(alongAxes: axes, keepingDimensions: keep) }
    }

    @Test(arguments: axesCases, [false, true])
    func maxAndMinGradients(axes: [Int]?, keep: Bool) throws {
        try gradientCheck([sample([2, 3, 4], seed: 9)]) { try $0[0].max(alongAxes: axes, keepingDimensions: keep) }
        try gradientCheck([sample([2, 3, 4], seed: 9)]) { try $0[0].min(alongAxes: axes, keepingDimensions: keep) }
    }

    @Test(arguments: axesCases, [false, true])
    func logSumExpGradients(axes: [Int]?, keep: Bool) throws {
        try gradientCheck([sample([2, 3, 4], seed: 11)]) { try $0[0].logSumExp(alongAxes: axes, keepingDimensions: keep) }
    }

    @Test func tiedMaximaShareTheGradient() throws {
        let x = try Tensor([1, 3, 3], shape: [3], requiresGradient: true)
        try x.max().backward()
        #expect(x.gradient?.scalars == [0, 0.5, 0.5])
    }

    @Test func logSumExpDoesNotOverflow() throws {
        let x = try Tensor([1000, 1000, -1000], shape: [3])
        expectClose(try x.logSumExp().scalars, [1000 + 0.693_147_2])
    }

    @Test func argmaxTakesTheFirstOfTies() throws {
        let x = try Tensor([[1, 5, 5], [7, 0, 7]])
        #expect(try x.argmax().scalars == [1, 0])
        #expect(try x.argmin(alongAxis: 0).scalars == [0, 1, 0])
    }

    @Test func badAxesAndEmptyTensorsThrow() throws {
        #expect(throws: TensorError.self) { try sample([2, 3]).sum(alongAxes: [2]) }
        #expect(throws: TensorError.self) { try sample([2, 3]).sum(alongAxes: [1, -1]) }
        #expect(throws: TensorError.self) { try Tensor([], shape: [0]).max() }
        #expect(throws: TensorError.self) { try Tensor([], shape: [0]).mean() }
    }
}
