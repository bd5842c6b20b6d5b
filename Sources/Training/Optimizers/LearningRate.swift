import Foundation
import Serialization

/// A learning rate that changes with the optimizer's step count, with Keras's formulas.
public enum LearningRateSchedule: Sendable, Equatable {
    /// `initial · rate^(step / decaySteps)`; with `staircase`, the exponent is floored.
    case exponentialDecay(initial: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false)
    /// `values[0]` up to and including `boundaries[0]`, `values[1]` up to `boundaries[1]`, … and the
    /// last value after the last boundary. `values` has one more element than `boundaries`.
    case piecewiseConstant(boundaries: [Int], values: [Float])
    /// From `initial` to `end` along `(1 − step/decaySteps)^power`, then `end` (with `cycle`, starting over
    /// with ever longer periods).
    case polynomialDecay(initial: Float, decaySteps: Int, end: Float = 0.0001, power: Float = 1, cycle: Bool = false)
    /// `initial / (1 + decayRate · step/decaySteps)`; with `staircase`, the ratio is floored.
    case inverseTimeDecay(initial: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false)
    /// Half a cosine from `initial` (or, after `warmupSteps` of linear warm-up, from `warmupTarget`) down to
    /// `alpha` times it over `decaySteps`.
    case cosineDecay(initial: Float, decaySteps: Int, alpha: Float = 0, warmupTarget: Float? = nil, warmupSteps: Int = 0)
    /// Cosine decay with warm restarts (SGDR): periods `firstDecaySteps · tMul^i`, peaks `initial · mMul^i`.
    case cosineDecayRestarts(initial: Float, firstDecaySteps: Int, tMul: Float = 2, mMul: Float = 1, alpha: Float = 0)
    /// The book's 1cycle policy (make it with ``oneCycle(totalSteps:maxRate:startRate:lastSteps:lastRate:)``).
    case oneCycleDecay(totalSteps: Int, maxRate: Float, startRate: Float, lastSteps: Int, lastRate: Float)
    /// A schedule class of your own.
    case custom(CustomRule<any CustomLearningRateSchedule>)
    /// A schedule under a name of one's own (Keras's `name=` argument, kept in its config).
    indirect case named(String, LearningRateSchedule)

    /// The rate at optimizer step `step` (0 for the first update).
    public func value(at step: Int) -> Float {
        switch self {
        case let .exponentialDecay(initial, decaySteps, decayRate, staircase):
            var exponent = Float(step) / Float(decaySteps)
            if staircase { exponent = exponent.rounded(.down) }
            return initial * Foundation.pow(decayRate, exponent)
        case let .piecewiseConstant(boundaries, values):
            let index = boundaries.firstIndex { step <= $0 } ?? boundaries.count
            return values[index]
        case .oneCycleDecay: return oneCycleValue(at: step)
        case let .custom(custom): return custom.rule.value(at: step)
        case let .named(_, schedule): return schedule.value(at: step)
        default: return decayedValue(at: Float(step))
        }
    }

    func validate() throws {
        switch self {
        case let .named(_, schedule): try schedule.validate()
        case let .exponentialDecay(initial, decaySteps, decayRate, _):
            guard decaySteps > 0, initial > 0, decayRate > 0 else {
                throw TrainingError.invalidArgument("exponentialDecay needs initial > 0, decaySteps > 0 and decayRate > 0")
            }
        case let .piecewiseConstant(boundaries, values):
            guard values.count == boundaries.count + 1, boundaries == boundaries.sorted() else {
                throw TrainingError.invalidArgument("piecewiseConstant needs sorted boundaries and one more value than boundaries")
            }
        case let .polynomialDecay(_, steps, _, _, _), let .inverseTimeDecay(_, steps, _, _), let .cosineDecay(_, steps, _, _, _),
            let .cosineDecayRestarts(_, steps, _, _, _):
            guard steps > 0 else { throw TrainingError.invalidArgument("\(kerasClassName) needs decaySteps > 0, not \(steps)") }
            if case let .cosineDecay(_, _, _, target, warmup) = self, target != nil, warmup < 0 {
                throw TrainingError.invalidArgument("CosineDecay needs warmupSteps >= 0, not \(warmup)")
            }
        case let .oneCycleDecay(total, maxRate, startRate, lastSteps, lastRate):
            guard total > 0, lastSteps >= 0, lastSteps < total else {
                throw TrainingError.invalidArgument("oneCycle needs totalSteps > 0 and 0 <= lastSteps < totalSteps, not \(total) and \(lastSteps)")
            }
            guard [maxRate, startRate, lastRate].allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw TrainingError.invalidArgument("oneCycle's rates must be finite and not negative")
            }
        case .custom: break
        }
    }
}

/// An optimizer's learning rate: a constant, a schedule or a closure of the step. A float literal is a constant.
public enum LearningRate: Sendable, Equatable, ExpressibleByFloatLiteral {
    case constant(Float)
    case schedule(LearningRateSchedule)
    /// A closure of the step (``closure(_:)``); it cannot be saved.
    case function(LearningRateClosure)

    public init(floatLiteral value: Float) { self = .constant(value) }

    public func value(at step: Int) -> Float {
        switch self {
        case let .constant(value): value
        case let .schedule(schedule): schedule.value(at: step)
        case let .function(closure): closure.function(step)
        }
    }
}
