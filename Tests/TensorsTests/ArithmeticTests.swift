import TestSupport
import Testing

@testable import Tensors

@Suite struct ArithmeticTests {
    static let shapePairs: [(Shape, Shape)] = [([2, 3], [2, 3]), ([2, 3], [3]), ([2, 1], [1, 3]), ([3], []), ([], [2, 2]), ([2, 1, 3], [4, 1])]

    @Test(arguments: shapePairs)
    func addAndSubtractGradients(a: Shape, b: Shape) throws {
        try gradientCheck([sample(a, seed: 1), sample(b, seed: 2)]) { try $0[0] + $0[1] }
        try gradientCheck([sample(a, seed: 1), sample(b, seed: 2)]) { try $0[0] - $0[1] }
    }

    @Test(arguments: shapePairs)
    func multiplyAndDivideGradients(a: Shape, b: Shape) throws {
        try gradientCheck([sample(a, seed: 3), sample(b, seed: 4)]) { try $0[0] * $0[1] }
        try gradientCheck([sample(a, seed: 3), sample(b, 0.5...2, seed: 4)]) { try $0[0] / $0[1] }
    }

    @Test(arguments: shapePairs)
    func powGradients(a: Shape, b: Shape) throws {
        try gradientCheck([sample(a, 0.5...2, seed: 5), sample(b, -1.5...1.5, seed: 6)]) { try Tensor.pow($0[0], $0[1]) }
    }

    @Test(arguments: shapePairs)
    func maximumAndMinimumGradients(a: Shape, b: Shape) throws {
        // Distinct seeds keep the operands apart, away from the tie where the derivative jumps.
        try gradientCheck([sample(a, seed: 7), sample(b, seed: 8)]) { try Tensor.maximum($0[0], $0[1]) }
        try gradientCheck([sample(a, seed: 7), sample(b, seed: 8)]) { try Tensor.minimum($0[0], $0[1]) }
    }

    @Test func scalarOperandsBroadcast() throws {
        let x = try Tensor([[1, 2], [3, 4]])
        expectClose((x + 1).scalars, [2, 3, 4, 5])
        expectClose((10 - x).scalars, [9, 8, 7, 6])
        expectClose((x * 2).scalars, [2, 4, 6, 8])
        expectClose((1 / x).scalars, [1, 0.5, 1.0 / 3, 0.25])
        expectClose(Tensor.pow(x, 2).scalars, [1, 4, 9, 16])
        expectClose(Tensor.maximum(x, 2.5).scalars, [2.5, 2.5, 3, 4])
    }

    @Test func incompatibleShapesThrowNamingBoth() throws {
        let error = #expect(throws: TensorError.self) { try sample([2, 3]) + sample([4]) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("(2, 3)") && message.contains("(4,)") && message.contains("add"))
    }

    @Test func maximumSendsTiesToTheFirstOperand() throws {
        let a = try Tensor([1, 2], shape: [2], requiresGradient: true)
        let b = try Tensor([1, 3], shape: [2], requiresGradient: true)
        try Tensor.maximum(a, b).sum().backward()
        #expect(a.gradient?.scalars == [1, 0])
        #expect(b.gradient?.scalars == [0, 1])
    }
}
