import Foundation
import Tensors

/// What a data set asks a network to do.
public enum DatasetTask: String, Sendable, CaseIterable {
    case classification, regression
}

/// A data set split as the chapter splits it, unscaled (the chapter's models carry their own scaling):
/// training rows, an optional validation set, held-out test rows.
public struct DatasetSplits {
    public var name: String
    public var task: DatasetTask
    /// `[samples, 28, 28]` images or `[samples, columns]` tables.
    public var xTrain: Tensor, yTrain: Tensor
    public var validation: (x: Tensor, y: Tensor)?
    public var xTest: Tensor, yTest: Tensor
    /// Column names of a table (empty for images); class names of a classification (empty for regression).
    public var featureNames: [String]
    public var classNames: [String]

    /// The shape of one sample.
    public var featureShape: Shape { Shape(Array(xTrain.shape.dimensions.dropFirst())) }
    /// The number of classes (1 for regression: one output).
    public var outputWidth: Int { task == .classification ? classNames.count : 1 }

    /// A table split as `neuralkit train` splits it, so that `evaluate --split test` finds the same rows:
    /// with `bookSplits`, the book's (scikit-learn's `train_test_split` with random_state 42, twice: test,
    /// then validation, as the chapter splits California housing), else a seeded 75/25 split, stratified
    /// by class.
    public init(table: TabularDataset, seed: UInt64, task: DatasetTask? = nil, bookSplits: Bool = false) throws {
        let task = task ?? (table.targetNames.isEmpty ? .regression : .classification)
        guard table.features.count >= 2 else {
            throw DatasetError.invalidArgument("\(table.name) has \(table.features.count) row(s); training needs at least 2 (one to train on, one to test)")
        }
        if task == .classification {
            let classes = Set(table.labels).count
            guard classes >= 2 else {
                throw DatasetError.invalidArgument(
                    "\(table.name): every target is the same class (\(table.targetNames.first ?? "\(table.labels.first ?? 0)")); "
                        + "a classifier needs at least two classes")
            }
        }
        let columns = table.featureNames.count
        if bookSplits {
            let outer = try trainTestSplit(table.features, table.target, scikitLearnRandomState: 42)
            let inner = try trainTestSplit(outer.xTrain, outer.yTrain, scikitLearnRandomState: 42)
            self.validation = (try Tensor(rows: inner.xTest, columns: columns), Tensor(inner.yTest.map(Float.init)))
            (xTrain, yTrain) = (try Tensor(rows: inner.xTrain, columns: columns), Tensor(inner.yTrain.map(Float.init)))
            (xTest, yTest) = (try Tensor(rows: outer.xTest, columns: columns), Tensor(outer.yTest.map(Float.init)))
        } else {
            let split = try trainTestSplit(
                table.features, table.target, testFraction: 0.25, seed: seed,
                stratify: task == .classification ? table.labels : nil)
            self.validation = nil
            (xTrain, yTrain) = (try Tensor(rows: split.xTrain, columns: columns), Tensor(split.yTrain.map(Float.init)))
            (xTest, yTest) = (try Tensor(rows: split.xTest, columns: columns), Tensor(split.yTest.map(Float.init)))
        }
        self.name = table.name
        self.task = task
        self.featureNames = table.featureNames
        self.classNames =
            task == .classification
            ? (table.targetNames.isEmpty ? Set(table.labels).sorted().map(String.init) : table.targetNames) : []
    }

    /// Images as the chapter splits them: the first 5,000 training images for validation.
    public init(images: ImageDataset, name: String) throws {
        let count = images.xTrain.shape[0]
        guard count > 5_000 else {
            throw DatasetError.corrupt(
                "\(name) has \(count) training images; the chapter holds out the first 5,000 for validation, "
                    + "so it needs more (is the file truncated?)")
        }
        self.name = name
        task = .classification
        (xTrain, yTrain) = (try images.xTrain.slice(5_000..<count), try images.yTrain.slice(5_000..<count))
        validation = (try images.xTrain.slice(0..<5_000), try images.yTrain.slice(0..<5_000))
        (xTest, yTest) = (images.xTest, images.yTest)
        featureNames = []
        classNames = images.classNames
    }
}

/// One data set NeuralKit knows by name: what it is, its task and shapes, and how to load and split it
/// as the chapter does.
public struct CatalogueEntry: Sendable {
    public let name: String
    public let summary: String
    public let task: DatasetTask
    /// The shape of one sample: `[28, 28]` for images, `[columns]` for tables.
    public let featureShape: Shape
    public let classNames: [String]
    /// Whether the samples are images (scaled by 1/255 in the chapter's models) or table rows
    /// (standardized by a Normalization layer).
    public let isImages: Bool
    private let loader: @Sendable (DatasetLoader, UInt64) throws -> DatasetSplits

    /// The data set split as the chapter splits it, from `loader` (images) and `seed` (table splits).
    public func load(loader: DatasetLoader = DatasetLoader(), seed: UInt64 = 42) throws -> DatasetSplits { try self.loader(loader, seed) }

    init(
        _ name: String, _ summary: String, _ task: DatasetTask, _ shape: Shape, classNames: [String], isImages: Bool,
        loader: @escaping @Sendable (DatasetLoader, UInt64) throws -> DatasetSplits
    ) {
        (self.name, self.summary, self.task, self.featureShape, self.classNames, self.isImages) = (name, summary, task, shape, classNames, isImages)
        self.loader = loader
    }
}

/// The data sets that `neuralkit` and the examples know by name.
public enum DatasetCatalogue {
    public static let entries: [CatalogueEntry] = [
        CatalogueEntry(
            "fashion-mnist", "Zalando's clothing images, 28×28, 10 classes (the chapter's)", .classification, [28, 28],
            classNames: FashionMNIST.classNames, isImages: true
        ) { loader, _ in
            try DatasetSplits(images: try FashionMNIST.load(loader: loader), name: "fashion-mnist")
        },
        CatalogueEntry(
            "mnist", "handwritten digits, 28×28, 10 classes", .classification, [28, 28],
            classNames: (0...9).map(String.init), isImages: true
        ) { loader, _ in
            try DatasetSplits(images: try MNIST.load(loader: loader), name: "mnist")
        },
        CatalogueEntry(
            "california-housing", "districts' median house values, 8 features (the chapter's regression)", .regression, [8],
            classNames: [], isImages: false
        ) { _, seed in try DatasetSplits(table: try CaliforniaHousing.load(), seed: seed, bookSplits: true) },
        CatalogueEntry(
            "iris", "Fisher's iris flowers, 4 features, 3 species", .classification, [4],
            classNames: Iris.classNames, isImages: false
        ) { _, seed in try DatasetSplits(table: try Iris.load(), seed: seed) },
        CatalogueEntry(
            "digits", "scikit-learn's 8×8 digits, 64 features, 10 classes", .classification, [64],
            classNames: (0...9).map(String.init), isImages: false
        ) { _, seed in try DatasetSplits(table: try Digits.load(), seed: seed) },
    ]

    /// The names, in catalogue order.
    public static var names: [String] { entries.map(\.name) }

    /// A data set by name; an unknown name is an error that lists the known ones.
    public static func entry(named name: String) throws -> CatalogueEntry {
        guard let entry = entries.first(where: { $0.name == name.lowercased() }) else {
            throw DatasetError.invalidArgument("unknown dataset '\(name)'; choose \(names.joined(separator: ", "))")
        }
        return entry
    }
}

extension Tensor {
    /// A `[rows, columns]` float tensor from rows of doubles (a table's features), checking every row's width.
    public convenience init(rows: [[Double]], columns: Int) throws {
        if let bad = rows.firstIndex(where: { $0.count != columns }) {
            throw DatasetError.invalidArgument("row \(bad) has \(rows[bad].count) values where \(columns) columns were expected")
        }
        try self.init(rows.flatMap { $0.map(Float.init) }, shape: [rows.count, columns])
    }
}
