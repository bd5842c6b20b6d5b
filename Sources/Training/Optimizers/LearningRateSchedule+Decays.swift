import Foundation

extension LearningRateSchedule {
    /// The polynomial, inverse-time and cosine schedules, computed in float32 step by step as Keras's
    /// `keras.optimizers.schedules` computes them.
    func decayedValue(at step: Float) -> Float {
        switch self {
        case let .polynomialDecay(initial, decaySteps, end, power, cycle):
            var steps = Float(decaySteps), current = step
            if cycle { steps *= current == 0 ? 1 : Foundation.ceil(current / Float(decaySteps)) } else { current = Swift.min(current, steps) }
            return (initial - end) * Foundation.pow(1 - current / steps, power) + end
        case let .inverseTimeDecay(initial, decaySteps, decayRate, staircase):
            var ratio = step / Float(decaySteps)
            if staircase { ratio = Foundation.floor(ratio) }
            return initial / (1 + decayRate * ratio)
        case let .cosineDecay(initial, decaySteps, alpha, warmupTarget, warmupSteps):
            let steps = Float(decaySteps)
            func decay(_ step: Float, from rate: Float) -> Float {
                let cosine = 0.5 * (1 + Foundation.cos(Float.pi * (step / steps)))
                return rate * ((1 - alpha) * cosine + alpha)
            }
            guard let warmupTarget else { return decay(Swift.min(step, steps), from: initial) }
            let warmup = Float(warmupSteps), current = Swift.min(step, steps + warmup)
            return current < warmup ? (warmupTarget - initial) * (current / warmup) + initial : decay(current - warmup, from: warmupTarget)
        case let .cosineDecayRestarts(initial, firstDecaySteps, tMul, mMul, alpha):
            var fraction = step / Float(firstDecaySteps)
            let restart: Float
            if tMul == 1 {
                restart = Foundation.floor(fraction)
                fraction -= restart
            } else {
                restart = Foundation.floor(Foundation.log(1 - fraction * (1 - tMul)) / Foundation.log(tMul))
                let done = (1 - Foundation.pow(tMul, restart)) / (1 - tMul)
                fraction = (fraction - done) / Foundation.pow(tMul, restart)
            }
            let cosine = 0.5 * Foundation.pow(mMul, restart) * (1 + Foundation.cos(Float.pi * fraction))
            return initial * ((1 - alpha) * cosine + alpha)
        case .exponentialDecay, .piecewiseConstant, .oneCycleDecay, .custom, .named: return value(at: Int(step))
        }
    }
}
