/// How a numeric hyperparameter's range is walked: evenly, evenly in log space (learning rates), or
/// reverse-log (dense near the maximum), as Keras Tuner's `sampling` argument.
public enum Sampling: String, Codable, Sendable, CaseIterable {
    case linear
    case log
    case reverseLog = "reverse_log"
}
