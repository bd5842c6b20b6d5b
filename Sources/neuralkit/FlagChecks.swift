import ArgumentParser
import Foundation
import Models
import Plotting

/// Checks of option values where they are parsed, so that an error names the flag the user typed.
enum FlagChecks {
    /// An output file's folder exists and the path is not a folder (`-`, standard output, always passes);
    /// a figure's path also names a format.
    static func outputFile(_ path: String?, flag: String, what: String, figure: Bool = false) throws {
        guard let path, path != "-" else { return }
        do {
            if figure { try LearningCurves.checkPath(path) }
            try AtomicFile.checkFolder(of: path, what: what)
        } catch { throw ValidationError("\(flag): \(error)") }
    }

    /// A learning rate: a finite, positive number.
    static func learningRate(_ value: Float?, flag: String = "--learning-rate") throws {
        guard let value else { return }
        guard value.isFinite, value > 0 else {
            throw ValidationError("\(flag) must be a positive number, not \(value); the chapter uses 0.01 for SGD and 0.001 for Adam")
        }
    }

    /// Hidden layer sizes: `300,100`; an empty item (`10,,5`) or a size over 10⁶ is an error.
    static func layerSizes(_ text: String) throws -> [Int] {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw ValidationError("--layers '\(text)' has an empty size; write sizes between commas, e.g. 300,100") }
            guard let units = Int(trimmed), units > 0 else { throw ValidationError("--layers '\(text)': '\(trimmed)' is not a positive layer size") }
            guard units <= 1_000_000 else { throw ValidationError("--layers '\(text)': \(units) neurons in one layer is more than NeuralKit allows (10⁶)") }
            return units
        }
    }

    /// The memory a dense network's weights, gradients and optimizer slots take (float32, three
    /// copies), refused before anything is allocated when it exceeds half of this machine's memory.
    static func checkModelSize(layerWidths: [Int]) throws {
        var parameters = 0
        for (inputs, outputs) in zip(layerWidths, layerWidths.dropFirst()) {
            let (product, overflow) = inputs.multipliedReportingOverflow(by: outputs)
            guard !overflow else { throw ValidationError("--layers asks for more weights than any computer holds") }
            parameters = parameters.addingReportingOverflow(product + outputs).partialValue
        }
        let bytes = Double(parameters) * 4 * 3
        let available = Double(ProcessInfo.processInfo.physicalMemory) / 2
        guard bytes <= available else {
            let gigabytes = String(format: "%.1f", bytes / 1e9), limit = String(format: "%.1f", available / 1e9)
            throw ValidationError(
                "--layers: the model would have \(parameters) weights, about \(gigabytes) GB with their gradients and "
                    + "optimizer state, more than half of this machine's memory (\(limit) GB); choose smaller layers")
        }
    }

    /// The closest of `candidates` to `word` within two edits, for "did you mean …?".
    static func closest(to word: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var current = [i + 1]
                for (j, y) in b.enumerated() { current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))) }
                previous = current
            }
            return previous[b.count]
        }
        let scored = candidates.map { ($0, distance(Array(word.lowercased()), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }
}
