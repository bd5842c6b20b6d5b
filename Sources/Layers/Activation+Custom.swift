import Serialization
import Synchronization
import Tensors

/// An activation function of your own, known by its registered name `"package>name"` (a Python function
/// decorated with `@keras.saving.register_keras_serializable(package=…)`). Built from tensor operations, it
/// gets its gradient from theirs.
public struct CustomActivation: Sendable, Hashable, CustomStringConvertible {
    /// Keras's registered name, `"package>name"`.
    public let registeredName: String
    let function: @Sendable (Tensor) throws -> Tensor

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.registeredName == rhs.registeredName }
    public func hash(into hasher: inout Hasher) { hasher.combine(registeredName) }
    public var description: String { registeredName }
}

extension Activation {
    private static let registry = Mutex<[String: CustomActivation]>([:])

    /// Registers a function of your own as an activation named `"package>name"`, so that layers can use it
    /// and `.keras` files that name it load (in this process and in Keras, where the same name is registered).
    @discardableResult
    public static func register(
        _ name: String, package: String = "Custom", _ function: @escaping @Sendable (Tensor) throws -> Tensor
    ) -> Activation {
        let custom = CustomActivation(registeredName: "\(package)>\(name)", function: function)
        registry.withLock { $0[custom.registeredName] = custom }
        return .custom(custom)
    }

    /// The registered activation of that registered name (or, when one only has that plain name, that one).
    static func registered(_ name: String) -> Activation? {
        let known = registry.withLock { $0 }
        if let match = known[name] { return .custom(match) }
        let sameName = known.values.filter { $0.registeredName.split(separator: ">").last.map(String.init) == name }
        return sameName.count == 1 ? .custom(sameName[0]) : nil
    }

    /// Keras's form of a registered function: `{"class_name": "function", "config": "package>name"}`.
    static func functionJSON(_ registeredName: String) -> JSONValue {
        ["module": "builtins", "class_name": "function", "config": .string(registeredName), "registered_name": "function"]
    }

    /// The error for a name that is neither built in nor registered.
    static func unknown(_ name: String) -> ConfigError {
        let plain = name.split(separator: ">").last.map(String.init) ?? name
        let package = name.contains(">") ? String(name.split(separator: ">")[0]) : "Custom"
        return ConfigError.unknownClass(
            kind: "activation", name: name, known: allNamed.map(\.kerasName) + registry.withLock { Array($0.keys).sorted() },
            hint: "a function of your own must be registered before loading: Activation.register(\"\(plain)\", package: \"\(package)\") { x in … }")
    }
}
