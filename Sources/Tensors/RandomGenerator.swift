import Foundation

/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64), passed explicitly to
/// whatever needs randomness: the same seed gives the same numbers on every run and machine.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A float uniform in [0, 1), with 24 random bits.
    public mutating func nextUnitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// A standard normal sample (Box–Muller, in double precision).
    public mutating func nextNormal() -> Float {
        let u1 = (Double(next() >> 11) + 1) * 0x1p-53, u2 = Double(next() >> 11) * 0x1p-53
        return Float(Foundation.sqrt(-2 * Foundation.log(u1)) * Foundation.cos(2 * .pi * u2))
    }

    /// A seed for an independent stream, so that one generator can seed several consumers.
    public mutating func nextSeed() -> UInt64 { next() }

    /// The generator's whole state, four words, to save it and carry on later exactly where it was.
    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// A generator that carries on from saved ``stateWords``; nil unless there are four words, not all zero
    /// (xoshiro's one state that never leaves zero).
    public init?(stateWords words: [UInt64]) {
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        state = (words[0], words[1], words[2], words[3])
    }
}
