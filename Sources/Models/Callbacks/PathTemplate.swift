import Foundation

/// A file path with Python format fields, as Keras's `ModelCheckpoint` fills them:
/// `ckpt-{epoch:02d}-{val_loss:.2f}.keras`. A field is `{key}` or `{key:spec}` with a spec of
/// `[0][width][.precision][d|f|e|g]`; `{{` and `}}` are literal braces. A field without a spec prints
/// an integer as one and a float as Python prints it (shortest round-trip digits).
public struct PathTemplate: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        case field(key: String, zeroPad: Bool, width: Int, precision: Int?, kind: Character?)
    }

    public let template: String
    let parts: [Part]

    /// The keys the template names, in order of appearance.
    public var keys: [String] {
        parts.compactMap { if case let .field(key, _, _, _, _) = $0 { return key } else { return nil } }
    }

    /// Parses a template; a malformed field is an error that quotes it.
    public init(_ template: String) throws {
        self.template = template
        var parts: [Part] = []
        var text = ""
        var index = template.startIndex
        func fail(_ why: String) -> ModelError {
            .invalidArgument("the path template \(template) is malformed: \(why); write fields as {epoch:02d} or {val_loss:.2f}, and braces as {{ }}")
        }
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "}" {
                guard next < template.endIndex, template[next] == "}" else { throw fail("a lone }") }
                text.append("}")
                index = template.index(after: next)
                continue
            }
            guard character == "{" else {
                text.append(character)
                index = next
                continue
            }
            if next < template.endIndex, template[next] == "{" {
                text.append("{")
                index = template.index(after: next)
                continue
            }
            guard let close = template[next...].firstIndex(of: "}") else { throw fail("a { is never closed") }
            let body = template[next..<close]
            let pieces = body.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(pieces[0])
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { throw fail("the field {\(body)} has no key name") }
            if !text.isEmpty { parts.append(.text(text)) }
            text = ""
            parts.append(try Self.field(key: key, spec: pieces.count > 1 ? String(pieces[1]) : "", fail: fail))
            index = template.index(after: close)
        }
        if !text.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }

    private static func field(key: String, spec: String, fail: (String) -> ModelError) throws -> Part {
        var rest = Substring(spec)
        var kind: Character?
        if let last = rest.last, "dfeg".contains(last) {
            kind = last
            rest = rest.dropLast()
        }
        let zeroPad = rest.first == "0"
        let pieces = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let widthText = pieces.first, widthText.isEmpty || Int(widthText) != nil else { throw fail("the format :\(spec) of {\(key)} is not supported") }
        var precision: Int?
        if pieces.count > 1 {
            guard let value = Int(pieces[1]), value <= 20, kind != "d" else { throw fail("the precision in :\(spec) of {\(key)} is not supported") }
            precision = value
        }
        return .field(key: key, zeroPad: zeroPad, width: Int(widthText) ?? 0, precision: precision, kind: kind)
    }

    /// The path for these values; a key without a value is an error that lists the keys there are.
    public func render(_ values: [String: Double]) throws -> String {
        var result = ""
        for part in parts {
            switch part {
            case let .text(text): result += text
            case let .field(key, zeroPad, width, precision, kind):
                guard let value = values[key] else {
                    throw ModelError.invalidArgument(
                        "the path template \(template) names {\(key)}, which this training does not log; "
                            + "the keys are: \(values.keys.sorted().joined(separator: ", "))")
                }
                result += try Self.format(value, key: key, zeroPad: zeroPad, width: width, precision: precision, kind: kind, template: template)
            }
        }
        return result
    }

    private static func format(
        _ value: Double, key: String, zeroPad: Bool, width: Int, precision: Int?, kind: Character?, template: String
    ) throws -> String {
        let body: String
        switch kind {
        case "d":
            guard let int = Int(exactly: value) else {
                throw ModelError.invalidArgument("the path template \(template) formats {\(key)} as an integer (d), but it is \(value); use .2f")
            }
            body = String(Swift.abs(int))
        case "f": body = String(format: "%.\(precision ?? 6)f", Swift.abs(value))
        case "e": body = String(format: "%.\(precision ?? 6)e", Swift.abs(value))
        case "g": body = String(format: "%.\(precision ?? 6)g", Swift.abs(value))
        default:
            if let int = Int(exactly: value), Swift.abs(value) < 1e16, key == "epoch" || key == "batch" {
                body = String(Swift.abs(int))
            } else {
                body = "\(Swift.abs(value))"
            }
        }
        let sign = value < 0 || (value == 0 && value.sign == .minus && kind != "d") ? "-" : ""
        let padding = Swift.max(0, width - body.count - sign.count)
        return zeroPad ? sign + String(repeating: "0", count: padding) + body : String(repeating: " ", count: padding) + sign + body
    }
}
