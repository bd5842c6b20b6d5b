/// Why TensorBoard logs could not be written or read. Each message names the folder or file and says
/// what to do.
public enum TensorBoardError: Error, Equatable, CustomStringConvertible {
    /// A log folder or event file could not be created, written or read.
    case io(String)
    /// An event file holds a damaged record before its end.
    case corrupt(String)
    /// A summary was given values it cannot hold (an empty tag, a pixel buffer of the wrong size, …).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .io(message), let .corrupt(message), let .invalidArgument(message): message
        }
    }
}
