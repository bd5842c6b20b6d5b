import Foundation

extension EventFileReader {
    /// A Keras `TensorBoard` log folder read back as History: the `train` run's `epoch_<key>` scalars as
    /// `<key>` and the `validation` run's as `val_<key>`, one value per epoch (the latest written when a
    /// resumed run wrote an epoch twice), with the epochs 1-based. `logDir` is the folder given to the
    /// callback (the one holding `train/` and `validation/`).
    public static func history(inLogDirectory logDir: String) throws -> (series: [String: [Double]], epochs: [Int]) {
        let runs = try scalars(inLogDirectory: logDir)
        guard let train = runs["train"] else {
            let names = runs.keys.sorted()
            throw TensorBoardError.invalidArgument(
                "\(logDir) has no train/ run of a Keras TensorBoard callback"
                    + (names.isEmpty ? "; it holds no event files" : "; its runs are \(names.joined(separator: ", ")) (point at the folder that holds train/)"))
        }
        var byEpoch: [String: [Int: ScalarPoint]] = [:]
        for (run, prefix) in [(train, ""), (runs["validation"] ?? [:], "val_")] {
            for (tag, points) in run where tag.hasPrefix("epoch_") {
                let key = prefix + String(tag.dropFirst("epoch_".count))
                for point in points where point.wallTime >= byEpoch[key]?[point.step]?.wallTime ?? -.infinity {
                    byEpoch[key, default: [:]][point.step] = point
                }
            }
        }
        let steps = Set(byEpoch.values.flatMap(\.keys)).sorted()
        guard !steps.isEmpty else { throw TensorBoardError.invalidArgument("\(logDir) has no epoch_ scalars to read as a history") }
        let series = byEpoch.mapValues { points in steps.map { points[$0]?.value ?? .nan } }
        return (series, steps.map { $0 + 1 })
    }
}
