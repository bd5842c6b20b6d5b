import TestSupport
import Testing

@testable import Tensors

@Suite struct SoftmaxTests {
    @Test func gradients() throws {
        try gradientCheck([sample([3, 5])]) { try $0[0].softmax() }
        try gradientCheck([sample([3, 5])]) { try $0[0].logSoftmax() }
        try gradientCheck([sample([4, 3])]) { try $0[0].softmax(alongAxis: 0) }
    }

    @Test func rowsSumToOneAndLargeLogitsStayFinite() throws {
        let logits = try Tensor([[1000, 0, -1000], [1, 2, 3]])
        let probabilities = try logits.softmax()
        #expect(probabilities.scalars.allSatisfy { $0.isFinite })
        expectClose(try probabilities.sum(alongAxes: [1]).scalars, [1, 1])
        let logProbabilities = try logits.logSoftmax()
        expectClose(Array(logProbabilities.scalars[0..<3]), [0, -1000, -2000])
    }
}
