import Foundation

/// A search's record in SQLite (`study.db` in the search's directory): the study's identity (tuner,
/// objective, search space), every trial (values, status, score, metrics at the best epoch, model file,
/// timings, error), each epoch's History and the oracle's state. Every change is one transaction, so a
/// search killed at any moment loses at most the trial that was running, and several worker processes
/// can share one study. Any SQLite client can read it: `sqlite3 study.db "select * from trials"`.
public final class Study {
    public let directory: String
    let database: SQLiteDatabase
    static let fileName = "study.db"

    /// Opens the study in `directory` (created if needed).
    public init(directory: String, busyMilliseconds: Int32 = 30_000) throws {
        self.directory = directory
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw TuningError.invalidArgument("cannot create the study directory \(directory): \(error.localizedDescription)")
        }
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        database = try SQLiteDatabase(path: path, busyMilliseconds: busyMilliseconds)
        try createTables()
    }

    public var path: String { database.path }

    /// Removes a study's database and trial folders (for `overwrite`); other files are left alone.
    public static func remove(directory: String) throws {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(fileName) || name.hasPrefix("trial_") {
            do { try manager.removeItem(atPath: (directory as NSString).appendingPathComponent(name)) } catch {
                throw TuningError.invalidArgument("cannot remove the old study's \(name) in \(directory): \(error.localizedDescription)")
            }
        }
    }

    private func createTables() throws {
        try database.transaction {
            try database.execute("CREATE TABLE IF NOT EXISTS study (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS trials (
                    number INTEGER PRIMARY KEY, trial_id TEXT NOT NULL, status TEXT NOT NULL, hyperparameters TEXT NOT NULL,
                    score REAL, best_step INTEGER, metrics TEXT, message TEXT, model_path TEXT, run_count INTEGER NOT NULL DEFAULT 0,
                    worker TEXT, started_at REAL, ended_at REAL, seconds REAL, end_order INTEGER,
                    bracket INTEGER, round INTEGER, epochs INTEGER, initial_epoch INTEGER, past_trial INTEGER)
                """)
            try database.execute(
                "CREATE TABLE IF NOT EXISTS hyperparameters (trial INTEGER NOT NULL, name TEXT NOT NULL, value, type TEXT NOT NULL, PRIMARY KEY (trial, name))")
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS epochs (trial INTEGER NOT NULL, execution INTEGER NOT NULL, epoch INTEGER NOT NULL,
                    metric TEXT NOT NULL, value REAL, PRIMARY KEY (trial, execution, epoch, metric))
                """)
        }
    }

    /// A value of the study table (`identity`, `space`, `objective`, `oracle_state`).
    func setting(_ key: String) throws -> String? {
        try database.query("SELECT value FROM study WHERE key = ?", [.text(key)]).first?.first?.text
    }

    func setSetting(_ key: String, _ value: String) throws {
        try database.execute("INSERT OR REPLACE INTO study (key, value) VALUES (?, ?)", [.text(key), .text(value)])
    }

    /// Runs `body` in one write transaction (see ``SQLiteDatabase/transaction(immediate:_:)``).
    func transaction<T>(_ body: () throws -> T) throws -> T { try database.transaction(body) }

    /// Every trial, in creation order.
    public func trials() throws -> [Trial] {
        let rows = try database.query(
            """
            SELECT number, trial_id, status, hyperparameters, score, best_step, metrics, message, model_path, run_count, seconds,
                bracket, round, epochs, initial_epoch, past_trial, worker FROM trials ORDER BY number
            """)
        return try rows.map { row in
            let values = try decode([String: HyperValue].self, row[3].text ?? "{}", what: "hyperparameters")
            guard let number = row[0].int, let status = TrialStatus(rawValue: row[2].text ?? "") else {
                throw TuningError.database("the study database \(path) has a trial row it cannot read; start the study again with overwrite")
            }
            var trial = Trial(number: number, id: row[1].text ?? String(number), values: values, status: status)
            trial.score = row[4].double
            trial.bestStep = row[5].int
            trial.metrics = try row[6].text.map { try decode([String: Double].self, $0, what: "metrics") } ?? [:]
            trial.message = row[7].text
            trial.modelPath = row[8].text
            trial.runCount = row[9].int ?? 0
            trial.seconds = row[10].double
            if let bracket = row[11].int, let round = row[12].int, let epochs = row[13].int, let initial = row[14].int {
                trial.placement = HyperbandPlacement(bracket: bracket, round: round, epochs: epochs, initialEpoch: initial, pastTrial: row[15].int)
            }
            trial.worker = row[16].text
            return trial
        }
    }

    /// Each epoch's logs of one trial's execution, in order.
    public func history(trial: Int, execution: Int = 0) throws -> [String: [Double]] {
        var result: [String: [Double]] = [:]
        for row in try database.query(
            "SELECT metric, value FROM epochs WHERE trial = ? AND execution = ? ORDER BY epoch", [.int(Int64(trial)), .int(Int64(execution))])
        {
            if let name = row[0].text { result[name, default: []].append(row[1].double ?? .nan) }
        }
        return result
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
            throw TuningError.database("the study database \(path) holds \(what) it cannot read (\(error)); start the study again with overwrite")
        }
    }

    func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension Study {
    /// The objective and search space the study was made with.
    public func summaryInfo() throws -> (objective: Objective, space: [HyperParameter]) {
        guard let name = try setting("objective"), let direction = try setting("direction").flatMap(Objective.Direction.init), let space = try setting("space")
        else { throw TuningError.database("the study database \(path) has no search recorded yet") }
        return (Objective(name, direction: direction), try decode([HyperParameter].self, space, what: "the search space"))
    }
}
