/// The checks the cross-entropy metrics make of their options.
enum LossMetricOptions {
    static func checkSmoothing(_ smoothing: Float, owner: String) throws {
        guard (0...1).contains(smoothing) else { throw TrainingError.invalidArgument("\(owner): labelSmoothing must be in [0, 1], got \(smoothing)") }
    }

    static func checkLastAxis(_ axis: Int, owner: String) throws {
        guard axis == -1 else { throw TrainingError.invalidArgument("\(owner): only axis -1 (the last) is implemented, got \(axis)") }
    }
}
