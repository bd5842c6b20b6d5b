import Tensors
import Testing
import Training

/// `apply` as Keras's: nothing to update is a no-op, and trainable parameters without a single gradient
/// are an error rather than a silently counted step.
@Suite struct OptimizerApplyTests {
    @Test func noGradientAtAllIsAnErrorThatNamesTheParameters() throws {
        let optimizer = Adam()
        let kernel = Parameter(name: "kernel", value: try Tensor([[1, 2]]))
        #expect { try optimizer.apply(to: [kernel]) } throws: { "\($0)".contains("no gradients") && "\($0)".contains("kernel") }
        #expect(optimizer.iterations == 0)
        try optimizer.apply(to: [])
        let frozen = Parameter(name: "frozen", value: Tensor(1), isTrainable: false)
        try optimizer.apply(to: [frozen])
        #expect(optimizer.iterations == 0, "nothing trainable: no step")
        // Some gradients missing is fine (Keras warns): the others are updated and the step counts.
        let bias = Parameter(name: "bias", value: Tensor(0.5))
        try (bias.value * 3).backward()
        try optimizer.apply(to: [kernel, bias])
        #expect(optimizer.iterations == 1 && bias.value.scalars[0] < 0.5)
    }
}
