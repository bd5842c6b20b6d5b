import Synchronization

/// A way to build one built-in class from its Keras config: its kind, the names a config may give
/// (the class name first, then short aliases such as `"mse"`), and the builder.
public struct KerasFactory: Sendable {
    public let kind: KerasKind
    public let names: [String]
    public let make: @Sendable (KerasObject) throws -> Any

    public init(kind: KerasKind, names: [String], make: @escaping @Sendable (KerasObject) throws -> Any) {
        self.kind = kind
        self.names = names
        self.make = make
    }

    /// The factory of a serializable type, under its Keras class name (the Swift name unless given)
    /// and `aliases`.
    public init<T: KerasSerializable>(_ type: T.Type, className: String? = nil, aliases: [String] = []) {
        self.init(kind: T.kerasKind, names: [className ?? String(describing: T.self)] + aliases) { try T(kerasConfig: $0.config) }
    }
}

/// The one registry of every class `.keras` configs can name: each module's list of built-ins, and the
/// classes of your own registered here (Keras's `register_keras_serializable` and `custom_objects`).
public enum CustomObjects {
    private static let registry = Mutex<[String: any KerasSerializable.Type]>([:])

    /// Keras's registered name of a type: `"\(kerasPackage)>\(class name)"`.
    public static func registeredName(of type: any KerasSerializable.Type) -> String {
        type.kerasRegisteredName ?? String(describing: type)
    }

    /// Makes a type loadable from every `.keras` file this process opens.
    public static func register(_ type: any KerasSerializable.Type) {
        registry.withLock { $0[registeredName(of: type)] = type }
    }

    /// The type registered under `registeredName` (or, for files that carry only a class name, the
    /// one type of that class name), among `extra` first and then the global registrations.
    public static func lookup(
        className: String, registeredName: String?, kind: KerasKind? = nil,
        extra: [any KerasSerializable.Type] = []
    ) -> (any KerasSerializable.Type)? {
        let known = registry.withLock { $0 }
        let candidates = (extra.map { (self.registeredName(of: $0), $0) } + known.map { ($0.key, $0.value) })
            .filter { kind == nil || $0.1.kerasKind == kind }
        if let registeredName, let match = candidates.first(where: { $0.0 == registeredName }) { return match.1 }
        let sameClass = candidates.filter { String(describing: $0.1) == className }
        return registeredName == nil && sameClass.count == 1 ? sameClass[0].1 : nil
    }

    /// The registered names known now, for error messages.
    public static func knownNames(kind: KerasKind? = nil, extra: [any KerasSerializable.Type] = []) -> [String] {
        (extra + registry.withLock { Array($0.values) }).filter { kind == nil || $0.kerasKind == kind }.map(registeredName(of:))
    }

    /// The object a Keras config names: a registered class of your own (by registered name, or by class
    /// name when the file gives none and one class has it) or a built-in of `builtIns`. An unknown name
    /// is an error that lists what is known and says how to register a class.
    public static func make(
        _ json: JSONValue, kind: KerasKind, builtIns: [KerasFactory],
        extra: [any KerasSerializable.Type] = []
    ) throws -> Any {
        let object = try KerasObject(json: json, expecting: kind.rawValue)
        return try make(object, kind: kind, builtIns: builtIns, extra: extra)
    }

    public static func make(
        _ object: KerasObject, kind: KerasKind, builtIns: [KerasFactory],
        extra: [any KerasSerializable.Type] = []
    ) throws -> Any {
        let builtIn = builtIns.first { $0.kind == kind && $0.names.contains(object.className) }
        if object.registeredName == nil, let builtIn { return try builtIn.make(object) }
        if let type = lookup(className: object.className, registeredName: object.registeredName, kind: kind, extra: extra) {
            return try type.init(kerasConfig: object.config)
        }
        if let builtIn { return try builtIn.make(object) }
        throw ConfigError.unknownClass(
            kind: kind.rawValue, name: object.registeredName ?? object.className,
            known: builtIns.filter { $0.kind == kind }.compactMap(\.names.first) + knownNames(kind: kind, extra: extra),
            hint: "a class of your own must conform to KerasSerializable and be registered with CustomObjects.register(_:) "
                + "or passed to Model.load(from:customObjects:)")
    }
}
