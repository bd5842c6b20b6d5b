import Foundation

/// Reads a training run's per-epoch values from what NeuralKit and Keras write: a `neuralkit train
/// --report` JSON file (its `history`, `epochs` and `restored_epoch`), or a CSV log (Keras's `CSVLogger`: an `epoch`
/// column, 0-based, then one column per key; `,`, `;` or tab separated). A folder is read by
/// `folderReader` (the TensorBoard module reads its log directories). Every flaw is an error that names
/// the file and says what is wrong.
public enum HistoryFile {
    public static func read(_ path: String, folderReader: ((String) throws -> TrainingRun)? = nil) throws -> TrainingRun {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw PlotError.io("\(path): no such file; give a --report JSON file, a CSV log or a TensorBoard log folder")
        }
        if isFolder.boolValue {
            guard let folderReader else { throw PlotError.invalidArgument("\(path) is a folder; give a --report JSON file or a CSV log") }
            return try folderReader(path)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw PlotError.io("cannot read \(path): permission denied?") }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let run = data.first.map { $0 == UInt8(ascii: "{") } == true ? try json(data, path: path, name: name) : try csv(data, path: path, name: name)
        guard !run.epochs.isEmpty else { throw PlotError.malformed("\(path) holds no epochs; there is nothing to draw") }
        return run
    }

    /// A `--report` file: `{"history": {"loss": [...], ...}, "epochs": [1, 2, ...]}`.
    static func json(_ data: Data, path: String, name: String) throws -> TrainingRun {
        guard let object = try? JSONSerialization.jsonObject(with: data), let document = object as? [String: Any] else {
            throw PlotError.malformed("\(path) is not valid JSON; give the file that `neuralkit train --report` wrote")
        }
        guard let history = document["history"] as? [String: Any] else {
            throw PlotError.malformed("\(path) has no \"history\" object; give the file that `neuralkit train --report` wrote")
        }
        var series: [String: [Double]] = [:]
        for (key, value) in history {
            guard let list = value as? [Any] else { throw PlotError.malformed("\(path): history \"\(key)\" is not a list of numbers") }
            series[key] = try list.map { item in
                if item is NSNull { return .nan }  // a diverged value, written as null
                guard let number = item as? NSNumber else {
                    throw PlotError.malformed("\(path): history \"\(key)\" holds \(item), which is not a number")
                }
                return number.doubleValue
            }
        }
        let count = series.values.map(\.count).max() ?? 0
        guard series.values.allSatisfy({ $0.count == count }) else { throw PlotError.malformed("\(path): the history's lists have different lengths") }
        let epochs = (document["epochs"] as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue }
        if let epochs, epochs.count != count { throw PlotError.malformed("\(path): \"epochs\" has \(epochs.count) entries but the history has \(count)") }
        var run = TrainingRun(name: name, series: series, epochs: count == 0 ? [] : epochs ?? Array(1...count))
        run.restoredEpoch = (document["restored_epoch"] as? NSNumber)?.intValue
        return run
    }

    /// A CSV log with a header row whose first column is `epoch`.
    static func csv(_ data: Data, path: String, name: String) throws -> TrainingRun {
        guard let text = String(data: data, encoding: .utf8) else { throw PlotError.malformed("\(path) is not UTF-8 text") }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let header = lines.first, !header.isEmpty else { throw PlotError.malformed("\(path) is empty; there is nothing to draw") }
        let separator: Character = [",", ";", "\t"].first { header.contains($0) } ?? ","
        let columns = header.split(separator: separator, omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard columns.first == "epoch", columns.count >= 2 else {
            throw PlotError.malformed("\(path): line 1 should be a header starting with epoch (as Keras's CSVLogger writes), not \(header.prefix(60))")
        }
        var series = [[Double]](repeating: [], count: columns.count - 1)
        var epochs: [Int] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let cells = line.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
            guard cells.count == columns.count else {
                throw PlotError.malformed("\(path): line \(index + 1) has \(cells.count) fields but the header has \(columns.count)")
            }
            guard let epoch = Int(cells[0]), epoch >= 0 else { throw PlotError.malformed("\(path): line \(index + 1): the epoch \(cells[0]) is not a count") }
            epochs.append(epoch + 1)
            for (column, cell) in cells.dropFirst().enumerated() {
                guard let value = cell == "NA" || cell.isEmpty ? Double.nan : Double(cell) else {
                    throw PlotError.malformed("\(path): line \(index + 1), column \(columns[column + 1]): \(cell) is not a number")
                }
                series[column].append(value)
            }
        }
        return TrainingRun(name: name, series: Dictionary(uniqueKeysWithValues: zip(columns.dropFirst(), series)), epochs: epochs)
    }
}
