import Serialization

/// Reading and writing the options the confusion metrics share in Keras's configs.
enum ConfusionMetricConfig {
    /// `thresholds` as Keras writes it: null when not given, a number for one, else a list.
    static func json(_ thresholds: [Float]?) -> JSONValue {
        guard let thresholds else { return .null }
        return thresholds.count == 1 ? .float(thresholds[0]) : .array(thresholds.map { .float($0) })
    }

    /// `thresholds` from a config: null, a number or a list of numbers.
    static func thresholds(_ config: [String: JSONValue], key: String = "thresholds", owner: String) throws -> [Float]? {
        guard var value = config[key], value != .null else { return nil }
        if value["class_name"]?.stringValue == "__tensor__", let tensor = value["config"]?["value"] { value = tensor }
        if let number = value.floatValue { return [number] }
        guard let list = value.arrayValue, let numbers = Optional(list.compactMap(\.floatValue)), numbers.count == list.count else {
            throw ConfigError.invalid("\(owner) config: \"\(key)\" must be a number or a list of numbers")
        }
        return numbers
    }

    /// An optional whole number (`top_k`, `class_id`, `num_labels`, `ignore_class`).
    static func optionalInt(_ config: [String: JSONValue], _ key: String, owner: String) throws -> Int? {
        guard let value = config[key], value != .null else { return nil }
        guard let number = value.intValue else { throw ConfigError.invalid("\(owner) config: \"\(key)\" must be a whole number or null") }
        return number
    }

    /// A whole number or null, as JSON.
    static func json(_ value: Int?) -> JSONValue { value.map { .int($0) } ?? .null }

    /// The metric's name from a config, or its Keras default.
    static func name(_ config: [String: JSONValue], default name: String) -> String { config["name"]?.stringValue ?? name }
}
