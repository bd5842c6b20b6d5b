import Foundation
import TestSupport
import Testing

@testable import Tuning

@Suite struct StudyTests {
    @Test func anotherSearchSpaceInTheSameDirectoryIsRefusedUnlessOverwritten() throws {
        let directory = temporaryPath("other-space")
        try IrisSearch.tuner(directory, maxTrials: 1).search(try IrisSearch.data(), epochs: 1)
        let other = BuildClosure { hp in
            _ = try hp.int("layers", min: 1, max: 2)
            return try IrisSearch.build(hp)
        }
        do {
            _ = try RandomSearch(hyperModel: other, objective: try Objective("val_accuracy"), directory: directory)
            Issue.record("another search space was accepted")
        } catch let error as TuningError {
            #expect(error.description.contains("belongs to another search"), "\(error)")
        }
        #expect(try Study(directory: directory).trials().count == 1)
        let fresh = try RandomSearch(hyperModel: other, objective: try Objective("val_accuracy"), directory: directory, overwrite: true)
        #expect(try fresh.study.trials().isEmpty)
    }

    @Test func aDamagedDatabaseIsAClearErrorAndIsLeftAsItWas() throws {
        let directory = temporaryPath("damaged")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/study.db"
        let garbage = Data(repeating: 0x5A, count: 4096)
        try garbage.write(to: URL(fileURLWithPath: path))
        do {
            _ = try IrisSearch.tuner(directory)
            Issue.record("a damaged database was accepted")
        } catch let error as TuningError {
            #expect(error.description.contains("damaged or not an SQLite file"), "\(error)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func aLockedDatabaseIsAClearError() throws {
        let directory = temporaryPath("locked")
        _ = try Study(directory: directory)
        let holder = try SQLiteDatabase(path: directory + "/study.db")
        try holder.execute("BEGIN EXCLUSIVE")
        defer { try? holder.execute("ROLLBACK") }
        do {
            let study = try Study(directory: directory, busyMilliseconds: 50)
            _ = try study.trials()
            Issue.record("a locked database was used")
        } catch let error as TuningError {
            #expect(error.description.contains("is locked by another process"), "\(error)")
        }
    }

    @Test func anySQLiteClientCanReadTheTrials() throws {
        let directory = temporaryPath("readable")
        try IrisSearch.tuner(directory, maxTrials: 2).search(try IrisSearch.data(), epochs: 1)
        let database = try SQLiteDatabase(path: directory + "/study.db")
        let rows = try database.query("SELECT t.number, t.status, h.value FROM trials t JOIN hyperparameters h ON h.trial = t.number WHERE h.name = 'units'")
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0[1] == .text("COMPLETED") && ($0[2].int ?? 0) >= 4 })
        let epochs = try database.query("SELECT COUNT(*) FROM epochs WHERE metric = 'val_accuracy'")
        #expect(epochs.first?.first == .int(2))
    }
}
