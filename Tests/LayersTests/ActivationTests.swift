import Layers
import Serialization
import Tensors
import TestSupport
import Testing

@Suite struct ActivationTests {
    /// Away from the kinks of relu, leaky relu, elu, hard sigmoid and the shrinks; an even last axis for glu.
    static var input: Tensor { try! Tensor([-2.7, -1.3, -0.4, 0.35, 1.2, 2.6], shape: [3, 2]) }

    @Test(arguments: Activation.allNamed.filter { $0 != .step })
    func gradientsMatchFiniteDifferences(_ activation: Activation) throws {
        try gradientCheck([Self.input]) { try activation($0[0]) }
    }

    @Test func stepHasNoGradientAndSaysSo() throws {
        let x = try Tensor([-1, 0, 2], shape: [3], requiresGradient: true)
        let y = try Activation.step(x)
        #expect(y.scalars == [0, 1, 1])
        let error = #expect(throws: TensorError.self) { try y.sum().backward() }
        #expect("\(error!)".contains("no useful gradient"))
    }

    @Test func largeInputsStayFinite() throws {
        let x = try Tensor([-1000, -50, 50, 1000], shape: [1, 4], requiresGradient: true)
        for activation in Activation.allNamed where activation != .step && activation != .exponential {
            let y = try activation(x)
            #expect(y.scalars.allSatisfy { $0.isFinite }, "\(activation)")
            x.zeroGradient()
            try y.sum().backward()
            #expect(x.gradient!.scalars.allSatisfy { $0.isFinite }, "\(activation) gradient")
        }
    }

    @Test func namesRoundTrip() throws {
        for activation in Activation.allNamed { #expect(try Activation(kerasName: activation.kerasName) == activation) }
        #expect(try Activation(kerasName: "swish") == .silu)
        #expect(throws: ConfigError.self) { try Activation(kerasName: "not_an_activation") }
    }

    @Test func activationsMatchKeras() throws {
        #expect(KerasFixtures.values.activations.count == 15)
        for (name, expected) in KerasFixtures.values.activations {
            let activation = try Activation(kerasName: name)
            expectClose(try activation(KerasFixtures.values.x.tensor), expected.tensor, tolerance: 2e-6, "\(name)")
        }
    }
}
