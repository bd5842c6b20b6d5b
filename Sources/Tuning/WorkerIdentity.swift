import Foundation

/// Who runs a trial: host, process id and the process's start time (so that a reused process id is not
/// mistaken for the worker that died). Written into the study as `host:pid:start`; a rank of an MPI
/// search as `rank R on HOST:PID via COORDINATOR`, where COORDINATOR is rank 0's own identity: the
/// ranks of a job live and die together, so the trial is orphaned once rank 0's process is gone.
struct WorkerIdentity: CustomStringConvertible {
    var host: String
    var pid: Int32
    var start: String
    /// The rank and rank 0's identity, for a rank of an MPI job.
    var mpi: (rank: Int, coordinator: String)?

    static var current: WorkerIdentity {
        let pid = getpid()
        return WorkerIdentity(host: ProcessInfo.processInfo.hostName, pid: pid, start: startTime(of: pid) ?? "?")
    }

    /// Rank `rank`'s process `pid` on `host`, whose trials rank 0 (this process) claims for it.
    static func rank(_ rank: Int, host: String, pid: Int32) -> WorkerIdentity {
        WorkerIdentity(host: host, pid: pid, start: "?", mpi: (rank, current.description))
    }

    var description: String {
        guard let mpi else { return "\(host):\(pid):\(start)" }
        return "rank \(mpi.rank) on \(host):\(pid) via \(mpi.coordinator)"
    }

    /// Whether the worker written as `text` still runs. A worker on another host counts as alive: only
    /// its own machine can tell (one study is shared by the processes of one machine). A rank of an MPI
    /// job is alive while its job's rank 0 is.
    static func isAlive(_ text: String) -> Bool {
        if let via = text.range(of: " via ") { return isAlive(String(text[via.upperBound...])) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { return false }
        let host = parts[0..<(parts.count - 2)].joined(separator: ":")
        guard host == ProcessInfo.processInfo.hostName else { return true }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        return startTime(of: pid).map { $0 == parts[parts.count - 1] } ?? false
    }

    /// Field 22 of `/proc/PID/stat`: the process's start time in clock ticks since boot.
    static func startTime(of pid: Int32) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }
}
