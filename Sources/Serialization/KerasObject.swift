import Foundation

/// A Keras serialized object: `{"module", "class_name", "config", "registered_name"}`.
public struct KerasObject: Sendable, Equatable {
    public var module: String
    public var className: String
    public var config: [String: JSONValue]
    /// `"Package>ClassName"` for custom classes (Keras's `register_keras_serializable`); nil for built-in ones.
    public var registeredName: String?

    public init(module: String, className: String, config: [String: JSONValue], registeredName: String? = nil) {
        self.module = module
        self.className = className
        self.config = config
        self.registeredName = registeredName
    }

    public var json: JSONValue {
        .object([
            "module": registeredName == nil ? .string(module) : .null, "class_name": .string(className), "config": .object(config),
            "registered_name": registeredName.map { .string($0) } ?? .null,
        ])
    }

    /// Reads `{"class_name": …, "config": …}`; a bare string is a class name with an empty config.
    public init(json: JSONValue, expecting kind: String) throws {
        if let name = json.stringValue {
            self.init(module: "", className: name, config: [:])
            return
        }
        guard let className = json["class_name"]?.stringValue else {
            throw ConfigError.invalid("a \(kind) config needs a \"class_name\", got \(json.jsonString().prefix(200))")
        }
        self.init(
            module: json["module"]?.stringValue ?? "", className: className, config: json["config"]?.objectValue ?? [:],
            registeredName: json["registered_name"]?.stringValue)
    }
}
