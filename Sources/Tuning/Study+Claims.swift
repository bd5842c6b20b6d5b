import Foundation

/// What a worker gets when it asks the study for work.
enum Claim: Codable {
    case run(Trial)
    case idle
    case stop
}

extension Study {
    /// Takes the next trial for `worker`, in one write transaction, so that no two workers take the same:
    /// first a trial whose worker died (killed mid-trial: restarted), then an invalid trial awaiting a
    /// retry, then a new trial from the oracle (unless `maxTrials` trials exist).
    func claim(oracle: Oracle, space: HyperParameters, worker: WorkerIdentity) throws -> Claim {
        try transaction {
            let trials = try self.trials()
            let workers = try database.query("SELECT number, worker FROM trials WHERE status = 'RUNNING'")
            let orphan = workers.first { row in row[1].text.map { !WorkerIdentity.isAlive($0) } ?? true }?[0].int
            if let number = orphan ?? trials.first(where: { $0.status == .invalid })?.number, var trial = trials.first(where: { $0.number == number }) {
                try database.execute(
                    "UPDATE trials SET status = 'RUNNING', worker = ?, started_at = ?, message = NULL WHERE number = ?",
                    [.text(worker.description), .real(Date().timeIntervalSince1970), .int(Int64(number))])
                trial.status = .running
                trial.worker = worker.description
                return .run(trial)
            }
            let number = trials.count
            if let maxTrials = oracle.maxTrials, number >= maxTrials { return .stop }
            if let state = try setting("oracle_state") { try oracle.restore(state: state) }
            let proposal = oracle.populateSpace(trialNumber: number, space: space, trials: trials)
            if let state = try oracle.state() { try setSetting("oracle_state", state) }
            guard case let .run(values, placement) = proposal else { return proposal == .idle ? .idle : .stop }
            let width = oracle.maxTrials.map { String($0).count } ?? 4
            let id = String(repeating: "0", count: max(0, width - String(number).count)) + String(number)
            var trial = Trial(number: number, id: id, values: values, status: .running, placement: placement)
            trial.worker = worker.description
            try database.execute(
                """
                INSERT INTO trials (number, trial_id, status, hyperparameters, worker, started_at, bracket, round, epochs, initial_epoch, past_trial)
                VALUES (?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .int(Int64(number)), .text(id), .text(try encode(values)), .text(worker.description), .real(Date().timeIntervalSince1970),
                    sql(placement?.bracket), sql(placement?.round), sql(placement?.epochs), sql(placement?.initialEpoch), sql(placement?.pastTrial),
                ])
            try recordValues(values, of: number)
            return .run(trial)
        }
    }

    /// Records how a run of a trial ended, with its epochs, in one transaction (the worker that ran it stays recorded). A completed trial with a
    /// NaN score is invalid; an invalid one with no retries left (`maxRetries`) is failed.
    /// Returns the status recorded.
    @discardableResult
    func finish(_ trial: Trial, histories: [[String: [Double]]], maxRetries: Int) throws -> TrialStatus {
        try transaction {
            var status = trial.status
            if status == .completed && (trial.score.map { $0.isNaN } ?? true) { status = .invalid }
            let runs = (try database.query("SELECT run_count FROM trials WHERE number = ?", [.int(Int64(trial.number))]).first?.first?.int ?? 0) + 1
            if status == .invalid && runs > maxRetries { status = .failed }
            let order: SQLValue =
                status == .invalid ? .null : .int(Int64((try database.query("SELECT COALESCE(MAX(end_order), -1) FROM trials").first?.first?.int ?? -1) + 1))
            try database.execute(
                """
                UPDATE trials SET status = ?, score = ?, best_step = ?, metrics = ?, message = ?, model_path = ?, run_count = ?,
                    ended_at = ?, seconds = ?, end_order = ? WHERE number = ?
                """,
                [
                    .text(status.rawValue), trial.score.flatMap { $0.isFinite ? .real($0) : nil } ?? .null, sql(trial.bestStep),
                    .text(try encode(trial.metrics)), trial.message.map { .text($0) } ?? .null, trial.modelPath.map { .text($0) } ?? .null,
                    .int(Int64(runs)), .real(Date().timeIntervalSince1970), trial.seconds.map { .real($0) } ?? .null, order,
                    .int(Int64(trial.number)),
                ])
            try database.execute("UPDATE trials SET hyperparameters = ? WHERE number = ?", [.text(try encode(trial.values)), .int(Int64(trial.number))])
            try recordValues(trial.values, of: trial.number)
            try database.execute("DELETE FROM epochs WHERE trial = ?", [.int(Int64(trial.number))])
            for (execution, history) in histories.enumerated() {
                for (metric, values) in history.sorted(by: { $0.key < $1.key }) {
                    for (epoch, value) in values.enumerated() {
                        try database.execute(
                            "INSERT INTO epochs (trial, execution, epoch, metric, value) VALUES (?, ?, ?, ?, ?)",
                            [.int(Int64(trial.number)), .int(Int64(execution)), .int(Int64(epoch)), .text(metric), value.isFinite ? .real(value) : .null])
                    }
                }
            }
            return status
        }
    }

    /// The number of failed trials at the end of the order in which trials ended (Keras Tuner stops a
    /// search when this reaches `max_consecutive_failed_trials`), and the last failure's message.
    func consecutiveFailures() throws -> (count: Int, message: String?) {
        let rows = try database.query("SELECT status, message FROM trials WHERE end_order IS NOT NULL ORDER BY end_order DESC")
        var count = 0
        for row in rows {
            guard row[0].text == TrialStatus.failed.rawValue else { break }
            count += 1
        }
        return (count, rows.first?[1].text)
    }

    /// One row per hyperparameter, typed, for SQL queries (`WHERE name = 'units'`).
    private func recordValues(_ values: [String: HyperValue], of number: Int) throws {
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            try database.execute(
                "INSERT OR REPLACE INTO hyperparameters (trial, name, value, type) VALUES (?, ?, ?, ?)",
                [.int(Int64(number)), .text(name), sql(value), .text(value.typeName)])
        }
    }

    private func sql(_ value: Int?) -> SQLValue { value.map { .int(Int64($0)) } ?? .null }

    private func sql(_ value: HyperValue) -> SQLValue {
        switch value {
        case .int(let v): .int(Int64(v))
        case .float(let v): .real(v)
        case .string(let v): .text(v)
        case .bool(let v): .int(v ? 1 : 0)
        }
    }
}
