import LinearModels
import Testing

@Suite struct BadInputTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func nanOrInfinityInTheFeaturesIsNamed() {
        let text = message { try Perceptron().fit([[1, 2], [3, .nan]], [0, 1]) }
        #expect(text.contains("row 1, feature 1") && text.contains("nan"))
        #expect(message { try Perceptron().fit([[1, .infinity], [3, 4]], [0, 1]) }.contains("row 0, feature 1"))
    }

    @Test func emptyDataSingleClassAndMismatchedLengths() {
        #expect(message { try Perceptron().fit([], []) }.contains("no rows"))
        #expect(message { try Perceptron().fit([[1], [2]], [1, 1]) }.contains("single class"))
        #expect(message { try Perceptron().fit([[1], [2], [3]], [0, 1]) }.contains("3 samples but 2 labels"))
        #expect(message { try Perceptron().fit([[1, 2], [3]], [0, 1]) }.contains("row 1 has 1 features"))
        #expect(message { try Perceptron().fit([[1], [2]], [0, 1], sampleWeight: [1]) }.contains("sample weights"))
    }

    @Test func predictingBeforeFittingOrWithTheWrongWidth() throws {
        #expect(message { _ = try Perceptron().predict([[1, 2]]) }.contains("call fit"))
        let model = Perceptron()
        try model.fit([[0, 0], [1, 1]], [0, 1])
        #expect(message { _ = try model.predict([[1, 2, 3]]) }.contains("fitted on 2"))
    }

    @Test func invalidHyperparameters() {
        #expect(message { try Perceptron(eta0: 0).fit([[0], [1]], [0, 1]) }.contains("eta0"))
        #expect(message { try SGDClassifier(alpha: -1).fit([[0], [1]], [0, 1]) }.contains("alpha"))
        #expect(message { try Perceptron(maxIterations: 0).fit([[0], [1]], [0, 1]) }.contains("maxIterations"))
        #expect(message { try Perceptron(earlyStopping: true).fit([[0], [1]], [0, 1]) }.contains("validationFraction"))
        #expect(message { try Perceptron(classWeight: .custom([5: 2])).fit([[0], [1]], [0, 1]) }.contains("class weight"))
    }

    @Test func divergenceIsReportedNotReturnedAsNaN() {
        let huge = [[1e300, 1e300], [-1e300, -1e300]]
        #expect(message { try SGDClassifier(loss: .squaredHinge, learningRate: .constant, eta0: 1e10).fit(huge, [0, 1]) }.contains("overflowed"))
    }
}
