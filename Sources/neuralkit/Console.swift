import Foundation
import Models

/// Where the tool's words go. Data (predictions, a report) goes to standard output when asked with
/// `-`; the summary, progress and messages then go to standard error, so that a pipe carries only data.
/// `--quiet` keeps only data and errors; warnings always go to standard error.
struct Console {
    /// Whether standard output carries data (`--output -`, `--report -`).
    var dataOnStandardOutput = false
    var quiet = false

    /// A message for the person at the terminal (a summary, "Saved …", test metrics).
    func say(_ text: String) {
        guard !quiet else { return }
        if dataOnStandardOutput { FileHandle.standardError.write(Data((text + "\n").utf8)) } else { print(text) }
    }

    /// Where `fit` and `evaluate` draw their progress.
    var progress: OutputSink { dataOnStandardOutput ? .standardError : .standardOutput }

    /// A warning: an option that is ignored, a value that was capped.
    static func warn(_ text: String) {
        FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
    }

    /// Writes data to a file (atomically) or, for `-`, to standard output.
    static func writeData(_ data: Data, to path: String, what: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        do { try AtomicFile.write(data, to: path, what: what) } catch { throw CommandError("\(error)") }
    }

    /// Writes a JSON report (sorted keys, indented) to a file or `-`. JSON has no NaN or infinity, so a
    /// value that diverged is written as `null` (which `neuralkit plot` draws as a gap).
    static func writeJSON(_ document: [String: Any], to path: String, what: String) throws {
        func clean(_ value: Any) -> Any {
            switch value {
            case let number as Double: return number.isFinite ? number : NSNull()
            case let number as Float: return number.isFinite ? Double(number) : NSNull()
            case let list as [Any]: return list.map(clean)
            case let object as [String: Any]: return object.mapValues(clean)
            default: return value
            }
        }
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: clean(document), options: [.prettyPrinted, .sortedKeys]) } catch {
            throw CommandError("cannot write \(what) as JSON: \(error)")
        }
        try writeData(data, to: path, what: what)
    }

    /// The bytes of a file, or of standard input for `-`.
    static func readData(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("cannot read '\(path)': no such file, or it is not readable")
        }
        return data
    }
}
