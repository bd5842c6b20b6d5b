import Foundation
import TestSupport
import Testing
import Tuning

/// Item 6: two "machines" as network namespaces joined by a veth pair (scripts/mpi-netns.sh), one rank
/// in each over Open MPI's TCP transport: the chapter's Fashion-MNIST classifier trains for an epoch and
/// both ranks end with identical weights. Needs root, `ip` and `mpirun` (CI has them all).
@Suite(.serialized) struct MPINetnsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The processes inside a network namespace (`ip netns pids`).
    static func pids(in namespace: String) -> [Int32] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "pids", namespace]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").compactMap { Int32($0) }
    }

    /// Whether the two-namespace run can happen here (root, ip, mpirun); an error when CI requires it.
    static func available() throws -> Bool {
        let required = ProcessInfo.processInfo.environment["NEURALKIT_REQUIRE_MPI"] == "1"
        guard try MPIRun.launcher() != nil, FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip"), getuid() == 0 else {
            #expect(!required, "NEURALKIT_REQUIRE_MPI=1 but this test needs root, /usr/sbin/ip and mpirun")
            print("SKIP: the two-namespace run needs root, ip and mpirun")
            return false
        }
        return true
    }

    /// Runs scripts/mpi-netns.sh with neuralkit and these arguments, under an id of this test's.
    static func runInNamespaces(_ arguments: [String], id: String) throws -> Process {
        let process = Process()
        process.executableURL = Self.repository.appendingPathComponent("scripts/mpi-netns.sh")
        process.arguments = [try MPIRun.product("neuralkit")] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["NEURALKIT_NETNS_ID": id]) { $1 }
        return process
    }

    /// `neuralkit tune` across the two namespaces: rank 1's trials and model files reach rank 0's study
    /// over TCP between the "hosts".
    @Test func aSearchRunsItsTrialsInBothNamespaces() throws {
        guard try Self.available() else { return }
        let folder = temporaryPath("netns-tune")
        let process = try Self.runInNamespaces(MPITuneTests.arguments(in: folder, trials: 4, epochs: 1), id: "\(getpid() % 100_000 + 1)")
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let result = MPIRun.finish(process, output, errors)
        #expect(result.status == 0, "\(result.standardError.suffix(2000))")
        let trials = try Study(directory: folder).trials()
        #expect(trials.count == 4 && trials.allSatisfy { $0.status == .completed })
        #expect(Set(trials.compactMap(MPITuneTests.rank)) == [0, 1])
        for trial in trials { #expect(FileManager.default.fileExists(atPath: folder + "/" + (trial.modelPath ?? "missing"))) }
    }

    @Test func theChaptersClassifierTrainsAcrossTwoNamespacesWithIdenticalWeights() throws {
        guard try Self.available() else { return }
        let folder = temporaryPath("netns")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let id = "\(getpid() % 100_000)"
        let process = try Self.runInNamespaces(["train", "--epochs", "1", "--report", folder + "/report.json", "--quiet"], id: id)
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Watch rank 1 appear inside namespace B, which reaches A only through the veth pair.
        var rankInB = false
        while process.isRunning && !rankInB {
            rankInB = Self.pids(in: "nk-b-\(id)").contains { pid in
                ((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "").hasPrefix("neuralkit")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let result = MPIRun.finish(process, output, errors)
        #expect(result.status == 0, "\(result.standardError.suffix(2000))")
        #expect(rankInB, "no neuralkit rank was seen in namespace B")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))) as? [String: Any]
        #expect(report?["ranks"] as? Int == 2)
        #expect(report?["weights_identical_on_all_ranks"] as? Bool == true)
        #expect(report?["parameters"] as? Int == 266_610)
        let accuracy = (report?["history"] as? [String: [Double]])?["accuracy"]?.first ?? 0
        #expect(accuracy > 0.6, "one epoch of the chapter's classifier reaches about 0.76")
        for name in ["nk-a-\(id)", "nk-b-\(id)"] { #expect(!FileManager.default.fileExists(atPath: "/run/netns/" + name), "\(name) is removed afterwards") }
    }
}
