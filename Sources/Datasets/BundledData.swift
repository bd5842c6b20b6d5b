import Foundation

/// The small data sets shipped with the library (iris, digits, California housing), as package
/// resources: gzipped files in the `NeuralKit_Datasets.resources` folder that SwiftPM puts beside
/// every executable it builds. They are found without `Bundle.module`, whose accessor stops the process
/// when the folder is missing; here a missing folder is an error that says where it was looked for.
enum BundledData {
    static let bundleName = "NeuralKit_Datasets.resources"

    /// The decompressed bytes of a bundled file (`iris.csv.gz` → the CSV's bytes).
    static func contents(_ name: String) throws -> Data {
        let places = candidates()
        for folder in places {
            let path = folder + "/Resources/" + name
            if let data = FileManager.default.contents(atPath: path) { return try Gzip.decompress(data, name: path, limit: 64 << 20) }
        }
        throw DatasetError.fileNotFound(
            "the bundled data file \(name) was not found: NeuralKit's \(bundleName) folder must sit beside "
                + "the program that uses it (swift build puts it there; copy it along when you install the program, or set "
                + "NEURALKIT_RESOURCES to it). Looked in: " + places.joined(separator: ", "))
    }

    /// The decompressed text of a bundled file.
    static func text(_ name: String) throws -> String {
        guard let text = String(data: try contents(name), encoding: .utf8) else {
            throw DatasetError.corrupt("the bundled data file \(name) is not UTF-8 text; reinstall NeuralKit")
        }
        return text
    }

    /// Where the resource folder may be: `NEURALKIT_RESOURCES`, beside the main executable (or the test
    /// bundle), beside the program as invoked, in `../share/neuralkit` from it, and an installed copy.
    private static func candidates() -> [String] {
        var places: [String] = []
        if let folder = ProcessInfo.processInfo.environment["NEURALKIT_RESOURCES"] { places.append(folder) }
        places.append(Bundle.main.bundleURL.appendingPathComponent(bundleName).path)
        if let program = CommandLine.arguments.first {
            let folder = URL(fileURLWithPath: program).resolvingSymlinksInPath().deletingLastPathComponent()
            places.append(folder.appendingPathComponent(bundleName).path)
            // scripts/install.sh puts PREFIX/bin/neuralkit beside PREFIX/share/neuralkit/.
            places.append(folder.deletingLastPathComponent().appendingPathComponent("share/neuralkit/" + bundleName).path)
        }
        places.append("/usr/local/share/neuralkit/" + bundleName)
        var seen = Set<String>()
        return places.filter { seen.insert($0).inserted }
    }

    /// The numbers of one CSV line, or an error naming the file and line.
    static func numbers(_ line: Substring, file: String, line number: Int) throws -> [Double] {
        try line.split(separator: ",").map { field in
            guard let value = Double(field) else { throw DatasetError.corrupt("\(file), line \(number): '\(field)' is not a number; reinstall NeuralKit") }
            return value
        }
    }
}
