import Serialization

/// Keras's learning-rate schedules (`keras.optimizers.schedules`): each case is one Keras class.
extension LearningRateSchedule: KerasConfigurable {
    public var kerasClassName: String {
        switch self {
        case .exponentialDecay: "ExponentialDecay"
        case .piecewiseConstant: "PiecewiseConstantDecay"
        case .polynomialDecay: "PolynomialDecay"
        case .inverseTimeDecay: "InverseTimeDecay"
        case .cosineDecay: "CosineDecay"
        case .cosineDecayRestarts: "CosineDecayRestarts"
        case .oneCycleDecay: "OneCycleSchedule"
        case let .custom(custom): custom.rule.kerasClassName
        case let .named(_, schedule): schedule.kerasClassName
        }
    }

    /// Keras's `registered_name`: the 1cycle schedule is NeuralKit's own class (`NeuralKit>OneCycleSchedule`:
    /// Keras needs a class registered under that name to load it); a custom class has its own.
    public var kerasRegisteredName: String? {
        switch self {
        case .oneCycleDecay: "NeuralKit>OneCycleSchedule"
        case let .custom(custom): type(of: custom.rule).kerasRegisteredName
        case let .named(_, schedule): schedule.kerasRegisteredName
        default: nil
        }
    }

    public var kerasModule: String { "keras.optimizers.schedules" }

    public func kerasConfig() throws -> [String: JSONValue] {
        switch self {
        case let .custom(custom): try custom.rule.kerasConfig()
        case let .oneCycleDecay(total, maxRate, startRate, lastSteps, lastRate):
            [
                "total_steps": .int(total), "max_rate": .float(maxRate), "start_rate": .float(startRate), "last_steps": .int(lastSteps),
                "last_rate": .float(lastRate),
            ]
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
        case let .polynomialDecay(initial, steps, end, power, cycle):
            [
                "initial_learning_rate": .float(initial), "decay_steps": .int(steps), "end_learning_rate": .float(end),
                "power": .float(power), "cycle": .bool(cycle), "name": "PolynomialDecay",
            ]
        case let .inverseTimeDecay(initial, steps, rate, staircase):
            [
                "initial_learning_rate": .float(initial), "decay_steps": .int(steps), "decay_rate": .float(rate),
                "staircase": .bool(staircase), "name": "InverseTimeDecay",
            ]
        case let .cosineDecay(initial, steps, alpha, target, warmup):
            [
                "initial_learning_rate": .float(initial), "decay_steps": .int(steps), "alpha": .float(alpha), "name": "CosineDecay",
                "warmup_target": target.map { .float($0) } ?? .null, "warmup_steps": .int(warmup),
            ]
        case let .cosineDecayRestarts(initial, steps, tMul, mMul, alpha):
            [
                "initial_learning_rate": .float(initial), "first_decay_steps": .int(steps), "t_mul": .float(tMul),
                "m_mul": .float(mMul), "alpha": .float(alpha), "name": "SGDRDecay",
            ]
        case let .named(name, schedule): try schedule.kerasConfig().merging(["name": .string(name)]) { $1 }
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
        KerasFactory(kind: .learningRateSchedule, names: ["PolynomialDecay"]) { object in
            let c = object.config, n = "PolynomialDecay"
            return LearningRateSchedule.polynomialDecay(
                initial: try c.float("initial_learning_rate", in: n), decaySteps: try c.int("decay_steps", in: n),
                end: try c.float("end_learning_rate", in: n, default: 0.0001), power: try c.float("power", in: n, default: 1),
                cycle: try c.bool("cycle", in: n, default: false))
        },
        KerasFactory(kind: .learningRateSchedule, names: ["InverseTimeDecay"]) { object in
            let c = object.config, n = "InverseTimeDecay"
            return LearningRateSchedule.inverseTimeDecay(
                initial: try c.float("initial_learning_rate", in: n), decaySteps: try c.int("decay_steps", in: n),
                decayRate: try c.float("decay_rate", in: n), staircase: try c.bool("staircase", in: n, default: false))
        },
        KerasFactory(kind: .learningRateSchedule, names: ["CosineDecay"]) { object in
            let c = object.config, n = "CosineDecay"
            let target = c["warmup_target"].flatMap { $0 == .null ? nil : $0.floatValue }
            return LearningRateSchedule.cosineDecay(
                initial: try c.float("initial_learning_rate", in: n), decaySteps: try c.int("decay_steps", in: n),
                alpha: try c.float("alpha", in: n, default: 0), warmupTarget: target, warmupSteps: try c.int("warmup_steps", in: n, default: 0))
        },
        KerasFactory(kind: .learningRateSchedule, names: ["CosineDecayRestarts"]) { object in
            let c = object.config, n = "CosineDecayRestarts"
            return LearningRateSchedule.cosineDecayRestarts(
                initial: try c.float("initial_learning_rate", in: n), firstDecaySteps: try c.int("first_decay_steps", in: n),
                tMul: try c.float("t_mul", in: n, default: 2), mMul: try c.float("m_mul", in: n, default: 1),
                alpha: try c.float("alpha", in: n, default: 0))
        },
        KerasFactory(kind: .learningRateSchedule, names: ["OneCycleSchedule"]) { object in
            let c = object.config, n = "OneCycleSchedule"
            return LearningRateSchedule.oneCycleDecay(
                totalSteps: try c.int("total_steps", in: n), maxRate: try c.float("max_rate", in: n), startRate: try c.float("start_rate", in: n),
                lastSteps: try c.int("last_steps", in: n), lastRate: try c.float("last_rate", in: n))
        },
    ]
}

extension LearningRate {
    /// Keras's form: a float, or the schedule's class config. A closure has none: saving one is an error.
    public func kerasJSON() throws -> JSONValue {
        switch self {
        case let .constant(value): return .float(value)
        case let .schedule(schedule):
            return KerasObject(
                module: schedule.kerasModule, className: schedule.kerasClassName, config: try schedule.kerasConfig(),
                registeredName: schedule.kerasRegisteredName
            ).json
        case .function:
            throw ConfigError.unsupported(
                "a learning rate given as a closure cannot be saved; write a CustomLearningRateSchedule class "
                    + "(registered with CustomObjects.register) to save and load it")
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
        let made = try CustomObjects.make(json, kind: .learningRateSchedule, builtIns: LearningRateSchedule.builtIns)
        if let schedule = made as? LearningRateSchedule {
            // Keras keeps a schedule's own name (`ExponentialDecay(…, name="my_ed")`) in its config.
            if let name = json["config"]?["name"]?.stringValue, name != (try schedule.kerasConfig())["name"]?.stringValue {
                self = .schedule(.named(name, schedule))
            } else {
                self = .schedule(schedule)
            }
        } else if let custom = made as? any CustomLearningRateSchedule {
            self = try .custom(custom)
        } else {
            throw ConfigError.unsupported("the learning rate \(json.jsonString().prefix(100)) is registered but is not a CustomLearningRateSchedule")
        }
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
