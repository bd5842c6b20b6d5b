import Foundation

extension TuneCommand {
    /// Starts `count` more copies of this command as workers on the same study: the same arguments
    /// without `--workers`, `--overwrite` or `--save-best`, plus `--worker`. They print their own
    /// progress lines and leave the results to this process.
    func startWorkers(_ count: Int) throws -> [Process] {
        guard count > 0 else { return [] }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var arguments: [String] = []
        var skipNext = false
        for argument in CommandLine.arguments.dropFirst() {
            if skipNext {
                skipNext = false
                continue
            }
            if ["--workers", "--save-best"].contains(argument) {
                skipNext = true
                continue
            }
            if argument == "--overwrite" || argument.hasPrefix("--workers=") || argument.hasPrefix("--save-best=") { continue }
            arguments.append(argument)
        }
        arguments.append("--worker")
        return try (0..<count).map { _ in
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            do { try process.run() } catch { throw CommandError("cannot start a worker process (\(executable.path)): \(error.localizedDescription)") }
            return process
        }
    }

    /// Waits for the workers; returns how many ended with an error.
    func waitFor(_ processes: [Process]) -> Int {
        processes.reduce(0) { failed, process in
            process.waitUntilExit()
            return failed + (process.terminationStatus == 0 ? 0 : 1)
        }
    }
}
