import Foundation
import TestSupport
import Testing

@testable import Tensors

@Suite struct ElementwiseTests {
    static let smooth: [(String, ClosedRange<Float>, @Sendable (Tensor) -> Tensor)] = [
        ("negate", -2...2, { -$0 }),
        ("exp", -2...2, { $0.exp() }),
        ("log", 0.5...3, { $0.log() }),
        ("sqrt", 0.5...3, { $0.sqrt() }),
        ("square", -2...2, { $0.square() }),
        ("tanh", -2...2, { $0.tanh() }),
        ("sigmoid", -4...4, { $0.sigmoid() }),
    ]

    @Test(arguments: 0..<smooth.count)
    func smoothFunctionGradients(index: Int) throws {
        let (_, range, f) = Self.smooth[index]
        try gradientCheck([sample([3, 4], range, seed: UInt64(index + 1))]) { f($0[0]) }
    }

    @Test func kinkedFunctionGradientsAwayFromTheKink() throws {
        let x = try Tensor([-1.5, -0.7, -0.2, 0.3, 0.9, 1.6], shape: [2, 3])
        try gradientCheck([x]) { $0[0].relu() }
        try gradientCheck([x]) { $0[0].abs() }
        try gradientCheck([x]) { $0[0].clipped(to: -1...1) }
    }

    @Test func valuesMatchTheFormulas() throws {
        let x = try Tensor([-2, -0.5, 0, 0.5, 2], shape: [5])
        expectClose(x.relu().scalars, [0, 0, 0, 0.5, 2])
        expectClose(x.abs().scalars, [2, 0.5, 0, 0.5, 2])
        expectClose(x.sign().scalars, [-1, -1, 0, 1, 1])
        expectClose(x.clipped(to: -1...1).scalars, [-1, -0.5, 0, 0.5, 1])
        expectClose(x.sigmoid().scalars, x.scalars.map { 1 / (1 + Foundation.exp(-$0)) })
        expectClose(x.tanh().scalars, x.scalars.map { Foundation.tanh($0) })
        expectClose(x.exp().log().scalars, x.scalars)
    }

    @Test func sigmoidStaysFiniteForHugeInputs() throws {
        let x = try Tensor([-1000, -100, 100, 1000], shape: [4], requiresGradient: true)
        let y = x.sigmoid()
        expectClose(y.scalars, [0, 0, 1, 1])
        try y.sum().backward()
        #expect(x.gradient!.scalars.allSatisfy { $0.isFinite })
    }

    @Test func reluHasZeroDerivativeAtZero() throws {
        let x = try Tensor([0], shape: [1], requiresGradient: true)
        try x.relu().sum().backward()
        #expect(x.gradient?.scalars == [0])
    }
}
