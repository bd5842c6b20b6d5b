import Synchronization
import Tensors

/// A layer or model class of your own that `.keras` files can name, as a Python class decorated with
/// `@keras.saving.register_keras_serializable(package=…)`: `config()` writes its options (Keras's
/// `get_config`) and `init(kerasConfig:)` rebuilds it from them (`from_config`). Register the type with
/// ``CustomObjects/register(_:)`` or pass it to `Model.load(from:customObjects:)`.
///
/// A Keras user who defines the same class in Python, registered under the same package and with the
/// same attribute names (Swift's `mainOutput` is Python's `main_output`), opens the file in Keras too.
public protocol KerasSerializable: Layer {
    /// The package half of the registered name `"Package>ClassName"`; Keras's default is "Custom".
    static var kerasPackage: String { get }
    /// Rebuilds the object from its config: the keys `config()` wrote, plus `name`, `trainable`, `dtype`.
    init(kerasConfig config: [String: JSONValue]) throws
}

extension KerasSerializable {
    public static var kerasPackage: String { "Custom" }
}

/// The custom classes that `.keras` loading can rebuild, by Keras's registered name (`"Package>Class"`).
public enum CustomObjects {
    private static let registry = Mutex<[String: any KerasSerializable.Type]>([:])

    /// Keras's registered name of a type: `"\(kerasPackage)>\(class name)"`.
    public static func registeredName(of type: any KerasSerializable.Type) -> String {
        "\(type.kerasPackage)>\(String(describing: type))"
    }

    /// Makes a type loadable from every `.keras` file this process opens.
    public static func register(_ type: any KerasSerializable.Type) {
        registry.withLock { $0[registeredName(of: type)] = type }
    }

    /// The type registered under `registeredName` (or, for files that carry only a class name, the
    /// one type of that class name), among `extra` first and then the global registrations.
    public static func lookup(className: String, registeredName: String?, extra: [any KerasSerializable.Type] = [])
        -> (any KerasSerializable.Type)? {
        let known = registry.withLock { $0 }
        let candidates = extra.map { (self.registeredName(of: $0), $0) } + known.map { ($0.key, $0.value) }
        if let registeredName, let match = candidates.first(where: { $0.0 == registeredName }) { return match.1 }
        let sameClass = candidates.filter { String(describing: $0.1) == className }
        return registeredName == nil && sameClass.count == 1 ? sameClass[0].1 : nil
    }

    /// The object a Keras config names, made by its `init(kerasConfig:)` and given the config's name;
    /// nil when no known type has that name.
    public static func make(_ object: KerasObject, extra: [any KerasSerializable.Type] = []) throws -> Layer? {
        guard let type = lookup(className: object.className, registeredName: object.registeredName, extra: extra) else { return nil }
        let made = try type.init(kerasConfig: object.config)
        if let name = object.config["name"]?.stringValue { made.name = name }
        return made
    }

    /// The registered names known now, for error messages.
    public static func knownNames(extra: [any KerasSerializable.Type] = []) -> [String] {
        extra.map(registeredName(of:)) + registry.withLock { Array($0.keys) }
    }
}
