import Foundation
import TestSupport
import Testing

@testable import Tensors

/// Broadcasting and reductions against values NumPy computed (`tools/make_numpy_fixtures.py`).
@Suite struct NumPyFixtureTests {
    struct Encoded: Decodable {
        let shape: [Int]
        let values: [Float]
        var tensor: Tensor { get throws { try Tensor(values, shape: Shape(shape)) } }
    }
    struct BinaryCase: Decodable {
        let op: String
        let a: Encoded
        let b: Encoded
        let result: Encoded
    }
    struct ReductionCase: Decodable {
        let op: String
        let axes: [Int]?
        let keepdims: Bool
        let x: Encoded
        let result: Encoded
    }
    struct Fixtures: Decodable {
        let binary: [BinaryCase]
        let reductions: [ReductionCase]
    }

    static let fixtures: Fixtures = {
        let url = Bundle.module.url(forResource: "numpy_ops", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixtures.self, from: Data(contentsOf: url))
    }()

    @Test func broadcastingMatchesNumPy() throws {
        #expect(Self.fixtures.binary.count >= 40)
        for test in Self.fixtures.binary {
            let a = try test.a.tensor, b = try test.b.tensor
            let result: Tensor =
                switch test.op {
                case "add": try a + b
                case "subtract": try a - b
                case "multiply": try a * b
                case "divide": try a / b
                case "maximum": try Tensor.maximum(a, b)
                case "minimum": try Tensor.minimum(a, b)
                case "pow": try Tensor.pow(a, b)
                default: throw TensorError.invalidArgument(operation: test.op, reason: "unknown fixture op")
                }
            expectClose(result, try test.result.tensor, tolerance: 1e-5, "\(test.op) \(a.shape) \(b.shape)")
        }
    }

    @Test func reductionsMatchNumPy() throws {
        #expect(Self.fixtures.reductions.count >= 70)
        for test in Self.fixtures.reductions {
            let x = try test.x.tensor
            let result: Tensor =
                switch test.op {
                case "sum": try x.sum(alongAxes: test.axes, keepingDimensions: test.keepdims)
                case "mean": try x.mean(alongAxes: test.axes, keepingDimensions: test.keepdims)
                case "max": try x.max(alongAxes: test.axes, keepingDimensions: test.keepdims)
                case "min": try x.min(alongAxes: test.axes, keepingDimensions: test.keepdims)
                case "logsumexp": try x.logSumExp(alongAxes: test.axes, keepingDimensions: test.keepdims)
                case "argmax": try x.argmax(alongAxis: test.axes![0])
                case "softmax": try x.softmax(alongAxis: test.axes![0])
                default: throw TensorError.invalidArgument(operation: test.op, reason: "unknown fixture op")
                }
            expectClose(result, try test.result.tensor, tolerance: 1e-5, "\(test.op) axes \(String(describing: test.axes)) keep \(test.keepdims)")
        }
    }
}
