import Foundation
import TestSupport
import Testing

/// An interrupted save leaves nothing behind and the previous file as it was: the temporary beside the
/// target is removed by the signal handler, and the old model still loads.
@Suite struct InterruptedSaveTests {
    @Test func anInterruptedSaveLeavesThePreviousFileAndNoTemporary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("interrupted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("model.keras").path
        let first = try runProduct("neuralkit", ["train", "--dataset", "iris", "--layers", "4", "--epochs", "1", "--quiet", "--save", target])
        #expect(first.status == 0, "\(first.standardError)")
        let before = try Data(contentsOf: URL(fileURLWithPath: target))
        var interrupted = false
        for width in [2_000, 3_000, 4_000] where !interrupted {
            let process = try launchProduct(
                "neuralkit",
                [
                    "train", "--dataset", "iris", "--layers", "\(width),\(width)", "--epochs", "0",
                    "--quiet", "--save", target,
                ])
            // Wait for the temporary beside the target, then interrupt the save.
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                if names.contains(where: { $0.hasPrefix(".model.keras.neuralkit-") }) {
                    kill(process.processIdentifier, SIGTERM)  // SIGINT may be ignored by a background parent
                    interrupted = true
                    break
                }
                usleep(500)
            }
            process.waitUntilExit()
            if interrupted { #expect(process.terminationReason == .uncaughtSignal, "the save finished before the signal") }
        }
        #expect(interrupted, "never saw the save's temporary file to interrupt")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left == ["model.keras"], "\(left)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == before)
    }
}

/// Files the fuzzer found (tools/fuzz.sh), kept as tests.
@Suite struct FuzzFindingTests {
    /// A corrupt global heap makes libhdf5 1.10 spin forever reading a string attribute: the watchdog
    /// stops the process with a message that names the file.
    @Test func aFileThatMakesLibHDF5SpinEndsWithAClearError() throws {
        guard let url = Bundle.module.url(forResource: "Fixtures/hdf5-spin", withExtension: "h5") else {
            Issue.record("missing fixture")
            return
        }
        let start = Date()
        let result = try runProduct(
            "neuralkit", ["summary", url.path],
            environment: ProcessInfo.processInfo.environment.merging(["NEURALKIT_HDF5_SECONDS": "2"]) { $1 })
        #expect(result.status != 0)
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(
            result.standardError.contains("hdf5-spin.h5") && (result.standardError.contains("stopped responding") || result.standardError.contains("corrupt")),
            "\(result.standardError)")
    }

    /// A weights file whose corrupt local heap makes libhdf5 read through a null pointer: the crash
    /// guard turns the crash into a message that names the file, and status 70.
    @Test func aFileThatCrashesLibHDF5EndsWithAClearError() throws {
        guard let weights = Bundle.module.url(forResource: "Fixtures/hdf5-crash.weights", withExtension: "h5") else {
            Issue.record("missing fixture")
            return
        }
        let model = temporaryPath("two.keras")
        defer { try? FileManager.default.removeItem(atPath: model) }
        _ = try runProduct("neuralkit", ["train", "--dataset", "iris", "--layers", "2", "--epochs", "0", "--quiet", "--save", model])
        let result = try runProduct("neuralkit", ["summary", model, "--weights", weights.path])
        #expect(result.status == 70, "\(result.standardError)")
        #expect(result.standardError.contains("hdf5-crash.weights.h5") && result.standardError.contains("corrupt"))
    }

    /// A zip entry that declares 4 GB in a 20 KB file: refused before any allocation.
    @Test func anEntryLargerThanItsFileIsRefusedBeforeAllocating() throws {
        guard let file = Bundle.module.url(forResource: "Fixtures/huge-declared-entry", withExtension: "keras") else {
            Issue.record("missing fixture")
            return
        }
        let result = try runProduct("neuralkit", ["summary", file.path])
        #expect(result.status == 1 && result.standardError.contains("cannot hold"), "\(result.standardError)")
    }
}
