import Tensors

/// A penalty on a weight tensor added to the loss: `l1·Σ|w| + l2·Σw²`, as Keras's `L1`, `L2`, `L1L2`.
public struct Regularizer: Sendable, Equatable, Hashable {
    public var l1: Float
    public var l2: Float

    public init(l1: Float = 0, l2: Float = 0) {
        self.l1 = l1
        self.l2 = l2
    }

    /// Keras's defaults: `L1(0.01)`, `L2(0.01)`.
    public static func l1(_ factor: Float = 0.01) -> Regularizer { Regularizer(l1: factor) }
    public static func l2(_ factor: Float = 0.01) -> Regularizer { Regularizer(l2: factor) }
    public static func l1l2(l1: Float = 0, l2: Float = 0) -> Regularizer { Regularizer(l1: l1, l2: l2) }

    public func penalty(_ weights: Tensor) throws -> Tensor {
        var total = Tensor(0)
        if l1 != 0 { total = try total + l1 * weights.abs().sum() }
        if l2 != 0 { total = try total + l2 * weights.square().sum() }
        return total
    }

    public var kerasObject: KerasObject {
        if l1 == 0 { return KerasObject(module: "keras.regularizers", className: "L2", config: ["l2": .float(l2)]) }
        if l2 == 0 { return KerasObject(module: "keras.regularizers", className: "L1", config: ["l1": .float(l1)]) }
        return KerasObject(module: "keras.regularizers", className: "L1L2", config: ["l1": .float(l1), "l2": .float(l2)])
    }

    public init(keras json: JSONValue) throws {
        let object = try KerasObject(json: json, expecting: "regularizer")
        let c = object.config
        switch object.className {
        case "L1", "l1": self.init(l1: try c.float("l1", in: "L1", default: 0.01))
        case "L2", "l2": self.init(l2: try c.float("l2", in: "L2", default: 0.01))
        case "L1L2", "l1_l2": self.init(l1: try c.float("l1", in: "L1L2", default: 0), l2: try c.float("l2", in: "L1L2", default: 0))
        default: throw ConfigError.unknownClass(kind: "regularizer", name: object.className, known: ["L1", "L2", "L1L2"])
        }
    }
}
