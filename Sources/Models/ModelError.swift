import Tensors

/// Why a model could not be built, compiled, trained or used with the given data.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    case notCompiled(String)
    case invalidData(String)
    case invalidArgument(String)
    case invalidArchitecture(String)

    public var description: String {
        switch self {
        case let .notCompiled(message), let .invalidData(message), let .invalidArgument(message), let .invalidArchitecture(message):
            message
        }
    }
}
