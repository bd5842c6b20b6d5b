import Serialization
import Tensors
import Testing

@testable import Training

/// Ports of keras/src/metrics/f_score_metrics_test.py (Keras's main branch): FBetaScoreTest and
/// F1ScoreTest, with Keras's inputs, expected values and tolerances (atol 1e-6; 1e-5 for the weight tests).
///
/// Not ported: the type checks of `beta` and `threshold` (an int, a string or None: Swift's types rule them
/// out); test_undefined_output_dim (shapes are always known); `dtype` checks (float32 only). Ported as an
/// update: test_non_2d_input_shapes calls `_build` in Keras, `update` here.
@Suite struct FScorePortTests {
    static let randomPred: [[Float]] = [[0.7, 0.7, 0.7], [1, 0, 0], [0.9, 0.8, 0]]
    static let classesTrue: [[Float]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [1, 0, 0], [0, 0, 1]]
    static let classesPred: [[Float]] = [[0.9, 0.1, 0], [0.2, 0.6, 0.2], [0, 0, 1], [0.4, 0.3, 0.3], [0, 0.9, 0.1], [0, 0, 1]]

    static func run(_ yTrue: [[Float]], _ yPred: [[Float]], _ weights: [Float]?, _ average: FBetaScore.Average?, _ beta: Float, _ threshold: Float?) throws
        -> [Float]
    {
        let metric = try FBetaScore(average: average, beta: beta, threshold: threshold)
        return try Port.call(metric, Port.t(yTrue), Port.t(yPred), weights.map { Port.t($0) })
    }

    static let averages: [FBetaScore.Average] = [.micro, .macro, .weighted]

    @Test func config() throws {
        let metric = try FBetaScore(average: nil, beta: 0.5, threshold: 0.3)
        let again = try FBetaScore(kerasConfig: metric.kerasConfig())
        #expect(again.beta == 0.5 && again.average == nil && again.threshold == 0.3)
        let f1 = try F1Score()
        #expect(try f1.kerasConfig()["beta"] == nil)
        #expect(try F1Score(kerasConfig: f1.kerasConfig()).average == nil)
    }

    @Test(arguments: averages, [Float(0.5), 1.0, 2.0]) func perfectAndWorstScores(_ average: FBetaScore.Average, _ beta: Float) throws {
        expectAllClose(try Self.run([[1, 1, 1], [1, 0, 0], [1, 1, 0]], Self.randomPred, nil, average, beta, 0.66), [1.0])
        expectAllClose(try Self.run([[0, 0, 0], [0, 1, 0], [0, 0, 1]], Self.randomPred, nil, average, beta, 0.66), [0.0])
    }

    static let randomScores: [(FBetaScore.Average?, Float, [Float])] = [
        (nil, 0.5, [0.71428573, 0.5, 0.833334]), (nil, 1.0, [0.8, 0.5, 0.6666667]), (nil, 2.0, [0.9090904, 0.5, 0.555556]),
        (.micro, 0.5, [0.6666667]), (.micro, 1.0, [0.6666667]), (.micro, 2.0, [0.6666667]), (.macro, 0.5, [0.6825397]),
        (.macro, 1.0, [0.6555555]), (.macro, 2.0, [0.6548822]), (.weighted, 0.5, [0.6825397]), (.weighted, 1.0, [0.6555555]),
        (.weighted, 2.0, [0.6548822]),
    ]

    @Test(arguments: randomScores) func randomScore(_ average: FBetaScore.Average?, _ beta: Float, _ expected: [Float]) throws {
        expectAllClose(try Self.run([[0, 0, 1], [1, 1, 0], [1, 1, 1]], Self.randomPred, nil, average, beta, 0.66), expected)
    }

    static let noThresholdScores: [(FBetaScore.Average?, Float, [Float])] = [
        (nil, 0.5, [0.9090904, 0.555556, 1.0]), (nil, 1.0, [0.8, 0.6666667, 1.0]), (nil, 2.0, [0.71428573, 0.833334, 1.0]),
        (.micro, 0.5, [0.833334]), (.micro, 1.0, [0.833334]), (.micro, 2.0, [0.833334]), (.macro, 0.5, [0.821549]), (.macro, 1.0, [0.822222]),
        (.macro, 2.0, [0.849206]), (.weighted, 0.5, [0.880471]), (.weighted, 1.0, [0.844445]), (.weighted, 2.0, [0.829365]),
    ]

    @Test(arguments: noThresholdScores) func randomScoreNone(_ average: FBetaScore.Average?, _ beta: Float, _ expected: [Float]) throws {
        expectAllClose(try Self.run(Self.classesTrue, Self.classesPred, nil, average, beta, nil), expected)
    }

    static let ones: [Float] = [1, 1, 1, 1, 1, 1], holes: [Float] = [1, 0, 1, 1, 0, 1], halves: [Float] = [0.5, 1, 1, 1, 0.5, 1]
    static let weightedScores: [(FBetaScore.Average?, Float, [Float], [Float])] = [
        (nil, 0.5, ones, [0.909091, 0.555556, 1.0]), (nil, 0.5, holes, [1.0, 0.0, 1.0]), (nil, 0.5, halves, [0.9375, 0.714286, 1.0]),
        (nil, 1.0, ones, [0.8, 0.666667, 1.0]), (nil, 1.0, holes, [1.0, 0.0, 1.0]), (nil, 1.0, halves, [0.857143, 0.8, 1.0]),
        (nil, 2.0, ones, [0.714286, 0.833333, 1.0]), (nil, 2.0, holes, [1.0, 0.0, 1.0]), (nil, 2.0, halves, [0.789474, 0.909091, 1.0]),
        (.micro, 0.5, ones, [0.833333]), (.micro, 0.5, holes, [1.0]), (.micro, 0.5, halves, [0.9]),
        (.micro, 1.0, ones, [0.833333]), (.micro, 1.0, holes, [1.0]), (.micro, 1.0, halves, [0.9]),
        (.micro, 2.0, ones, [0.833333]), (.micro, 2.0, holes, [1.0]), (.micro, 2.0, halves, [0.9]),
        (.macro, 0.5, ones, [0.821549]), (.macro, 0.5, holes, [0.666667]), (.macro, 0.5, halves, [0.883929]),
        (.macro, 1.0, ones, [0.822222]), (.macro, 1.0, holes, [0.666667]), (.macro, 1.0, halves, [0.885714]),
        (.macro, 2.0, ones, [0.849206]), (.macro, 2.0, holes, [0.666667]), (.macro, 2.0, halves, [0.899522]),
        (.weighted, 0.5, ones, [0.880471]), (.weighted, 0.5, holes, [1.0]), (.weighted, 0.5, halves, [0.917857]),
        (.weighted, 1.0, ones, [0.844444]), (.weighted, 1.0, holes, [1.0]), (.weighted, 1.0, halves, [0.902857]),
        (.weighted, 2.0, ones, [0.829365]), (.weighted, 2.0, holes, [1.0]), (.weighted, 2.0, halves, [0.897608]),
    ]

    @Test(arguments: weightedScores)
    func weightedRandomScoreNone(_ average: FBetaScore.Average?, _ beta: Float, _ weights: [Float], _ expected: [Float]) throws {
        expectAllClose(try Self.run(Self.classesTrue, Self.classesPred, weights, average, beta, nil), expected)
    }

    @Test func invalidArguments() throws {
        #expect { _ = try FBetaScore(kerasConfig: ["average": "invalid_average"]) } throws: {
            "\($0)".contains("\"average\" must be null, \"micro\", \"macro\" or \"weighted\"")
        }
        for beta: Float in [0, -1, -0.5] {
            #expect { _ = try FBetaScore(average: .macro, beta: beta) } throws: { "\($0)".contains("beta must be above 0, got \(beta)") }
        }
        for threshold: Float in [1.1, 0, -0.5] {
            #expect { _ = try FBetaScore(average: .macro, threshold: threshold) } throws: {
                "\($0)".contains("threshold must satisfy 0 < threshold <= 1, got \(threshold)")
            }
        }
        let rank3 = try Tensor([Float](repeating: 0, count: 24), shape: [2, 3, 4])
        #expect { try Port.call(try FBetaScore(), rank3, rank3) } throws: { "\($0)".contains("expects targets and predictions of shape (batch, classes)") }
    }

    @Test func scalarAnd2DWeights() throws {
        let yTrue = Port.t([[1, 1], [1, 0]]), yPred = Port.t([[0.2, 0.6], [0.2, 0.6]])
        expectAllClose(try Port.call(try FBetaScore(threshold: 0.5), yTrue, yPred, Port.scalar(0.5)), [0.0, 0.6666665], atol: 1e-5)
        expectAllClose(try Port.call(try FBetaScore(threshold: 0.5), yTrue, yPred, Port.t([[0.5, 0.2], [0.3, 0.8]])), [0.0, 0.333333], atol: 1e-5)
    }

    @Test func f1Correctness() throws {
        let f1 = try Port.call(try F1Score(), Port.t(Self.classesTrue), Port.t(Self.classesPred))
        let fBeta = try Port.call(try FBetaScore(beta: 1), Port.t(Self.classesTrue), Port.t(Self.classesPred))
        expectAllClose(f1, fBeta)
    }
}
