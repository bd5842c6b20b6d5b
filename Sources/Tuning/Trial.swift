/// The life of a trial, as Keras Tuner names it: running, completed, invalid (crashed or NaN, to be
/// retried), failed (no retries left), or stopped (pruned).
public enum TrialStatus: String, Codable, Sendable {
    case running = "RUNNING"
    case completed = "COMPLETED"
    case invalid = "INVALID"
    case failed = "FAILED"
    case stopped = "STOPPED"
}

/// Where a Hyperband trial sits: its bracket and round, the epochs to train to, the epoch it starts
/// from, and the trial whose weights it continues (Keras Tuner's `tuner/…` values).
public struct HyperbandPlacement: Hashable, Codable, Sendable {
    public var bracket: Int
    public var round: Int
    public var epochs: Int
    public var initialEpoch: Int
    public var pastTrial: Int?

    public init(bracket: Int, round: Int, epochs: Int, initialEpoch: Int, pastTrial: Int?) {
        (self.bracket, self.round, self.epochs, self.initialEpoch, self.pastTrial) = (bracket, round, epochs, initialEpoch, pastTrial)
    }
}

/// One configuration tried by a search, as the study keeps it.
public struct Trial: Codable, Sendable {
    /// 0, 1, 2, … in the order trials were created.
    public var number: Int
    /// Keras Tuner's zero-padded id: "00", "01", … (as wide as `maxTrials`).
    public var id: String
    public var values: [String: HyperValue]
    public var status: TrialStatus
    /// The objective at the best epoch, averaged over executions.
    public var score: Double?
    public var bestStep: Int?
    /// Every metric at the best epoch, averaged over executions.
    public var metrics: [String: Double] = [:]
    /// The error of a failed or invalid trial.
    public var message: String?
    /// The trial's `.keras` file (its best epoch), relative to the study directory.
    public var modelPath: String?
    /// How many times it has been started.
    public var runCount: Int = 0
    public var seconds: Double?
    public var placement: HyperbandPlacement?
    /// Who ran it last (the study's `worker` column): `host:pid:start` for a process of this machine,
    /// `rank R on HOST:PID via …` for a rank of an MPI job.
    public var worker: String?

    public init(number: Int, id: String, values: [String: HyperValue], status: TrialStatus, placement: HyperbandPlacement? = nil) {
        (self.number, self.id, self.values, self.status, self.placement) = (number, id, values, status, placement)
    }
}
