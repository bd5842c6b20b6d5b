/// One hyperparameter value: an integer, a float, a string or a boolean, as Keras Tuner's values are.
public enum HyperValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case int(Int)
    case float(Double)
    case string(String)
    case bool(Bool)

    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .float(let value): String(value)
        case .string(let value): value
        case .bool(let value): value ? "True" : "False"
        }
    }

    /// The value as a number (booleans as 0 or 1), or nil for a string.
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .float(let value): value
        case .bool(let value): value ? 1 : 0
        case .string: nil
        }
    }

    /// The name of the value's type, as Keras Tuner's configs and the study's table write it.
    public var typeName: String {
        switch self {
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .bool: "bool"
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .float(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .float(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }
}

/// A Swift type that a `choice` or `fixed` hyperparameter can hold: `Int`, `Double`, `Float`, `String`, `Bool`.
public protocol HyperValueConvertible: Sendable {
    var hyperValue: HyperValue { get }
    init?(hyperValue: HyperValue)
}

extension Int: HyperValueConvertible {
    public var hyperValue: HyperValue { .int(self) }
    public init?(hyperValue: HyperValue) {
        guard case .int(let value) = hyperValue else { return nil }
        self = value
    }
}

extension Double: HyperValueConvertible {
    public var hyperValue: HyperValue { .float(self) }
    public init?(hyperValue: HyperValue) {
        switch hyperValue {
        case .float(let value): self = value
        case .int(let value): self = Double(value)
        default: return nil
        }
    }
}

extension Float: HyperValueConvertible {
    public var hyperValue: HyperValue { .float(Double(self)) }
    public init?(hyperValue: HyperValue) {
        guard let value = Double(hyperValue: hyperValue) else { return nil }
        self = Float(value)
    }
}

extension String: HyperValueConvertible {
    public var hyperValue: HyperValue { .string(self) }
    public init?(hyperValue: HyperValue) {
        guard case .string(let value) = hyperValue else { return nil }
        self = value
    }
}

extension Bool: HyperValueConvertible {
    public var hyperValue: HyperValue { .bool(self) }
    public init?(hyperValue: HyperValue) {
        guard case .bool(let value) = hyperValue else { return nil }
        self = value
    }
}
