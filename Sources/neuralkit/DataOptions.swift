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

/// `--dataset`/`--csv`, `--split` and `--input-columns`: the data that `evaluate` and `predict` use.
struct DataOptions: ParsableArguments {
    @Option(help: "A dataset: \(DatasetCatalogue.names.joined(separator: ", ")).")
    var dataset: String?

    @Option(help: "A CSV file with a header row and numeric feature columns, or - for standard input.")
    var csv: String?

    @Option(help: "The CSV column that holds the targets (needed to evaluate; predict leaves it out of the features).")
    var target: String?

    @Option(
        help: """
            Which rows: test (the default for datasets: the rows `neuralkit train` held out, for the same --seed), \
            train, or all (the default for --csv).
            """)
    var split: Split?

    @Option(
        name: .customLong("input-columns"),
        help: ArgumentHelp(
            """
            For a model with several inputs: the table columns of each input, in order, as 0-based indices, \
            inclusive ranges or column names, e.g. --input-columns 0-4 --input-columns 2-7 for the chapter's Wide & Deep model.
            """, valueName: "columns"))
    var inputColumns: [String] = []

    @Option(
        help: ArgumentHelp(
            """
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
    /// `description` is what the model was trained on: a CSV's columns are then taken by name, in the
    /// model's order, and its class labels numbered as the model numbers them.
    func load(needTargets: Bool, description: DataDescription? = nil) throws -> SelectedData {
        var data = try loadUnscaled(needTargets: needTargets, description: description)
        if let classes = description?.classNames, !classes.isEmpty { data = try renumbered(data, toClasses: classes) }
        if let factor = try scaleFactor() { data.features = data.features * factor }
        return data
    }

    /// `--scale` as a number: `0.5`, `1/255`.
    func scaleFactor() throws -> Float? {
        guard let scale else { return nil }
        let parts = scale.split(separator: "/").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        let value: Float? =
            switch parts.count {
            case 1: parts[0]
            case 2: parts[0].flatMap { numerator in parts[1].flatMap { $0 == 0 ? nil : numerator / $0 } }
            default: nil
            }
        guard let value, value.isFinite else { throw CommandError("--scale '\(scale)' is not a number or a fraction like 1/255") }
        return value
    }

    private func loadUnscaled(needTargets: Bool, description: DataDescription?) throws -> SelectedData {
        let columns = description.flatMap { $0.featureNames.isEmpty || !inputColumns.isEmpty ? nil : $0.featureNames }
        if let csv {
            let name = csv == "-" ? "standard input" : csv
            guard let text = String(data: try Console.readData(csv), encoding: .utf8) else {
                throw CommandError("\(name) is not UTF-8 text; save it as UTF-8 CSV")
            }
            let file = try CSVFile(text: text, name: name)
            if let target {
                let table = try file.dataset(target: target, features: columns, name: name)
                return try rows(of: table, split: split ?? .all, description: name)
            }
            if needTargets { throw CommandError("--csv needs --target COLUMN, the column with the true values") }
            if let split, split != .all { throw CommandError("--split \(split.rawValue) needs --target: splits follow the targets' classes") }
            let matrix = try file.featureMatrix(only: columns, name: name)
            return SelectedData(
                description: "\(name), \(matrix.rows.count) rows",
                features: try Tensor(rows: matrix.rows, columns: matrix.names.count), featureNames: matrix.names,
                targets: nil, classNames: [])
        }
        guard let name = dataset else { throw CommandError("give the data: --dataset NAME or --csv FILE") }
        let entry: CatalogueEntry
        do { entry = try DatasetCatalogue.entry(named: name) } catch { throw CommandError("--dataset: \(error)") }
        let splits = try entry.load(loader: DatasetLoader(cacheDirectory: dataDir), seed: seed)
        let chosen = split ?? .test
        // The training rows as `neuralkit train` saw them: for images, the whole training file (its
        // first 5,000 images are the validation set).
        let trainX =
            entry.isImages ? try splits.validation.map { try Tensor.concatenate([$0.x, splits.xTrain], alongAxis: 0) } ?? splits.xTrain : splits.xTrain
        let trainY =
            entry.isImages ? try splits.validation.map { try Tensor.concatenate([$0.y, splits.yTrain], alongAxis: 0) } ?? splits.yTrain : splits.yTrain
        let (x, y): (Tensor, Tensor) =
            switch chosen {
            case .test: (splits.xTest, splits.yTest)
            case .train: (trainX, trainY)
            case .all: (try Tensor.concatenate([trainX, splits.xTest], alongAxis: 0), try Tensor.concatenate([trainY, splits.yTest], alongAxis: 0))
            }
        let unit = entry.isImages ? "images" : "samples"
        return SelectedData(
            description: "\(name), \(chosen.rawValue) \(entry.isImages ? "set" : "rows"), \(x.shape[0]) \(unit)", features: x,
            featureNames: splits.featureNames, targets: y, classNames: splits.classNames)
    }

    private func rows(of table: TabularDataset, split: Split, description: String) throws -> SelectedData {
        let (x, y): (Tensor, Tensor)
        switch split {
        case .all:
            (x, y) = (try Tensor(rows: table.features, columns: table.featureNames.count), Tensor(table.target.map(Float.init)))
        case .train, .test:
            let parts = try DatasetSplits(table: table, seed: seed)
            (x, y) = split == .test ? (parts.xTest, parts.yTest) : (parts.xTrain, parts.yTrain)
        }
        return SelectedData(
            description: "\(description), \(split.rawValue) rows, \(x.shape[0]) samples", features: x,
            featureNames: table.featureNames, targets: y, classNames: table.targetNames)
    }

    /// The targets numbered as the model numbers its classes, by name: a file that lacks a class, or lists
    /// them in another order, is read right; a class the model does not know is an error.
    private func renumbered(_ data: SelectedData, toClasses classes: [String]) throws -> SelectedData {
        guard let targets = data.targets else { return data }
        let names: [String] = try targets.scalars.map { value in
            if !data.classNames.isEmpty {
                guard value >= 0, Int(value) < data.classNames.count else { throw CommandError("class label \(value) has no name in \(data.description)") }
                return data.classNames[Int(value)]
            }
            return value.rounded() == value ? String(Int(value)) : String(value)
        }
        var result = data
        do { result.targets = Tensor(try DataDescription(classNames: classes).classIndices(of: names).map(Float.init)) } catch {
            throw CommandError("\(data.description): \(error)")
        }
        result.classNames = classes
        return result
    }

    /// One array per model input: the whole table or images for a single input, else the columns
    /// that `--input-columns` gives each input.
    func inputs(for model: Model, _ data: SelectedData) throws -> [Tensor] {
        let count = model.inputNames.count
        if inputColumns.isEmpty {
            guard count == 1 else {
                throw CommandError(
                    "the model has \(count) inputs (\(model.inputNames.joined(separator: ", "))); say which columns "
                        + "feed each with --input-columns, once per input (e.g. --input-columns 0-4 --input-columns 2-7)")
            }
            return [try fitted(data, to: model)]
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

    /// The samples in the shape the model takes: rows of 784 columns become 28×28 images when the
    /// model wants those; a count that does not fit says how many columns the model needs.
    private func fitted(_ data: SelectedData, to model: Model) throws -> Tensor {
        guard let wanted = model.builtInputShape ?? model.declaredInputShape else { return data.features }
        let have = Shape(Array(data.features.shape.dimensions.dropFirst()))
        if have == wanted { return data.features }
        if have.elementCount == wanted.elementCount {
            return try data.features.reshaped(to: Shape([data.count] + wanted.dimensions))
        }
        let extra = have.elementCount - wanted.elementCount
        let hint = extra == 1 && target == nil && csv != nil ? "; if one column is the target, name it with --target COLUMN" : ""
        throw CommandError(
            "the model takes samples of shape \(wanted) (\(wanted.elementCount) values each), but \(data.description) "
                + "has \(have.elementCount) columns\(hint)")
    }

    private func parseColumns(_ spec: String, names: [String], width: Int) throws -> [Int] {
        try spec.split(separator: ",").flatMap { part -> [Int] in
            let item = part.trimmingCharacters(in: .whitespaces)
            if let index = names.firstIndex(where: { $0 == item || TabularDataset.shortName($0) == item.lowercased() }) { return [index] }
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            let range: ClosedRange<Int>? =
                switch bounds.count {
                case 1: bounds[0].map { $0...$0 }
                case 2: bounds[0].flatMap { low in bounds[1].flatMap { high in low <= high ? low...high : nil } }
                default: nil
                }
            guard let range, range.lowerBound >= 0, range.upperBound < width else {
                throw CommandError(
                    "--input-columns '\(spec)': '\(item)' is not a column name or a 0-based index or range below \(width)"
                        + (names.isEmpty ? "" : "; the columns are \(names.joined(separator: ", "))"))
            }
            return Array(range)
        }
    }
}
