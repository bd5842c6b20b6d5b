import ArgumentParser
import Foundation
import Layers
import Models

struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Quantize a model's Dense layers to int8, as Keras 3's model.quantize(\"int8\"), and save it as .keras.",
        discussion: """
            Each Dense kernel becomes int8 with one scale per unit; predictions quantize their inputs row by row and
            multiply in exact integers. The file is in Keras 3's int8 layout, so Keras opens it too.
            Example: neuralkit quantize fashion.keras --output fashion-int8.keras
            """
    )

    @Argument(help: "The .keras model to quantize (made by NeuralKit or by Keras 3).")
    var file: String

    @Option(help: "Where to write the quantized model (.keras); the original is left as it is.")
    var output: String

    @Option(help: "The quantization mode: int8 (the only one implemented).")
    var mode: String = "int8"

    func validate() throws {
        guard QuantizationMode(rawValue: mode) != nil else { throw ValidationError("--mode: '\(mode)' is not implemented; use int8") }
        guard output.hasSuffix(".keras") else { throw ValidationError("--output: '\(output)' must end in .keras") }
        try FlagChecks.outputFile(output, flag: "--output", what: "the quantized model")
    }

    func run() throws {
        let model = try loadModel(file)
        do {
            try model.quantize(QuantizationMode(rawValue: mode) ?? .int8)
            try model.save(to: output)
        } catch { throw CommandError("\(error)") }
        let count = model.layers.compactMap { $0 as? Dense }.filter { $0.quantizationMode != nil }.count
        let before = fileSize(file), after = fileSize(output)
        print("Quantized \(count) Dense layer(s) to \(mode): \(output) (\(before / 1024) KB → \(after / 1024) KB)")
    }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }
}
