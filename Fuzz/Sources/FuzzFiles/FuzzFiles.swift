import Foundation

/// Where the fuzz targets that read files put each input: one file per process in memory (/dev/shm).
public enum FuzzFiles {
    public static func write(_ data: Data, _ name: String) -> String {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(folder)/neuralkit-\(getpid())-\(name)"
        FileManager.default.createFile(atPath: path, contents: data)
        return path
    }
}
