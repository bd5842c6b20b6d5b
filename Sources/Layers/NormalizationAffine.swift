import Serialization
import Tensors

/// The learned scale (`gamma`) and offset (`beta`) of a normalization layer, with Keras's options for
/// each: whether it exists (`scale`, `center`), its initializer, regularizer and constraint.
public struct NormalizationAffine: Sendable, Equatable {
    public var center: Bool
    public var scale: Bool
    public var betaInitializer: Initializer
    public var gammaInitializer: Initializer
    public var betaRegularizer: Regularizer?
    public var gammaRegularizer: Regularizer?
    public var betaConstraint: Constraint?
    public var gammaConstraint: Constraint?

    public init(
        center: Bool = true, scale: Bool = true, betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
        betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil,
        betaConstraint: Constraint? = nil, gammaConstraint: Constraint? = nil
    ) {
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.betaRegularizer = betaRegularizer
        self.gammaRegularizer = gammaRegularizer
        self.betaConstraint = betaConstraint
        self.gammaConstraint = gammaConstraint
    }

    /// `gamma` (when `withGamma`) and `beta` (when `withBeta`) of `shape`, in Keras's order.
    func makeParameters(
        shape: Shape, withGamma: Bool, withBeta: Bool, trainable: Bool, using generator: inout RandomGenerator
    ) throws -> (gamma: Parameter?, beta: Parameter?) {
        var gamma: Parameter?
        var beta: Parameter?
        if withGamma {
            gamma = Parameter(name: "gamma", value: try gammaInitializer.makeTensor(shape, using: &generator), isTrainable: trainable)
            gamma?.constraint = gammaConstraint?.projection
        }
        if withBeta {
            beta = Parameter(name: "beta", value: try betaInitializer.makeTensor(shape, using: &generator), isTrainable: trainable)
            beta?.constraint = betaConstraint?.projection
        }
        return (gamma, beta)
    }

    /// The regularizers' penalty on the current `gamma` and `beta`, if any.
    func penalty(gamma: Parameter?, beta: Parameter?) throws -> Tensor? {
        var total: Tensor?
        if let gammaRegularizer, let gamma { total = try gammaRegularizer.penalty(gamma.value) }
        if let betaRegularizer, let beta {
            let part = try betaRegularizer.penalty(beta.value)
            total = try total.map { try $0 + part } ?? part
        }
        return total
    }

    /// Keras's config keys for the options.
    func config() throws -> [String: JSONValue] {
        [
            "center": .bool(center), "scale": .bool(scale),
            "beta_initializer": try betaInitializer.kerasJSON(), "gamma_initializer": try gammaInitializer.kerasJSON(),
            "beta_regularizer": try betaRegularizer?.kerasJSON() ?? .null,
            "gamma_regularizer": try gammaRegularizer?.kerasJSON() ?? .null,
            "beta_constraint": try betaConstraint?.kerasJSON() ?? .null,
            "gamma_constraint": try gammaConstraint?.kerasJSON() ?? .null,
        ]
    }

    /// The options from a Keras config (`owner` names the layer class in errors).
    init(kerasConfig c: [String: JSONValue], owner: String) throws {
        self.init(
            center: try c.bool("center", in: owner, default: true), scale: try c.bool("scale", in: owner, default: true),
            betaInitializer: try c["beta_initializer"].map { try Initializer(keras: $0) } ?? .zeros,
            gammaInitializer: try c["gamma_initializer"].map { try Initializer(keras: $0) } ?? .ones,
            betaRegularizer: try LayerRegistry.regularizer(c["beta_regularizer"]),
            gammaRegularizer: try LayerRegistry.regularizer(c["gamma_regularizer"]),
            betaConstraint: try Constraint(keras: c["beta_constraint"]), gammaConstraint: try Constraint(keras: c["gamma_constraint"]))
    }
}
