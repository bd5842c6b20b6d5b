import Datasets
import Testing

@Suite struct PreprocessingTests {
    @Test func standardScalerMatchesScikitLearn() throws {
        var scaler = StandardScaler()
        let x: [[Double]] = [[1, 10], [2, 10], [3, 10]]
        let scaled = try scaler.fitTransform(x)
        #expect(scaler.mean == [2, 10])
        #expect(Swift.abs(scaler.scale[0] - (2.0 / 3).squareRoot()) < 1e-15)
        #expect(scaler.scale[1] == 1)  // a constant column keeps scale 1, as scikit-learn does
        #expect(scaled.map { $0[1] } == [0, 0, 0])
        let restored = try scaler.inverseTransform(scaled)
        for (a, b) in zip(restored.joined(), x.joined()) { #expect(Swift.abs(a - b) < 1e-12) }
        #expect(throws: DatasetError.self) { try StandardScaler().transform(x) }
        #expect(throws: DatasetError.self) { try scaler.transform([[1, 2, 3]]) }
        #expect(throws: DatasetError.self) { try scaler.fit([[1], [.nan]]) }
    }

    @Test func labelAndOneHotEncoders() throws {
        let encoder = try LabelEncoder(fitting: ["b", "a", "c", "a"])
        #expect(encoder.classes == ["a", "b", "c"])
        #expect(try encoder.transform(["c", "a"]) == [2, 0])
        #expect(try encoder.inverseTransform([1]) == ["b"])
        #expect(throws: DatasetError.self) { try encoder.transform(["z"]) }
        let oneHot = try OneHotEncoder(fitting: [3, 1, 2])
        #expect(try oneHot.transform([2, 3]) == [[0, 1, 0], [0, 0, 1]])
        #expect(try oneHot.inverseTransform([[1, 0, 0]]) == [1])
        #expect(throws: DatasetError.self) { try oneHot.transform([7]) }
    }

    @Test func trainTestSplitIsSeededAndStratified() throws {
        let iris = try Iris.load()
        let a = try trainTestSplit(iris.features, iris.labels, testFraction: 0.2, seed: 4, stratify: iris.labels)
        let b = try trainTestSplit(iris.features, iris.labels, testFraction: 0.2, seed: 4, stratify: iris.labels)
        #expect(a.xTest == b.xTest && a.yTrain == b.yTrain)
        #expect(a.xTest.count == 30 && a.xTrain.count == 120)
        #expect(Dictionary(grouping: a.yTest, by: { $0 }).mapValues(\.count) == [0: 10, 1: 10, 2: 10])
        let c = try trainTestSplit(iris.features, iris.labels, testFraction: 0.2, seed: 5)
        #expect(c.xTest != a.xTest)
        #expect((c.yTrain + c.yTest).sorted() == iris.labels.sorted())
        #expect(throws: DatasetError.self) { try trainTestSplit([1, 2], [1], testFraction: 0.5) }
        #expect(throws: DatasetError.self) { try trainTestSplit([1, 2], [1, 2], testFraction: 1.5) }
    }
}
