import Serialization
import Synchronization

/// A learning-rate schedule of your own (a Keras `LearningRateSchedule` subclass): register the type with
/// `CustomObjects.register(_:)` and `.keras` files save and load it by its registered name.
public protocol CustomLearningRateSchedule: KerasSerializable, Sendable {
    /// The rate at optimizer step `step` (0 for the first update).
    func value(at step: Int) -> Float
}

extension CustomLearningRateSchedule {
    public static var kerasKind: KerasKind { .learningRateSchedule }
    public var kerasModule: String { "keras.optimizers.schedules" }
}

/// A learning rate computed by a closure of the step: it trains like a schedule but, being code, cannot be
/// written to a `.keras` file (write a ``CustomLearningRateSchedule`` class for that).
public struct LearningRateClosure: Sendable, Equatable {
    let id = UUIDish.next()
    let function: @Sendable (Int) -> Float

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id }
}

/// Distinct identities for closures, so that two closures are never equal unless they are the same value.
enum UUIDish {
    private static let counter = Mutex(0)
    static func next() -> Int {
        counter.withLock {
            $0 += 1
            return $0
        }
    }
}

extension LearningRate {
    /// A learning rate from a closure of the optimizer's step (0 for the first update).
    public static func closure(_ function: @escaping @Sendable (Int) -> Float) -> LearningRate {
        .function(LearningRateClosure(function: function))
    }

    /// Whether this is a closure's rate (which cannot be saved).
    public var isClosure: Bool { if case .function = self { true } else { false } }

    /// A schedule class of your own.
    public static func custom(_ schedule: any CustomLearningRateSchedule) throws -> LearningRate {
        .schedule(.custom(CustomRule(schedule, json: try schedule.kerasJSON())))
    }
}

extension LearningRateSchedule {
    /// The 1cycle policy the book builds (Smith 2018): up linearly from `startRate` to `maxRate` over the
    /// first half of `totalSteps − lastSteps`, back down to `startRate` over the second half, then down to
    /// `lastRate` over the last `lastSteps`; `lastRate` after `totalSteps`. The book's defaults: `startRate`
    /// `maxRate/10`, `lastSteps` `totalSteps/10 + 1`, `lastRate` `startRate/1000`.
    public static func oneCycle(
        totalSteps: Int, maxRate: Float = 1e-3, startRate: Float? = nil, lastSteps: Int? = nil, lastRate: Float? = nil
    ) -> LearningRateSchedule {
        let start = startRate ?? maxRate / 10
        return .oneCycleDecay(
            totalSteps: totalSteps, maxRate: maxRate, startRate: start, lastSteps: lastSteps ?? totalSteps / 10 + 1,
            lastRate: lastRate ?? start / 1000)
    }

    func oneCycleValue(at step: Int) -> Float {
        guard case let .oneCycleDecay(total, maxRate, startRate, lastSteps, lastRate) = self else { return 0 }
        let half = (total - lastSteps) / 2
        func interpolate(_ from: Int, _ to: Int, _ a: Float, _ b: Float) -> Float {
            to == from ? b : (b - a) * Float(step - from) / Float(to - from) + a
        }
        if step < half { return interpolate(0, half, startRate, maxRate) }
        if step < 2 * half { return interpolate(half, 2 * half, maxRate, startRate) }
        if step < total { return interpolate(2 * half, total, startRate, lastRate) }
        return lastRate
    }
}
