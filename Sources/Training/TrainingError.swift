/// Why a loss, metric or optimizer could not be applied to the values it was given.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case invalidTargets(String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .invalidTargets(message), let .invalidArgument(message): message
        }
    }
}
