import Foundation

/// A JSON value: the currency of Keras configs (`get_config()` dictionaries) and `.keras` files.
public enum JSONValue: Sendable, Equatable, Codable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByNilLiteral
{
    case null
    case bool(Bool)
    case number(Double)
    /// A number that must read back as a float (Keras checks `isinstance(x, float)`): written with a
    /// decimal point even when whole (`0.0`, not `0`).
    case real(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(Dictionary(elements, uniquingKeysWith: { $1 })) }
    public init(nilLiteral: ()) { self = .null }

    /// A float stored as Keras stores float32 values (their exact double value, e.g. 0.009999999776482582).
    public static func float(_ value: Float) -> JSONValue { .real(Double(value)) }
    public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }
    public static func shape(_ dimensions: [Int?]) -> JSONValue { .array(dimensions.map { $0.map { .number(Double($0)) } ?? .null }) }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value):
            if value.rounded() == value && Swift.abs(value) < 1e15 { try container.encode(Int(value)) } else { try container.encode(value) }
        case let .real(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case let .object(dictionary) = self { return dictionary[key] }
        return nil
    }

    public var stringValue: String? { if case let .string(value) = self { value } else { nil } }
    public var doubleValue: Double? {
        switch self {
        case let .number(value), let .real(value): value
        default: nil
        }
    }
    public var floatValue: Float? { doubleValue.map(Float.init) }
    public var intValue: Int? { doubleValue.flatMap { $0.rounded() == $0 && Swift.abs($0) < 1e15 ? Int($0) : nil } }
    public var boolValue: Bool? { if case let .bool(value) = self { value } else { nil } }
    public var arrayValue: [JSONValue]? { if case let .array(value) = self { value } else { nil } }
    public var objectValue: [String: JSONValue]? { if case let .object(value) = self { value } else { nil } }
    public var isNull: Bool { self == .null }

    /// Compact JSON with sorted keys; `.real` numbers keep a decimal point.
    public func jsonString() -> String {
        switch self {
        case .null: return "null"
        case let .bool(value): return value ? "true" : "false"
        case let .number(value):
            if value.rounded() == value && Swift.abs(value) < 1e15 { return String(Int(value)) }
            return value.isFinite ? "\(value)" : "null"
        case let .real(value):
            guard value.isFinite else { return "null" }
            if value.rounded() == value && Swift.abs(value) < 1e15 { return "\(Int(value)).0" }
            return "\(value)"
        case let .string(value): return Self.quoted(value)
        case let .array(values): return "[" + values.map { $0.jsonString() }.joined(separator: ", ") + "]"
        case let .object(members):
            return "{" + members.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ": " + $0.value.jsonString() }.joined(separator: ", ") + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
