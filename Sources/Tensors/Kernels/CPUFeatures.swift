import Foundation

/// What the processor offers, read from the kernel's `/proc/cpuinfo` (which lists an instruction set
/// only when the operating system also saves its registers, so what is listed is safe to use).
struct CPUFeatures: Sendable {
    let vendor: String
    let flags: Set<String>

    static func current() -> CPUFeatures {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
            return CPUFeatures(vendor: "unknown", flags: [])
        }
        return CPUFeatures(cpuinfo: text)
    }

    /// The size of the first CPU's level-2 cache (`/sys/devices/system/cpu/cpu0/cache/index*/`), if the kernel says.
    static func secondLevelCacheBytes(root: String = "/sys/devices/system/cpu/cpu0/cache") -> Int? {
        for index in 0..<8 {
            let folder = "\(root)/index\(index)/"
            guard let level = try? String(contentsOfFile: folder + "level", encoding: .utf8) else { continue }
            guard level.trimmingCharacters(in: .whitespacesAndNewlines) == "2",
                let size = try? String(contentsOfFile: folder + "size", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            else { continue }
            let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
            if let unit = size.last, let scale = units[unit], let value = Int(size.dropLast()) { return value * scale }
            return Int(size)
        }
        return nil
    }

    init(vendor: String, flags: Set<String>) {
        self.vendor = vendor
        self.flags = flags
    }

    /// Parses the first processor's entry of a `/proc/cpuinfo` text.
    init(cpuinfo: String) {
        var vendor = "unknown", flags: Set<String> = []
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            if key == "vendor_id" && vendor == "unknown" {
                vendor = parts[1].trimmingCharacters(in: .whitespaces)
            } else if key == "flags" && flags.isEmpty {
                flags = Set(parts[1].split(separator: " ").map(String.init))
            }
        }
        self.vendor = vendor
        self.flags = flags
    }

    /// The OpenBLAS kernel family that suits this processor's instruction set, or `nil` to leave the
    /// choice to OpenBLAS. OpenBLAS 0.3.21 (Debian 12) does not recognise processors newer than it and
    /// falls back to its slowest kernels ("Prescott") on them; choosing by instruction set avoids that.
    var openBLASCoreType: String? {
        let avx512 = ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"].allSatisfy(flags.contains)
        if avx512 && vendor == "GenuineIntel" { return "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") {
            return vendor == "AuthenticAMD" || vendor == "HygonGenuine" ? "Zen" : "Haswell"
        }
        if flags.contains("avx") { return "Sandybridge" }
        return nil
    }
}
