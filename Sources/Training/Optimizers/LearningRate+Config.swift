import Serialization

/// Keras's learning-rate schedules (`keras.optimizers.schedules`): each case is one Keras class.
extension LearningRateSchedule: KerasConfigurable {
    public var kerasClassName: String {
        switch self {
        case .exponentialDecay: "ExponentialDecay"
        case .piecewiseConstant: "PiecewiseConstantDecay"
        }
    }

    public var kerasModule: String { "keras.optimizers.schedules" }

    public func kerasConfig() -> [String: JSONValue] {
        switch self {
        case let .exponentialDecay(initial, steps, rate, staircase):
            [
                "initial_learning_rate": .float(initial), "decay_steps": .number(Double(steps)), "decay_rate": .float(rate),
                "staircase": .bool(staircase), "name": "ExponentialDecay",
            ]
        case let .piecewiseConstant(boundaries, values):
            [
                "boundaries": .array(boundaries.map { .number(Double($0)) }), "values": .array(values.map { .float($0) }),
                "name": "PiecewiseConstant",
            ]
        }
    }

    /// The schedule classes, for the registry.
    public static let builtIns: [KerasFactory] = [
        KerasFactory(kind: .learningRateSchedule, names: ["ExponentialDecay"]) { object in
            let c = object.config
            return LearningRateSchedule.exponentialDecay(
                initial: try c.float("initial_learning_rate", in: "ExponentialDecay"),
                decaySteps: try c.int("decay_steps", in: "ExponentialDecay"), decayRate: try c.float("decay_rate", in: "ExponentialDecay"),
                staircase: try c.bool("staircase", in: "ExponentialDecay", default: false))
        },
        KerasFactory(kind: .learningRateSchedule, names: ["PiecewiseConstantDecay"]) { object in
            guard let boundaries = object.config["boundaries"]?.arrayValue?.compactMap(\.intValue),
                let values = object.config["values"]?.arrayValue?.compactMap(\.floatValue)
            else {
                throw ConfigError.invalid("PiecewiseConstantDecay needs \"boundaries\" and \"values\"")
            }
            return LearningRateSchedule.piecewiseConstant(boundaries: boundaries, values: values)
        },
    ]
}

extension LearningRate {
    /// Keras's form: a float, or the schedule's class config.
    public func kerasJSON() -> JSONValue {
        switch self {
        case let .constant(value): .float(value)
        case let .schedule(schedule): KerasObject(module: schedule.kerasModule, className: schedule.kerasClassName, config: schedule.kerasConfig()).json
        }
    }

    /// A learning rate from Keras's config: a number or a schedule; `value` when absent.
    public init(keras json: JSONValue?, default value: Float) throws {
        guard let json, json != .null else {
            self = .constant(value)
            return
        }
        if let number = json.floatValue {
            self = .constant(number)
            return
        }
        guard
            let schedule = try CustomObjects.make(json, kind: .learningRateSchedule, builtIns: LearningRateSchedule.builtIns)
                as? LearningRateSchedule
        else {
            throw ConfigError.unsupported("the learning rate \(json.jsonString().prefix(100)) is not a schedule NeuralKit implements")
        }
        self = .schedule(schedule)
    }

    /// `initial · rate^(step / decaySteps)`, as `learningRate: .exponentialDecay(…)`.
    public static func exponentialDecay(initial: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false) -> LearningRate {
        .schedule(.exponentialDecay(initial: initial, decaySteps: decaySteps, decayRate: decayRate, staircase: staircase))
    }

    /// One value per interval between `boundaries`, as `learningRate: .piecewiseConstant(…)`.
    public static func piecewiseConstant(boundaries: [Int], values: [Float]) -> LearningRate {
        .schedule(.piecewiseConstant(boundaries: boundaries, values: values))
    }
}
