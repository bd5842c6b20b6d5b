import Foundation
import TestSupport
import Testing

/// `neuralkit quantize`: an int8 copy of a saved model that `evaluate` reads, and clear errors for bad input.
@Suite struct QuantizeCommandTests {
    @Test func quantizesASavedModelThatEvaluatesAsBefore() throws {
        let model = temporaryPath("iris.keras"), small = temporaryPath("iris-int8.keras")
        defer {
            try? FileManager.default.removeItem(atPath: model)
            try? FileManager.default.removeItem(atPath: small)
        }
        let trained = try runProduct("neuralkit", ["train", "--dataset", "iris", "--layers", "16", "--epochs", "30", "--verbose", "0", "--save", model])
        #expect(trained.status == 0, "\(trained.standardError)")
        let quantized = try runProduct("neuralkit", ["quantize", model, "--output", small])
        #expect(quantized.status == 0, "\(quantized.standardError)")
        #expect(quantized.standardOutput.contains("Quantized 2 Dense layer(s) to int8"), "\(quantized.standardOutput)")
        let before = try runProduct("neuralkit", ["evaluate", model, "--dataset", "iris"])
        let after = try runProduct("neuralkit", ["evaluate", small, "--dataset", "iris"])
        #expect(after.status == 0, "\(after.standardError)")
        func accuracy(_ text: String) -> Float? {
            text.split(separator: "\n").first { $0.hasPrefix("accuracy: ") }.flatMap { Float($0.dropFirst("accuracy: ".count)) }
        }
        let a = try #require(accuracy(before.standardOutput), "\(before.standardOutput)")
        let b = try #require(accuracy(after.standardOutput), "\(after.standardOutput)")
        #expect(Swift.abs(a - b) <= 0.05, "float \(a), int8 \(b)")
    }

    @Test func badInputIsAClearError() throws {
        let missing = try runProduct("neuralkit", ["quantize", "/nonexistent/model.keras", "--output", temporaryPath("x.keras")])
        #expect(missing.status != 0 && missing.standardError.contains("/nonexistent/model.keras"), "\(missing.standardError)")
        let wrongSuffix = try runProduct("neuralkit", ["quantize", "model.keras", "--output", "small.h5"])
        #expect(wrongSuffix.status != 0 && wrongSuffix.standardError.contains("must end in .keras"), "\(wrongSuffix.standardError)")
        let mode = try runProduct("neuralkit", ["quantize", "model.keras", "--output", "small.keras", "--mode", "int4"])
        #expect(mode.status != 0 && mode.standardError.contains("'int4' is not implemented"), "\(mode.standardError)")
    }
}
