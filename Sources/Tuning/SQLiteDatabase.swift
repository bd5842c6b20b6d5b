import CSQLite
import Foundation

/// A value in an SQLite row.
public enum SQLValue: Equatable, Sendable {
    case null
    case int(Int64)
    case real(Double)
    case text(String)

    public var int: Int? { if case .int(let value) = self { Int(value) } else { nil } }
    public var double: Double? {
        switch self {
        case .int(let value): Double(value)
        case .real(let value): value
        default: nil
        }
    }
    public var text: String? { if case .text(let value) = self { value } else { nil } }
}

/// A connection to an SQLite file through the system's libsqlite3: statements with bound parameters,
/// transactions, and errors that name the file and say what to do.
final class SQLiteDatabase {
    let path: String
    private var handle: OpaquePointer?
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Opens (or creates) the database; `busyMilliseconds` is how long to wait for another process's lock.
    init(path: String, busyMilliseconds: Int32 = 30_000) throws {
        self.path = path
        let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil)
        guard status == SQLITE_OK else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            handle = nil
            throw TuningError.database("cannot open the study database \(path): \(reason)")
        }
        sqlite3_busy_timeout(handle, busyMilliseconds)
        // WAL lets readers (sqlite3 on the command line, --summary) read while a worker writes.
        _ = try query("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=FULL")
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ parameters: [SQLValue] = []) throws {
        _ = try query(sql, parameters)
    }

    /// Runs a statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [[SQLValue]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw failure(sqlite3_errcode(handle)) }
        defer { sqlite3_finalize(statement) }
        for (index, parameter) in parameters.enumerated() {
            let position = Int32(index + 1)
            switch parameter {
            case .null: sqlite3_bind_null(statement, position)
            case .int(let value): sqlite3_bind_int64(statement, position, value)
            case .real(let value): sqlite3_bind_double(statement, position, value)
            case .text(let value): sqlite3_bind_text(statement, position, value, -1, Self.transient)
            }
        }
        var rows: [[SQLValue]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw failure(status) }
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: .int(sqlite3_column_int64(statement, column))
                    case SQLITE_FLOAT: .real(sqlite3_column_double(statement, column))
                    case SQLITE_TEXT: .text(String(cString: sqlite3_column_text(statement, column)))
                    default: .null
                    }
                })
        }
        return rows
    }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws.
    /// `immediate` takes the write lock at once, so that two workers never decide on the same state.
    func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func failure(_ status: Int32) -> TuningError {
        let reason = String(cString: sqlite3_errmsg(handle))
        switch status & 0xff {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .database("the study database \(path) is locked by another process (\(reason)); wait for it to finish, or stop it")
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return .database(
                "the study database \(path) is damaged or not an SQLite file (\(reason)); nothing was changed. Move it away, "
                    + "or start the study again with overwrite")
        case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_FULL:
            return .database("cannot write the study database \(path): \(reason)")
        default:
            return .database("study database \(path): \(reason)")
        }
    }
}
