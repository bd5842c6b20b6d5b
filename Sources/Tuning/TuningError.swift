/// Why a search cannot go on: a study that belongs to another search, a damaged or locked database,
/// too many failed trials, a bad setting (named as the caller spelled it), or the ranks of an MPI search
/// that disagree or fail.
public enum TuningError: Error, CustomStringConvertible, Equatable {
    case invalidArgument(String)
    case database(String)
    case otherSearch(String)
    case tooManyFailures(String)
    case noResults(String)
    case ranks(String)

    public var description: String {
        switch self {
        case .invalidArgument(let text), .database(let text), .otherSearch(let text), .tooManyFailures(let text), .noResults(let text), .ranks(let text): text
        }
    }
}
