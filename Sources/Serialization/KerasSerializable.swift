/// The kinds of objects Keras serializes, each looked up among its own kind.
public enum KerasKind: String, Sendable, CaseIterable {
    case layer, loss, metric, optimizer, initializer, regularizer, constraint, activation
    case learningRateSchedule = "learning rate schedule"
}

/// Anything Keras writes as `{"module", "class_name", "config"}`: a layer, a model, a loss, a metric,
/// an optimizer, a schedule, an initializer, a regularizer. The one way NeuralKit writes configs.
public protocol KerasConfigurable {
    /// Keras's class name: `"Dense"`, `"Adam"`, `"GlorotUniform"`.
    var kerasClassName: String { get }
    /// Keras's module: `"keras.layers"`, `"keras.optimizers"`.
    var kerasModule: String { get }
    /// Keras's `get_config()`: the options that rebuild the object.
    func kerasConfig() throws -> [String: JSONValue]
}

/// A configurable type that can also be rebuilt from its config (Keras's `from_config`), found by its
/// class name in ``CustomObjects``. NeuralKit's built-ins conform; so does a class of your own, as a
/// Python class decorated with `@keras.saving.register_keras_serializable(package=…)`: register it with
/// ``CustomObjects/register(_:)`` (or pass it to `Model.load(from:customObjects:)`), and `.keras` files
/// name it `"Package>ClassName"`.
public protocol KerasSerializable: KerasConfigurable, SendableMetatype {
    /// Which kind of object this is (a model is a layer, as in Keras).
    static var kerasKind: KerasKind { get }
    /// The package half of a custom class's registered name `"Package>ClassName"`; Keras's default is
    /// "Custom".
    static var kerasPackage: String { get }
    /// Keras's `registered_name`: `"Package>ClassName"` for a class of your own, nil for a built-in.
    static var kerasRegisteredName: String? { get }
    /// Rebuilds the object from its config: the keys `kerasConfig()` wrote (a layer's also carry `name`,
    /// `trainable`, `dtype`).
    init(kerasConfig config: [String: JSONValue]) throws
}

extension KerasSerializable {
    public static var kerasPackage: String { "Custom" }
    public static var kerasRegisteredName: String? { "\(kerasPackage)>\(String(describing: Self.self))" }
}

/// Marks NeuralKit's own serializable types: Keras knows them by class name alone.
public protocol KerasBuiltIn: KerasSerializable {}

extension KerasBuiltIn {
    public static var kerasRegisteredName: String? { nil }
}

extension KerasConfigurable {
    /// Keras's serialized form: module, class name, config, and the registered name of a custom class.
    public func kerasObject() throws -> KerasObject {
        let registered = (type(of: self) as? any KerasSerializable.Type)?.kerasRegisteredName
        return KerasObject(module: kerasModule, className: kerasClassName, config: try kerasConfig(), registeredName: registered)
    }

    /// ``kerasObject()`` as JSON.
    public func kerasJSON() throws -> JSONValue { try kerasObject().json }
}
