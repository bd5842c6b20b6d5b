import TestSupport
import Testing

@testable import Tensors

@Suite struct ComparisonTests {
    @Test func comparisonsGiveMasks() throws {
        let a = try Tensor([1, 2, 3], shape: [3]), b = try Tensor([3, 2, 1], shape: [3])
        #expect(try (a .> b).scalars == [0, 0, 1])
        #expect(try (a .< b).scalars == [1, 0, 0])
        #expect(try (a .>= b).scalars == [0, 1, 1])
        #expect(try (a .<= b).scalars == [1, 1, 0])
        #expect(try (a .== b).scalars == [0, 1, 0])
        #expect(try (a .!= b).scalars == [1, 0, 1])
        #expect((a .> 1.5).scalars == [0, 1, 1])
    }

    @Test func whereSelectsAndBroadcasts() throws {
        let condition = try Tensor([1, 0, 1, 0], shape: [2, 2])
        let result = try Tensor.where(condition, try Tensor([[1, 2], [3, 4]]), Tensor(-1))
        #expect(result.scalars == [1, -1, 3, -1])
    }

    @Test func whereGradientsGoToTheChosenOperand() throws {
        let condition = try Tensor([1, 0, 0, 1, 1, 0], shape: [2, 3])
        try gradientCheck([sample([2, 3], seed: 1), sample([3], seed: 2)]) { try Tensor.where(condition, $0[0], $0[1]) }
    }

    @Test func broadcastToGradientSumsCopies() throws {
        try gradientCheck([sample([3, 1], seed: 3)]) { try $0[0].broadcasted(to: [2, 3, 4]) }
        #expect(throws: TensorError.self) { try sample([3]).broadcasted(to: [2, 2]) }
    }
}
