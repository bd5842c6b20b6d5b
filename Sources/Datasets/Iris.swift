/// Fisher's iris data, shipped with the library: 150 flowers, 4 measurements in cm, 3 species, as
/// scikit-learn's `load_iris()` gives them.
public enum Iris {
    public static let featureNames = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
    public static let classNames = ["setosa", "versicolor", "virginica"]

    public static func load() -> TabularDataset {
        // The embedded file is verified at generation time; parsing it cannot fail.
        var lines = csv.split(separator: "\n")
        lines.removeFirst()  // "150,4,setosa,versicolor,virginica"
        let rows = lines.map { $0.split(separator: ",").map { Double($0)! } }
        return try! TabularDataset(name: "iris", features: rows.map { Array($0[0..<4]) }, featureNames: featureNames,
            target: rows.map { $0[4] }, targetNames: classNames)
    }
}
