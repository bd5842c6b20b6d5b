import Foundation

/// Hyperband (Keras Tuner 1.4.8's `HyperbandOracle`, brackets, trial counts and epoch budgets exactly):
/// brackets of successive halving, from many trials trained for few epochs to few trained for
/// `maxEpochs`; the best `1/factor` of each round continue, from their saved weights, in the next.
public final class HyperbandOracle: Oracle {
    /// One bracket in progress: its number and, per round, the trials created (and the past trial each continues).
    struct Bracket: Codable, Equatable {
        var number: Int
        var rounds: [[Entry]]
    }

    /// A trial of a round and the trial of the previous round whose weights it continues.
    struct Entry: Codable, Equatable {
        var pastTrial: Int?
        var trial: Int
    }

    /// What the oracle remembers between trials (kept in the study).
    struct State: Codable, Equatable {
        var currentIteration = 0
        var currentBracket: Int
        var brackets: [Bracket] = []
    }

    public let objective: Objective
    public let maxTrials: Int? = nil
    public let maxEpochs: Int
    public let factor: Int
    /// How many times to run the whole set of brackets (nil: forever, as Keras Tuner's 0 or None).
    public let hyperbandIterations: Int?
    public let seed: UInt64
    private(set) var memory: State

    public init(objective: Objective, maxEpochs: Int = 100, factor: Int = 3, hyperbandIterations: Int? = 1, seed: UInt64 = 42) throws {
        guard factor >= 2 else { throw TuningError.invalidArgument("factor needs to be an integer larger than 1, but received \(factor)") }
        guard maxEpochs >= 1 else { throw TuningError.invalidArgument("maxEpochs must be at least 1, not \(maxEpochs)") }
        if let hyperbandIterations, hyperbandIterations < 1 {
            throw TuningError.invalidArgument("hyperbandIterations must be at least 1 (or nil for no limit), not \(hyperbandIterations)")
        }
        (self.objective, self.maxEpochs, self.factor, self.hyperbandIterations, self.seed) = (objective, maxEpochs, factor, hyperbandIterations, seed)
        memory = State(currentBracket: 0)
        memory.currentBracket = bracketCount - 1
        startBracket()
    }

    public var identity: String {
        "hyperband maxEpochs=\(maxEpochs) factor=\(factor) iterations=\(hyperbandIterations.map(String.init) ?? "none") seed=\(seed)"
    }

    public func state() throws -> String? { String(decoding: try JSONEncoder().encode(memory), as: UTF8.self) }

    public func restore(state: String) throws {
        do { memory = try JSONDecoder().decode(State.self, from: Data(state.utf8)) } catch {
            throw TuningError.database("the study's Hyperband state cannot be read (\(error)); start the study again with overwrite")
        }
    }

    public func populateSpace(trialNumber: Int, space: HyperParameters, trials: [Trial]) -> Proposal {
        memory.brackets.removeAll { bracket in
            let last = bracket.rounds.count - 1
            return bracket.rounds[last].count == size(bracket.number, round: last)
        }
        let byNumber = Dictionary(trials.map { ($0.number, $0) }, uniquingKeysWith: { $1 })
        for index in memory.brackets.indices {
            let bracket = memory.brackets[index]
            if bracket.rounds[0].count < size(bracket.number, round: 0) { return randomTrial(trialNumber, space, trials, bracketIndex: index) }
            for round in 1..<max(bracket.rounds.count, 1) {
                let current = bracket.rounds[round], past = bracket.rounds[round - 1]
                let roundSize = size(bracket.number, round: round), pastSize = size(bracket.number, round: round - 1)
                let selected = Set(current.compactMap(\.pastTrial))
                let candidates = past.filter { !selected.contains($0.trial) }.compactMap { byNumber[$0.trial] }.filter { $0.status == .completed }
                // More finished trials left than the round throws out: the best of them goes on.
                guard candidates.count > pastSize - roundSize, let best = ranked(candidates).first else { continue }
                memory.brackets[index].rounds[round].append(Entry(pastTrial: best.number, trial: trialNumber))
                let placement = HyperbandPlacement(
                    bracket: memory.currentBracket, round: round, epochs: epochs(bracket.number, round: round),
                    initialEpoch: epochs(bracket.number, round: round - 1), pastTrial: best.number)
                return .run(best.values, placement)
            }
        }
        if memory.currentBracket == 0 && hyperbandIterations.map({ memory.currentIteration + 1 == $0 }) == true {
            return trials.contains { $0.status == .running } ? .idle : .stop
        }
        memory.currentBracket -= 1
        if memory.currentBracket < 0 {
            memory.currentBracket = bracketCount - 1
            memory.currentIteration += 1
        }
        startBracket()
        return randomTrial(trialNumber, space, trials, bracketIndex: memory.brackets.count - 1)
    }

    private func randomTrial(_ trialNumber: Int, _ space: HyperParameters, _ trials: [Trial], bracketIndex: Int) -> Proposal {
        let number = memory.brackets[bracketIndex].number
        // Keras Tuner remembers Hyperband's values with their `tuner/…` entries, which a new draw never
        // has: its duplicate check never fires here, and neither does this one.
        guard let values = randomValues(space: space, seed: seed, trialNumber: trialNumber, tried: []) else {
            return trials.contains { $0.status == .running } ? .idle : .stop
        }
        memory.brackets[bracketIndex].rounds[0].append(Entry(pastTrial: nil, trial: trialNumber))
        return .run(values, HyperbandPlacement(bracket: memory.currentBracket, round: 0, epochs: epochs(number, round: 0), initialEpoch: 0, pastTrial: nil))
    }

    private func startBracket() {
        memory.brackets.append(Bracket(number: memory.currentBracket, rounds: Array(repeating: [], count: memory.currentBracket + 1)))
    }

    /// Trials in a round, set so that every bracket uses about the same budget (Keras Tuner's `_get_size`).
    func size(_ bracket: Int, round: Int) -> Int {
        let lastBracketEnd = (1 + Foundation.log(Double(maxEpochs)) / Foundation.log(Double(factor))).rounded(.up)
        let bracketEnd = lastBracketEnd / Double(bracket + 1)
        return Int((bracketEnd * pow(Double(factor), Double(bracket - round))).rounded(.up))
    }

    /// The epoch a round trains to (Keras Tuner's `_get_epochs`).
    func epochs(_ bracket: Int, round: Int) -> Int {
        Int((Double(maxEpochs) / pow(Double(factor), Double(bracket - round))).rounded(.up))
    }

    /// How many brackets an iteration has: how often `maxEpochs` divides by `factor` before falling below 1.
    var bracketCount: Int {
        var epochs = Double(maxEpochs), count = 0
        while epochs >= 1 {
            epochs /= Double(factor)
            count += 1
        }
        return count
    }
}
