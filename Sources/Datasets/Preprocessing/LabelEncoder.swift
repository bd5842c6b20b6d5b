/// Numbers labels 0..<classes.count in sorted order, as scikit-learn's `LabelEncoder`.
public struct LabelEncoder<Label: Hashable & Comparable & Sendable>: Sendable {
    public private(set) var classes: [Label]

    public init(fitting labels: [Label]) throws {
        guard !labels.isEmpty else { throw DatasetError.invalidArgument("LabelEncoder: no labels to learn from") }
        classes = Array(Set(labels)).sorted()
    }

    public func transform(_ labels: [Label]) throws -> [Int] {
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        return try labels.map { label in
            guard let i = index[label] else {
                throw DatasetError.invalidArgument("LabelEncoder: '\(label)' was not seen in fitting; known labels: \(classes)")
            }
            return i
        }
    }

    public func inverseTransform(_ codes: [Int]) throws -> [Label] {
        try codes.map { code in
            guard classes.indices.contains(code) else {
                throw DatasetError.invalidArgument("LabelEncoder: code \(code) is outside 0..<\(classes.count)")
            }
            return classes[code]
        }
    }
}

/// Turns a categorical column into one indicator column per category, as scikit-learn's `OneHotEncoder`
/// on one feature (categories sorted; an unseen category is an error).
public struct OneHotEncoder<Category: Hashable & Comparable & Sendable>: Sendable {
    public private(set) var categories: [Category]

    public init(fitting values: [Category]) throws {
        guard !values.isEmpty else { throw DatasetError.invalidArgument("OneHotEncoder: no values to learn from") }
        categories = Array(Set(values)).sorted()
    }

    public func transform(_ values: [Category]) throws -> [[Double]] {
        let codes = try LabelEncoder(fitting: categories).transform(values)
        return codes.map { code in (0..<categories.count).map { $0 == code ? 1 : 0 } }
    }

    public func inverseTransform(_ rows: [[Double]]) throws -> [Category] {
        try rows.map { row in
            guard row.count == categories.count, let hot = row.indices.max(by: { row[$0] < row[$1] }) else {
                throw DatasetError.invalidArgument("OneHotEncoder: rows need \(categories.count) columns")
            }
            return categories[hot]
        }
    }
}
