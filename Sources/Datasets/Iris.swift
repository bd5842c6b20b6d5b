/// Fisher's iris data, shipped with the library: 150 flowers, 4 measurements in cm, 3 species, as
/// scikit-learn's `load_iris()` gives them.
public enum Iris {
    public static let featureNames = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
    public static let classNames = ["setosa", "versicolor", "virginica"]

    /// The data set, from the library's bundled `iris.csv.gz`.
    public static func load() throws -> TabularDataset {
        let lines = try BundledData.text("iris.csv.gz").split(separator: "\n").dropFirst()  // "150,4,setosa,versicolor,virginica"
        let rows = try lines.enumerated().map { try BundledData.numbers($1, file: "iris.csv", line: $0 + 2) }
        guard rows.count == 150, rows.allSatisfy({ $0.count == 5 }) else { throw DatasetError.corrupt("the bundled iris.csv is damaged; reinstall NeuralKit") }
        return try TabularDataset(
            name: "iris", features: rows.map { Array($0[0..<4]) }, featureNames: featureNames,
            target: rows.map { $0[4] }, targetNames: classNames)
    }
}
