import Foundation

/// A learning rate that changes with the optimizer's step count, with Keras's formulas.
public enum LearningRateSchedule: Sendable, Equatable {
    /// `initial · rate^(step / decaySteps)`; with `staircase`, the exponent is floored.
    case exponentialDecay(initial: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false)
    /// `values[0]` up to and including `boundaries[0]`, `values[1]` up to `boundaries[1]`, … and the
    /// last value after the last boundary. `values` has one more element than `boundaries`.
    case piecewiseConstant(boundaries: [Int], values: [Float])

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
        }
    }

    func validate() throws {
        switch self {
        case let .exponentialDecay(initial, decaySteps, decayRate, _):
            guard decaySteps > 0, initial > 0, decayRate > 0 else {
                throw TrainingError.invalidArgument("exponentialDecay needs initial > 0, decaySteps > 0 and decayRate > 0")
            }
        case let .piecewiseConstant(boundaries, values):
            guard values.count == boundaries.count + 1, boundaries == boundaries.sorted() else {
                throw TrainingError.invalidArgument("piecewiseConstant needs sorted boundaries and one more value than boundaries")
            }
        }
    }
}

/// An optimizer's learning rate: a constant or a schedule. A float literal is a constant.
public enum LearningRate: Sendable, Equatable, ExpressibleByFloatLiteral {
    case constant(Float)
    case schedule(LearningRateSchedule)

    public init(floatLiteral value: Float) { self = .constant(value) }

    public func value(at step: Int) -> Float {
        switch self {
        case let .constant(value): value
        case let .schedule(schedule): schedule.value(at: step)
        }
    }
}
