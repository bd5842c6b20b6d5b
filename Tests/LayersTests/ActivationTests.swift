import Foundation
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

    @Test func gluAlongAnotherAxisHalvesItAndHasItsGradient() throws {
        let x = try Tensor([-2.7, -1.3, -0.4, 0.35, 1.2, 2.6, 0.8, -0.9], shape: [4, 2])
        #expect(try Activation.gluAlong(axis: -1)(x).scalars == Activation.glu(x).scalars)
        let sigmoid = { (v: Float) -> Float in 1 / (1 + Foundation.exp(-v)) }
        let expected = (0..<4).map { i in x.scalars[i] * sigmoid(x.scalars[i + 4]) }
        expectClose(try Activation.gluAlong(axis: 0)(x).scalars, expected, tolerance: 1e-6)
        try gradientCheck(input: x, parameters: [], epsilon: 1e-3, tolerance: 1e-2) { try Activation.gluAlong(axis: 0)($0) }
        #expect(throws: LayerError.self) { try Activation.gluAlong(axis: 0)(try Tensor([1, 2, 3], shape: [3, 1])) }
        #expect(throws: LayerError.self) { try Activation.gluAlong(axis: 2)(x) }
        #expect(throws: ConfigError.self) { try Activation.gluAlong(axis: 0).kerasJSON }
    }
}
