import Foundation

/// A table of numeric features with one target column, like the `Bunch` scikit-learn's loaders return.
public struct TabularDataset: Sendable, Equatable {
    public var name: String
    /// One row per sample.
    public var features: [[Double]]
    public var featureNames: [String]
    /// The target of each sample: a class index for classification, a value for regression.
    public var target: [Double]
    /// The name of each class, indexed by its label; empty for regression.
    public var targetNames: [String]

    public init(name: String, features: [[Double]], featureNames: [String], target: [Double], targetNames: [String] = []) throws {
        guard features.count == target.count else {
            throw DatasetError.invalidArgument("\(name): \(features.count) rows of features but \(target.count) targets")
        }
        if let bad = features.firstIndex(where: { $0.count != featureNames.count }) {
            throw DatasetError.invalidArgument("\(name): row \(bad) has \(features[bad].count) features but there are \(featureNames.count) feature names")
        }
        self.name = name
        self.features = features
        self.featureNames = featureNames
        self.target = target
        self.targetNames = targetNames
    }

    /// The targets as class labels (for classification datasets).
    public var labels: [Int] { target.map { Int($0) } }

    /// The column index of a feature, matching scikit-learn's name (`petal length (cm)`) or its short
    /// form (`petal_length`), case-insensitively.
    public func featureIndex(_ name: String) throws -> Int {
        let wanted = Self.normalized(name)
        if let index = featureNames.firstIndex(where: { Self.normalized($0) == wanted }) { return index }
        throw DatasetError.invalidArgument(
            "\(self.name) has no feature '\(name)'; its features are "
                + featureNames.map { Self.shortName($0) }.joined(separator: ", "))
    }

    /// The same samples with only the named features, in the order given.
    public func selectingFeatures(_ names: [String]) throws -> TabularDataset {
        let indices = try names.map(featureIndex)
        return try TabularDataset(
            name: name, features: features.map { row in indices.map { row[$0] } },
            featureNames: indices.map { featureNames[$0] }, target: target, targetNames: targetNames)
    }

    /// The label of a class given by name (or by its number).
    public func classIndex(_ name: String) throws -> Int {
        if let index = targetNames.firstIndex(where: { $0.lowercased() == name.lowercased() }) { return index }
        if let number = Int(name), Set(labels).contains(number) { return number }
        throw DatasetError.invalidArgument(
            "\(self.name) has no class '\(name)'; its classes are "
                + (targetNames.isEmpty ? Set(labels).sorted().map(String.init) : targetNames).joined(separator: ", "))
    }

    /// `petal length (cm)` → `petal_length`.
    public static func shortName(_ name: String) -> String {
        var base = name
        if let paren = base.firstIndex(of: "(") { base = String(base[..<paren]) }
        return base.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
    }

    private static func normalized(_ name: String) -> String { shortName(name) }
}
