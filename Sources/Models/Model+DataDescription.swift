import Serialization

/// What a model was trained on, kept with it so that new data is read the same way: the names of its
/// input columns (a table's header) and of its classes. `.keras` files carry it in `metadata.json`
/// under `"neuralkit"`, which Keras ignores when it opens the file.
public struct DataDescription: Sendable, Equatable {
    /// The table columns the model's input takes, in order (empty for images).
    public var featureNames: [String]
    /// The class of each output index, for a classifier (empty for a regressor).
    public var classNames: [String]
    /// The column the targets came from, if it had a name.
    public var targetName: String?

    public init(featureNames: [String] = [], classNames: [String] = [], targetName: String? = nil) {
        (self.featureNames, self.classNames, self.targetName) = (featureNames, classNames, targetName)
    }

    /// The JSON kept in `metadata.json`.
    var json: JSONValue {
        [
            "feature_names": .array(featureNames.map { .string($0) }), "class_names": .array(classNames.map { .string($0) }),
            "target_name": targetName.map { .string($0) } ?? .null,
        ]
    }

    /// Reads it back; nil when the file has none (a file from Keras, or from an older NeuralKit).
    init?(json: JSONValue?) {
        guard let json, let features = json["feature_names"]?.arrayValue, let classes = json["class_names"]?.arrayValue else { return nil }
        self.init(
            featureNames: features.compactMap(\.stringValue), classNames: classes.compactMap(\.stringValue),
            targetName: json["target_name"]?.stringValue)
    }

    /// The class index of each name in `names` (a data file's own class names), or an error naming a
    /// class the model does not know.
    public func classIndices(of names: [String]) throws -> [Int] {
        let index = Dictionary(classNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return try names.map { name in
            guard let position = index[name] else {
                throw ModelError.invalidData(
                    "the data has class '\(name)', which the model does not know; its classes are "
                        + classNames.joined(separator: ", "))
            }
            return position
        }
    }

    /// The position in `header` of each of the model's feature columns, or an error naming the missing ones.
    public func columnIndices(in header: [String]) throws -> [Int] {
        let missing = featureNames.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw ModelError.invalidData(
                "the data lacks the column(s) \(missing.joined(separator: ", ")) that the model was trained on; "
                    + "it needs \(featureNames.joined(separator: ", "))")
        }
        return featureNames.compactMap { header.firstIndex(of: $0) }
    }
}
