import Foundation

/// The output of one run of a command-line program.
public struct CommandResult: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

/// Runs an executable built by this package (`neuralkit`), found next to the test bundle.
public func runProduct(_ name: String, _ arguments: [String], environment: [String: String]? = nil, input: Data? = nil) throws -> CommandResult {
    let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        .map { $0.appendingPathComponent(name) }
    guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0].path])
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    let standardInput = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : standardInput
    try process.run()
    if let input {
        standardInput.fileHandleForWriting.write(input)
        try? standardInput.fileHandleForWriting.close()
    }
    // Read both pipes before waiting, so a chatty program cannot fill a pipe and block.
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
        standardError: String(decoding: errData, as: UTF8.self))
}

/// Starts an executable built by this package and returns it running (its output discarded).
public func launchProduct(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Process {
    let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()].map { $0.appendingPathComponent(name) }
    guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0].path])
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
}

/// Runs a Python script that uses Keras (on JAX) and returns the last line it printed, or nil when
/// Python or Keras is not installed (the script prints "SKIP" then). The Python is `$NEURALKIT_PYTHON`
/// (scripts/interop-python.sh makes one) or `python3`; with `NEURALKIT_REQUIRE_KERAS=1`, as in CI, a
/// missing Keras is an error instead of a skip. A failing script is an error that carries the end of
/// its standard error.
public func runKerasScript(_ script: String, _ arguments: [String]) throws -> String? {
    let environment = ProcessInfo.processInfo.environment
    let required = environment["NEURALKIT_REQUIRE_KERAS"] == "1"
    let prelude = """
        import os, sys, json
        os.environ.setdefault("KERAS_BACKEND", "jax")
        try:
            import keras, numpy as np
        except ImportError:
            print("SKIP"); sys.exit(0)

        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [environment["NEURALKIT_PYTHON"] ?? "python3", "-c", prelude + script] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    guard (try? process.run()) != nil else {
        if required { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "NEURALKIT_REQUIRE_KERAS=1 but Python cannot start"]) }
        return nil
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let line = text.split(separator: "\n").last.map(String.init) ?? ""
    if line == "SKIP" {
        if required { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "NEURALKIT_REQUIRE_KERAS=1 but Keras does not import"]) }
        return nil
    }
    guard process.terminationStatus == 0 else {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "Keras script failed: \(stderr.suffix(1500))"])
    }
    return line
}

/// A fresh path in the temporary folder, ending in `name` (nothing is created).
public func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
}

/// Runs a system tool (`/bin/mount`, …) and returns its exit status (-1 when it cannot start), its error
/// output discarded.
public func runTool(_ tool: String, _ arguments: [String]) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
}
