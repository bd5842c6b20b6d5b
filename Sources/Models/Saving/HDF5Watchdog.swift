import CCleanup
import Dispatch
import Foundation

/// Containment for libhdf5, a C library with a long record of loops and crashes on malformed files: while
/// NeuralKit reads an HDF5 file, a watchdog stops the process with a message that names the file if
/// libhdf5 has not returned after `NEURALKIT_HDF5_SECONDS` seconds (60 by default). A hang inside a C
/// library cannot be interrupted safely; ending the process with a clear error is better than waiting
/// forever (the fuzzer found such a file: a corrupt global heap makes libhdf5 1.10 spin). A crash inside
/// libhdf5 (the fuzzer found one in its local-heap code) is likewise turned into that message and status 70.
enum HDF5Watchdog {
    static var seconds: Double {
        ProcessInfo.processInfo.environment["NEURALKIT_HDF5_SECONDS"].flatMap(Double.init).map { Swift.max($0, 0.1) } ?? 60
    }

    /// Runs `body`, which reads the HDF5 file `name`, under the watchdog.
    static func guarding<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let limit = seconds
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + limit)
        timer.setEventHandler {
            let message =
                "Error: libhdf5 stopped responding while reading \(name) (more than \(Int(limit)) s); the file is corrupt. "
                + "NeuralKit stops rather than hang.\n"
            FileHandle.standardError.write(Data(message.utf8))
            _exit(70)
        }
        timer.resume()
        nk_crash_guard_begin("Error: libhdf5 crashed while reading \(name); the file is corrupt. NeuralKit stops rather than go on.\n")
        defer {
            nk_crash_guard_end()
            timer.cancel()
        }
        return try body()
    }
}
