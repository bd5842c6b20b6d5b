import TestSupport
import Testing

@testable import Tensors

@Suite struct AutodiffTests {
    @Test func gradientsAccumulateWhenATensorFeedsSeveralOperations() throws {
        // f(x) = x·x + 3x, f'(x) = 2x + 3.
        let x = try Tensor([2, -1], shape: [2], requiresGradient: true)
        try (x * x + x * 3).sum().backward()
        #expect(x.gradient?.scalars == [7, 1])
    }

    @Test func backwardAddsUpOverCallsUntilCleared() throws {
        let x = try Tensor([1], shape: [1], requiresGradient: true)
        try (x * 2).sum().backward()
        try (x * 2).sum().backward()
        #expect(x.gradient?.scalars == [4])
        x.zeroGradient()
        #expect(x.gradient == nil)
    }

    @Test func noGradientModeRecordsNothing() throws {
        let x = try Tensor([1, 2], shape: [2], requiresGradient: true)
        let y = try GradientMode.withoutRecording { try (x * x).sum() }
        #expect(!y.requiresGradient)
        #expect(throws: TensorError.self) { try y.backward() }
        #expect(GradientMode.isEnabled)
    }

    @Test func detachedStopsGradients() throws {
        let x = try Tensor([3], shape: [1], requiresGradient: true)
        try (x * x.detached()).sum().backward()
        #expect(x.gradient?.scalars == [3])
    }

    @Test func backwardNeedsAScalar() throws {
        let x = try Tensor([1, 2], shape: [2], requiresGradient: true)
        #expect(throws: TensorError.self) { try (x * 2).backward() }
    }

    @Test func aDeepChainDoesNotOverflowTheStack() throws {
        let x = try Tensor([1], shape: [1], requiresGradient: true)
        var y = x
        for _ in 0..<3_000 { y = y + 0.0 }
        try y.sum().backward()
        #expect(x.gradient?.scalars == [1])
    }

    @Test func parametersRequireGradientsAndUpdateInPlace() throws {
        let weight = Parameter(name: "kernel", value: try Tensor([1, 2], shape: [2]))
        #expect(weight.value.requiresGradient)
        let plain = try Tensor([1, 2], shape: [2])
        #expect(!plain.requiresGradient)
        try (weight.value * 3).sum().backward()
        weight.update { values, gradient in
            for i in values.indices { values[i] -= 0.1 * gradient[i] }
        }
        expectClose(weight.value.scalars, [0.7, 1.7])
        #expect(weight.gradient == nil)
        #expect(throws: TensorError.self) { try weight.assign(Tensor([1, 2, 3], shape: [3])) }
        weight.isTrainable = false
        #expect(!weight.value.requiresGradient)
    }

    @Test func badConstructionThrows() throws {
        #expect(throws: TensorError.self) { try Tensor([1, 2, 3], shape: [2, 2]) }
        #expect(throws: TensorError.self) { try Tensor([[1, 2], [3]]) }
        #expect(throws: TensorError.self) { try Tensor.zeros([-1, 2]) }
        #expect(throws: TensorError.self) { try Tensor.arange(0, 1, step: 0) }
        #expect(try Tensor.arange(0, 1, step: 0.25).scalars == [0, 0.25, 0.5, 0.75])
        #expect(try Tensor.full([2], 7).scalars == [7, 7])
    }
}
