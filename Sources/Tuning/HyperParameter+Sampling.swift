import Foundation

// Keras Tuner's projection of a cumulative probability in [0, 1) onto a parameter's values, and back
// (`prob_to_value`, `value_to_prob`): random search draws the probability, Bayesian optimization works
// in it, grid search walks the values.
extension HyperParameter {
    /// The value at cumulative probability `prob`.
    public func value(atProbability prob: Double) -> HyperValue {
        switch kind {
        case let .int(min, max, step, sampling, _):
            guard let step else { return .int(Int(Self.numerical(prob, Double(min), Double(max + 1), sampling))) }
            return .int(Int(Self.stepped(prob, Double(min), Double(max), Double(step), sampling)))
        case let .float(min, max, step, sampling, _):
            guard let step else { return .float(Self.numerical(prob, min, max, sampling)) }
            return .float(Self.stepped(prob, min, max, step, sampling))
        case let .choice(values, _, _): return values[Self.index(prob, values.count)]
        case .boolean: return .bool(prob >= 0.5)
        case let .fixed(value): return value
        }
    }

    /// The cumulative probability of `value` (the middle of its cell for a discrete parameter).
    public func probability(of value: HyperValue) -> Double {
        switch kind {
        case let .int(min, max, step, sampling, _):
            let number = value.number ?? Double(min)
            guard let step else { return Self.toProbability(number + 0.5, Double(min), Double(max + 1), sampling) }
            return Self.steppedProbability(number, Double(min), Double(max), Double(step), sampling)
        case let .float(min, max, step, sampling, _):
            let number = value.number ?? min
            guard let step else { return Self.toProbability(number, min, max, sampling) }
            return Self.steppedProbability(number, min, max, step, sampling)
        case let .choice(values, _, _): return (Double(values.firstIndex(of: value) ?? 0) + 0.5) / Double(values.count)
        case .boolean: return value == .bool(true) ? 0.75 : 0.25
        case .fixed: return 0.5
        }
    }

    /// Every value a grid search tries, in order: each step of a stepped range, ten evenly spread values
    /// of a continuous one (Keras Tuner's `values`), each choice, false then true, or the fixed value.
    public var gridValues: [HyperValue] {
        switch kind {
        case let .int(min, max, step, sampling, _):
            guard let step else { return Self.unique((0..<10).map { value(atProbability: Double($0) * 0.1 + 0.05) }) }
            return (0..<Self.count(Double(min), Double(max), Double(step), sampling)).map {
                .int(Int(Self.valueAt($0, Double(min), Double(max), Double(step), sampling)))
            }
        case let .float(min, max, step, sampling, _):
            guard let step else { return Self.unique((0..<10).map { value(atProbability: Double($0) * 0.1 + 0.05) }) }
            return (0..<Self.count(min, max, step, sampling)).map { .float(Self.valueAt($0, min, max, step, sampling)) }
        case let .choice(values, _, _): return values
        case .boolean: return [.bool(false), .bool(true)]
        case let .fixed(value): return [value]
        }
    }

    /// Whether `value` is one this parameter can take (used to check values read back from a study).
    public func accepts(_ value: HyperValue) -> Bool {
        switch kind {
        case let .int(min, max, _, _, _): if case .int(let v) = value { return (min...max).contains(v) } else { return false }
        case let .float(min, max, _, _, _): return value.typeName == "float" && (value.number.map { (min...max).contains($0) } ?? false)
        case let .choice(values, _, _): return values.contains(value)
        case .boolean: return value.typeName == "bool"
        case let .fixed(fixed): return value == fixed
        }
    }

    private static func unique(_ values: [HyperValue]) -> [HyperValue] {
        var seen = Set<HyperValue>()
        return values.filter { seen.insert($0).inserted }
    }

    private static func numerical(_ prob: Double, _ min: Double, _ max: Double, _ sampling: Sampling) -> Double {
        switch sampling {
        case .linear: prob * (max - min) + min
        case .log: min * pow(max / min, prob)
        case .reverseLog: max + min - min * pow(max / min, 1 - prob)
        }
    }

    private static func toProbability(_ value: Double, _ min: Double, _ max: Double, _ sampling: Sampling) -> Double {
        if max == min { return 0.5 }
        switch sampling {
        case .linear: return (value - min) / (max - min)
        case .log: return Foundation.log(value / min) / Foundation.log(max / min)
        case .reverseLog: return 1 - Foundation.log((max + min - value) / min) / Foundation.log(max / min)
        }
    }

    static func count(_ min: Double, _ max: Double, _ step: Double, _ sampling: Sampling) -> Int {
        if sampling == .linear { return Int(floorDivision(max - min, step)) + 1 }
        return Int(Foundation.log(max / min) / Foundation.log(step) + 1e-8) + 1
    }

    /// Python's `a // b` for floats, which Keras Tuner counts steps with: (0.5 - 0) // 0.1 is 4, not 5.
    static func floorDivision(_ a: Double, _ b: Double) -> Double {
        var remainder = fmod(a, b)
        var quotient = (a - remainder) / b
        if remainder != 0 && (b < 0) != (remainder < 0) {
            remainder += b
            quotient -= 1
        }
        guard quotient != 0 else { return 0 }
        var floored = quotient.rounded(.down)
        if quotient - floored > 0.5 { floored += 1 }
        return floored
    }

    private static func valueAt(_ index: Int, _ min: Double, _ max: Double, _ step: Double, _ sampling: Sampling) -> Double {
        switch sampling {
        case .linear: min + Double(index) * step
        case .log: min * pow(step, Double(index))
        case .reverseLog: max + min - min * pow(step, Double(index))
        }
    }

    private static func index(_ prob: Double, _ count: Int) -> Int {
        let index = Int((prob / (1 / Double(count))).rounded(.down))
        return Swift.min(Swift.max(index, 0), count - 1)
    }

    private static func stepped(_ prob: Double, _ min: Double, _ max: Double, _ step: Double, _ sampling: Sampling) -> Double {
        valueAt(index(prob, count(min, max, step, sampling)), min, max, step, sampling)
    }

    private static func steppedProbability(_ value: Double, _ min: Double, _ max: Double, _ step: Double, _ sampling: Sampling) -> Double {
        let index: Double =
            switch sampling {
            case .linear: floorDivision(value - min, step)
            case .log: Foundation.log(value / min) / Foundation.log(step)
            case .reverseLog: Foundation.log((max - value + min) / min) / Foundation.log(step)
            }
        return (index + 0.5) / Double(count(min, max, step, sampling))
    }
}
