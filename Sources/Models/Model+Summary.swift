import Foundation
import Layers
import Tensors

extension Model {
    /// Keras's summary table: each layer's name, type, output shape and parameter count, then totals
    /// (with a "Connected to" column for a functional model, as Keras prints it).
    public func summary() throws -> String { try summaryTable() }

    /// The rows of a chain of layers: each layer's output shape from the model's input shape.
    func chainSummaryRows() throws -> [(String, String, Int)] {
        guard var shape = builtInputShape ?? declaredInputShape else {
            return layers.map { ("\($0.name) (\($0.kerasClassName))", "?", $0.parameterCount) }
        }
        return try layers.map { layer in
            shape = try layer.outputShape(for: shape)
            return (
                "\(layer.name) (\(layer.kerasClassName))", "(None, " + shape.dimensions.map(String.init).joined(separator: ", ") + ")", layer.parameterCount
            )
        }
    }

    /// Keras's table of layers without connections: name (type), output shape, parameter count.
    func layerSummary(rows: [(String, String, Int)]) -> String {
        let widths = [31, 22, 13]
        func line(_ left: String, _ middle: String, _ right: String, _ fill: String) -> String {
            left + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: middle) + right
        }
        func cells(_ values: [String], border: String, rightAlignLast: Bool = true) -> String {
            border
                + values.enumerated().map { i, value in
                    let text = value.count > widths[i] ? String(value.prefix(widths[i] - 1)) + "…" : value
                    let pad = String(repeating: " ", count: widths[i] - text.count)
                    return " " + (i == 2 && rightAlignLast ? pad + text : text + pad) + " "
                }.joined(separator: border) + border
        }
        var out = [
            "Model: \"\(name)\"", line("┏", "┳", "┓", "━"), cells(["Layer (type)", "Output Shape", "Param #"], border: "┃"),
            line("┡", "╇", "┩", "━"),
        ]
        for (i, row) in rows.enumerated() {
            out.append(cells([row.0, row.1, Self.grouped(row.2)], border: "│"))
            out.append(i == rows.count - 1 ? line("└", "┴", "┘", "─") : line("├", "┼", "┤", "─"))
        }
        out += totals()
        return out.joined(separator: "\n") + "\n"
    }

    /// Keras's functional summary, with the "Connected to" column: every input and layer call.
    func functionalSummary(_ graph: FunctionalGraph) -> String {
        var rows: [[String]] = []
        var callIndex: [ObjectIdentifier: Int] = [:]
        func reference(_ tensor: SymbolicTensor) -> String {
            guard let layer = tensor.layer else { return "\(tensor.name)[0][0]" }
            return "\(layer.name)[\(callIndex[ObjectIdentifier(tensor)] ?? 0)][0]"
        }
        var calls: [ObjectIdentifier: Int] = [:]
        for node in graph.order {
            if let layer = node.layer {
                let index = calls[ObjectIdentifier(layer), default: 0]
                calls[ObjectIdentifier(layer)] = index + 1
                callIndex[ObjectIdentifier(node)] = index
                let parameters = index == 0 ? layer.parameterCount : 0
                rows.append([
                    "\(layer.name) (\(layer.kerasClassName))", node.kerasShape, Self.grouped(parameters),
                    node.inputs.map(reference).joined(separator: ", "),
                ])
            } else {
                rows.append(["\(node.name) (InputLayer)", node.kerasShape, "0", "-"])
            }
        }
        let widths = [25, 20, 9, 18]
        func line(_ left: String, _ middle: String, _ right: String, _ fill: String) -> String {
            left + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: middle) + right
        }
        func cells(_ values: [String], border: String) -> [String] {
            // A long "Connected to" list wraps onto extra lines, as Keras's table does.
            let wrapped = values.enumerated().map { i, value -> [String] in
                guard value.count > widths[i] else { return [value] }
                if i == 3 { return value.components(separatedBy: ", ").map { $0.count > widths[i] ? String($0.prefix(widths[i])) : $0 } }
                return [String(value.prefix(widths[i] - 1)) + "…"]
            }
            return (0..<(wrapped.map(\.count).max() ?? 1)).map { lineIndex in
                border
                    + wrapped.enumerated().map { i, parts in
                        let text = lineIndex < parts.count ? parts[lineIndex] : ""
                        let pad = String(repeating: " ", count: widths[i] - text.count)
                        return " " + (i == 2 ? pad + text : text + pad) + " "
                    }.joined(separator: border) + border
            }
        }
        var out = ["Model: \"\(name)\"", line("┏", "┳", "┓", "━")]
        out += cells(["Layer (type)", "Output Shape", "Param #", "Connected to"], border: "┃")
        out.append(line("┡", "╇", "┩", "━"))
        for (i, row) in rows.enumerated() {
            out += cells(row, border: "│")
            out.append(i == rows.count - 1 ? line("└", "┴", "┘", "─") : line("├", "┼", "┤", "─"))
        }
        out += totals()
        return out.joined(separator: "\n") + "\n"
    }

    /// Keras's footer: total, trainable and non-trainable parameter counts and sizes.
    func totals() -> [String] {
        let trainable = trainableWeights.reduce(0) { $0 + $1.shape.elementCount }
        let frozen = nonTrainableWeights.reduce(0) { $0 + $1.shape.elementCount }
        return [
            " Total params: \(Self.grouped(trainable + frozen)) (\(Self.bytes((trainable + frozen) * 4)))",
            " Trainable params: \(Self.grouped(trainable)) (\(Self.bytes(trainable * 4)))",
            " Non-trainable params: \(Self.grouped(frozen)) (\(Self.bytes(frozen * 4)))",
        ]
    }

    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var result = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    static func bytes(_ count: Int) -> String {
        let units = ["B", "KB", "MB", "GB"]
        var value = Double(count), unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.2f", value) + " " + units[unit]
    }
}
