import Layers
import Serialization
import Tensors
import TestSupport
import Testing

/// Reshape, Permute, RepeatVector, Identity and Dot: their values and their errors.
@Suite struct ShapingLayerTests {
    @Test func reshapePermuteAndRepeatMoveTheRightNumbers() throws {
        let x = try Tensor((0..<12).map(Float.init), shape: [2, 6])
        let reshaped = try Reshape(targetShape: [-1, 3])(x)
        #expect(reshaped.shape == [2, 2, 3] && reshaped.scalars == x.scalars)
        let permuted = try Permute(dims: [2, 1])(reshaped)
        #expect(permuted.shape == [2, 3, 2] && Array(permuted.scalars.prefix(6)) == [0, 3, 1, 4, 2, 5])
        let repeated = try RepeatVector(n: 2)(try Tensor([[1, 2], [3, 4]]))
        #expect(repeated.shape == [2, 2, 2] && repeated.scalars == [1, 2, 1, 2, 3, 4, 3, 4])
        #expect(try Identity()(x).scalars == x.scalars)
    }

    @Test func shapesThatCannotWorkAreErrorsNamingTheArgument() throws {
        let sizes = #expect(throws: LayerError.self) { try Reshape(targetShape: [4, 2])(sample([2, 6])) }
        #expect("\(sizes!)".contains("target_shape"))
        let twoUnknown = #expect(throws: LayerError.self) { try Reshape(targetShape: [-1, -1])(sample([2, 6])) }
        #expect("\(twoUnknown!)".contains("target_shape"))
        let notMultiple = #expect(throws: LayerError.self) { try Reshape(targetShape: [-1, 4])(sample([2, 6])) }
        #expect("\(notMultiple!)".contains("target_shape"))
        let dims = #expect(throws: LayerError.self) { try Permute(dims: [0, 1])(sample([2, 2, 2])) }
        #expect("\(dims!)".contains("dims"))
        #expect(throws: LayerError.self) { try Permute(dims: [2, 1])(sample([2, 6])) }
        #expect(throws: LayerError.self) { try RepeatVector(n: 2)(sample([2, 2, 2])) }
        // Sizes from a hostile config are errors, not overflow traps or huge allocations.
        let huge = #expect(throws: LayerError.self) { try Reshape(targetShape: [1 << 40, 1 << 40, -1])(sample([2, 6])) }
        #expect("\(huge!)".contains("target_shape"))
        #expect(throws: LayerError.self) { try RepeatVector(n: 1 << 40)(sample([2, 2])) }
        let n = #expect(throws: LayerError.self) { try RepeatVector(n: 0)(sample([2, 2])) }
        #expect("\(n!)".contains("n must"))
    }

    @Test func dotMultipliesAlongTheGivenAxes() throws {
        let a = try Tensor([[1, 2, 3], [0, 0, 0]]), b = try Tensor([[4, 5, 6], [1, 1, 1]])
        let plain = try Dot(axes: 1)([a, b])
        #expect(plain.shape == [2, 1] && plain.scalars == [32, 0])
        let cosine = try Dot(axes: -1, normalize: true)([a, b])
        expectClose(cosine.scalars, [32 / (Float(14).squareRoot() * Float(77).squareRoot()), 0], tolerance: 1e-6)
        // [batch, 2, 3] · [batch, 4, 3] along the 3s: [batch, 2, 4], each entry a row product.
        let x = sample([1, 2, 3], seed: 1), y = sample([1, 4, 3], seed: 2)
        let product = try Dot(axes: [2, 2])([x, y])
        #expect(product.shape == [1, 2, 4])
        let expected = try x.reshaped(to: [2, 3]).matmul(try y.reshaped(to: [4, 3]), transposeOther: true)
        expectClose(product.scalars, expected.scalars, tolerance: 1e-5)
    }

    @Test func dotRefusesMismatchedAxesAndTheBatchAxis() throws {
        let sizes = #expect(throws: LayerError.self) { try Dot(axes: 1)([sample([2, 3]), sample([2, 4])]) }
        #expect("\(sizes!)".contains("axes"))
        let batch = #expect(throws: LayerError.self) { try Dot(axes: 0)([sample([2, 3]), sample([2, 3])]) }
        #expect("\(batch!)".contains("axes=0"))
        #expect(throws: LayerError.self) { try Dot(axes: 1)([sample([2, 3]), sample([2, 3]), sample([2, 3])]) }
        #expect(throws: LayerError.self) { try Dot(axes: [1, 1, 1])([sample([2, 3]), sample([2, 3])]) }
    }
}
