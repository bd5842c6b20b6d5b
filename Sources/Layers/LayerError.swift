import Tensors

/// A layer used in a way that cannot work: named, with the shapes involved.
public enum LayerError: Error, Equatable, CustomStringConvertible {
    case incompatibleInput(layer: String, expected: String, got: Shape)
    case notBuilt(layer: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .incompatibleInput(layer, expected, got):
            "layer '\(layer)' expects \(expected) but got input of shape \(got) (batch axis included)"
        case let .notBuilt(layer): "layer '\(layer)' has no weights yet; build it or call it on an input first"
        case let .invalidArgument(message): message
        }
    }
}
