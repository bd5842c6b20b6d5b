import ArgumentParser
import Datasets
import Foundation
import Models
import Tensors

/// Which rows of a dataset: the ones `neuralkit train` trained on, the ones it held out, or all.
enum Split: String, ExpressibleByArgument, CaseIterable {
    case train, test, all
}

/// Samples as the data holds them, unscaled: the models `neuralkit train` saves carry their own
/// scaling (a Rescaling or Normalization layer), as Keras recommends for models that ship.
struct SelectedData {
    var description: String
    /// `[samples, 28, 28]` images or `[samples, columns]` tables.
    var features: Tensor
    /// The column names of a table (empty for images).
    var featureNames: [String]
    var targets: Tensor?
    /// The class names, when the targets are classes.
    var classNames: [String]

    var count: Int { features.shape[0] }
}

/// The splits `neuralkit train` makes, shared with `evaluate` and `predict` so that `--split test`
/// picks exactly the rows training held out (for the same `--seed`).
enum TabularSplits {
    /// A table is a classification task when its targets name classes (iris, digits, a CSV of labels).
    static func isClassification(_ data: TabularDataset) -> Bool { !data.targetNames.isEmpty }

    /// California housing keeps the book's splits (scikit-learn's `train_test_split`, random_state 42,
    /// twice: test, then validation); other tables get NeuralKit's seeded 75/25 split, stratified by class.
    static func split(_ data: TabularDataset, seed: UInt64)
        throws -> (xTrain: [[Double]], xTest: [[Double]], yTrain: [Double], yTest: [Double], validation: ([[Double]], [Double])?) {
        if data.name == "california_housing" {
            let outer = try trainTestSplit(data.features, data.target, scikitLearnRandomState: 42)
            let inner = try trainTestSplit(outer.xTrain, outer.yTrain, scikitLearnRandomState: 42)
            return (inner.xTrain, outer.xTest, inner.yTrain, outer.yTest, (inner.xTest, inner.yTest))
        }
        let split = try trainTestSplit(data.features, data.target, testFraction: 0.25, seed: seed,
                                       stratify: isClassification(data) ? data.labels : nil)
        return (split.xTrain, split.xTest, split.yTrain, split.yTest, nil)
    }

    static func tensor(_ rows: [[Double]], columns: Int) throws -> Tensor {
        try Tensor(rows.flatMap { $0.map(Float.init) }, shape: [rows.count, columns])
    }
}

/// `--dataset`/`--csv`, `--split` and `--input-columns`: the data that `evaluate` and `predict` use.
struct DataOptions: ParsableArguments {
    @Option(help: "A dataset: fashion-mnist, mnist, california-housing, iris or digits.")
    var dataset: String?

    @Option(help: "A CSV file with a header row and numeric feature columns.")
    var csv: String?

    @Option(help: "The CSV column that holds the targets (needed to evaluate; predict leaves it out of the features).")
    var target: String?

    @Option(help: """
        Which rows: test (the default for datasets: the rows `neuralkit train` held out, for the same --seed), \
        train, or all (the default for --csv).
        """)
    var split: Split?

    @Option(name: .customLong("input-columns"), help: ArgumentHelp("""
        For a model with several inputs: the table columns of each input, in order, as 0-based indices, \
        inclusive ranges or column names, e.g. --input-columns 0-4 --input-columns 2-7 for the chapter's Wide & Deep model.
        """, valueName: "columns"))
    var inputColumns: [String] = []

    @Option(help: ArgumentHelp("""
        Multiply every feature by this factor first (a number or a fraction like 1/255), for models that were \
        trained on scaled data without scaling inside, as the book's Keras classifier is.
        """, valueName: "factor"))
    var scale: String?

    @Option(help: "The seed `neuralkit train` split the data with.")
    var seed: UInt64 = 42

    @Option(help: "Where to find or cache downloaded datasets (default: $NEURALKIT_DATA or ~/.neuralkit/datasets).")
    var dataDir: String?

    func validate() throws {
        switch (dataset, csv) {
        case (nil, nil): throw ValidationError("give the data: --dataset NAME or --csv FILE")
        case (_?, _?): throw ValidationError("give either --dataset or --csv, not both")
        default: break
        }
    }

    /// The selected rows, scaled by `--scale`; `needTargets` makes a missing target column an error.
    func load(needTargets: Bool) throws -> SelectedData {
        var data = try loadUnscaled(needTargets: needTargets)
        if let factor = try scaleFactor() { data.features = data.features * factor }
        return data
    }

    /// `--scale` as a number: `0.5`, `1/255`.
    func scaleFactor() throws -> Float? {
        guard let scale else { return nil }
        let parts = scale.split(separator: "/").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        let value: Float? = switch parts.count {
        case 1: parts[0]
        case 2: parts[0].flatMap { numerator in parts[1].flatMap { $0 == 0 ? nil : numerator / $0 } }
        default: nil
        }
        guard let value, value.isFinite else { throw CommandError("--scale '\(scale)' is not a number or a fraction like 1/255") }
        return value
    }

    private func loadUnscaled(needTargets: Bool) throws -> SelectedData {
        if let csv {
            let file = try CSVFile(contentsOf: csv)
            if let target {
                let table = try file.dataset(target: target, name: csv)
                return try rows(of: table, split: split ?? .all, description: csv)
            }
            if needTargets { throw CommandError("--csv needs --target COLUMN, the column with the true values") }
            if let split, split != .all { throw CommandError("--split \(split.rawValue) needs --target: splits follow the targets' classes") }
            let matrix = try file.featureMatrix(name: csv)
            return SelectedData(description: "\(csv), \(matrix.rows.count) rows",
                features: try TabularSplits.tensor(matrix.rows, columns: matrix.names.count), featureNames: matrix.names,
                targets: nil, classNames: [])
        }
        let name = dataset!
        switch name {
        case "fashion-mnist", "mnist":
            let loader = DatasetLoader(cacheDirectory: dataDir)
            let images = name == "mnist" ? try MNIST.load(loader: loader) : try FashionMNIST.load(loader: loader)
            let chosen = split ?? .test
            let (x, y): (Tensor, Tensor) = switch chosen {
            case .test: (images.xTest, images.yTest)
            case .train: (images.xTrain, images.yTrain)
            case .all: (try Tensor.concatenate([images.xTrain, images.xTest], alongAxis: 0),
                        try Tensor.concatenate([images.yTrain, images.yTest], alongAxis: 0))
            }
            return SelectedData(description: "\(name), \(chosen.rawValue) set, \(x.shape[0]) images", features: x, featureNames: [],
                                targets: y, classNames: images.classNames)
        case "california-housing": return try rows(of: CaliforniaHousing.load(), split: split ?? .test, description: name)
        case "iris": return try rows(of: Iris.load(), split: split ?? .test, description: name)
        case "digits": return try rows(of: Digits.load(), split: split ?? .test, description: name)
        default: throw CommandError("unknown dataset '\(name)'; choose fashion-mnist, mnist, california-housing, iris or digits")
        }
    }

    private func rows(of table: TabularDataset, split: Split, description: String) throws -> SelectedData {
        let (x, y): ([[Double]], [Double])
        switch split {
        case .all: (x, y) = (table.features, table.target)
        case .train, .test:
            let parts = try TabularSplits.split(table, seed: seed)
            (x, y) = split == .test ? (parts.xTest, parts.yTest) : (parts.xTrain, parts.yTrain)
        }
        return SelectedData(description: "\(description), \(split.rawValue) rows, \(x.count) samples",
            features: try TabularSplits.tensor(x, columns: table.featureNames.count), featureNames: table.featureNames,
            targets: Tensor(y.map(Float.init)), classNames: table.targetNames)
    }

    /// One array per model input: the whole table or images for a single input, else the columns
    /// that `--input-columns` gives each input.
    func inputs(for model: Model, _ data: SelectedData) throws -> [Tensor] {
        let count = model.inputNames.count
        if inputColumns.isEmpty {
            guard count == 1 else {
                throw CommandError("the model has \(count) inputs (\(model.inputNames.joined(separator: ", "))); say which columns "
                    + "feed each with --input-columns, once per input (e.g. --input-columns 0-4 --input-columns 2-7)")
            }
            return [data.features]
        }
        guard inputColumns.count == count else {
            throw CommandError("the model has \(count) input(s) but --input-columns was given \(inputColumns.count) time(s)")
        }
        guard data.features.rank == 2 else { throw CommandError("--input-columns selects table columns; \(data.description) is not a table") }
        let width = data.features.shape[1]
        return try inputColumns.map { spec in
            try data.features.gather(alongAxis: 1, try parseColumns(spec, names: data.featureNames, width: width))
        }
    }

    private func parseColumns(_ spec: String, names: [String], width: Int) throws -> [Int] {
        try spec.split(separator: ",").flatMap { part -> [Int] in
            let item = part.trimmingCharacters(in: .whitespaces)
            if let index = names.firstIndex(where: { $0 == item || TabularDataset.shortName($0) == item.lowercased() }) { return [index] }
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            let range: ClosedRange<Int>? = switch bounds.count {
            case 1: bounds[0].map { $0...$0 }
            case 2: (bounds[0] != nil && bounds[1] != nil && bounds[0]! <= bounds[1]!) ? bounds[0]!...bounds[1]! : nil
            default: nil
            }
            guard let range, range.lowerBound >= 0, range.upperBound < width else {
                throw CommandError("--input-columns '\(spec)': '\(item)' is not a column name or a 0-based index or range below \(width)"
                    + (names.isEmpty ? "" : "; the columns are \(names.joined(separator: ", "))"))
            }
            return Array(range)
        }
    }
}
