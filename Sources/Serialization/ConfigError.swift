import Foundation

/// A config that cannot be turned back into an object.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    /// A class name NeuralKit does not implement.
    case unknownClass(kind: String, name: String, known: [String], hint: String? = nil)
    /// A value that is missing or of the wrong type.
    case invalid(String)
    /// An option NeuralKit does not implement (e.g. a Keras argument with a non-default value).
    case unsupported(String)

    public var description: String {
        switch self {
        case let .unknownClass(kind, name, known, hint):
            "unknown \(kind) '\(name)': NeuralKit does not implement it; it knows \(known.sorted().joined(separator: ", "))"
                + (hint.map { "; \($0)" } ?? "")
        case let .invalid(message), let .unsupported(message): message
        }
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// A required float, with a clear error naming the key and owner when it is missing.
    public func float(_ key: String, in owner: String, default value: Float? = nil) throws -> Float {
        if let number = self[key]?.floatValue { return number }
        if let value, self[key] == nil || self[key] == .null { return value }
        throw ConfigError.invalid("\(owner) config: \"\(key)\" must be a number")
    }

    public func int(_ key: String, in owner: String, default value: Int? = nil) throws -> Int {
        if let number = self[key]?.intValue { return number }
        if let value, self[key] == nil || self[key] == .null { return value }
        throw ConfigError.invalid("\(owner) config: \"\(key)\" must be a whole number")
    }

    public func bool(_ key: String, in owner: String, default value: Bool) throws -> Bool {
        if let flag = self[key]?.boolValue { return flag }
        if self[key] == nil || self[key] == .null { return value }
        throw ConfigError.invalid("\(owner) config: \"\(key)\" must be true or false")
    }
}
