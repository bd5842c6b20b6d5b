import Serialization
import Tensors

/// A weight penalty of your own (a Keras `Regularizer` subclass): register the type with
/// `CustomObjects.register(_:)` and `.keras` files save and load it by its registered name.
public protocol CustomRegularizer: KerasSerializable, Sendable {
    /// The penalty added to the loss for these weights, built from tensor operations (so it has a gradient).
    func penalty(_ weights: Tensor) throws -> Tensor
}

/// A projection of your own applied to weights after each update (a Keras `Constraint` subclass): register
/// the type with `CustomObjects.register(_:)` and `.keras` files save and load it by its registered name.
public protocol CustomConstraint: KerasSerializable, Sendable {
    /// The weights projected back onto the rule.
    func project(_ weights: Tensor) throws -> Tensor
}

extension CustomRegularizer {
    public static var kerasKind: KerasKind { .regularizer }
    public var kerasModule: String { "keras.regularizers" }
}

extension CustomConstraint {
    public static var kerasKind: KerasKind { .constraint }
    public var kerasModule: String { "keras.constraints" }
}
