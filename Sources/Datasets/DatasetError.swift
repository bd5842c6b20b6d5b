/// Why data could not be loaded or prepared: what is wrong, where, and how to fix it.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// A file is missing or unreadable.
    case fileNotFound(String)
    /// A file's contents are not what its format requires (bad magic number, truncation, sizes that disagree).
    case corrupt(String)
    /// A CSV row, column or value that cannot be used.
    case malformed(String)
    /// An argument that does not fit the data: unknown names, wrong lengths, bad fractions.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .fileNotFound(message), let .corrupt(message), let .malformed(message), let .invalidArgument(message):
            message
        }
    }
}
