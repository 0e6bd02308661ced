import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Synchronization
import Testing

/// The store's own rules for files and revisions, on each back end (`StoreBackend`).
struct SubmissionStoreTests {
    typealias T = TestData

    func receive(_ store: any DataStore, _ bytes: [UInt8], name: String) throws -> FileReceipt {
        try store.record(T.validate(bytes, name: name), content: bytes, source: name)
    }

    @Test(arguments: StoreBackend.available) func resendingTheSameFileChangesNothing(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        let file = T.csv([T.canonicalHeader, T.row("03388", "2026-10", T.goodFigures)])
        #expect(try receive(store, file, name: "a.csv").newRevisions == 1)
        let again = try receive(store, file, name: "a-copy.csv")
        #expect(again.outcome == .alreadyReceived)
        #expect(try store.revisionCount() == 1)
    }

    @Test(arguments: StoreBackend.available) func correctedFileBecomesANewRevisionAndKeepsTheOld(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        _ = try receive(store, T.csv([T.canonicalHeader, T.row("03388", "2026-10", T.goodFigures),
                                      T.row("03390", "2026-10", T.goodFigures)]), name: "district.csv")
        var corrected = T.goodFigures
        corrected[2] = 11
        let receipt = try receive(store, T.csv([T.canonicalHeader, T.row("03388", "2026-10", corrected),
                                                T.row("03390", "2026-10", T.goodFigures)]), name: "district-v2.csv")
        #expect((receipt.newRevisions, receipt.corrections, receipt.unchangedRows) == (1, 1, 1))
        let current = try store.currentSubmissions(for: Period("2026-10")!)
        #expect(current["03388"]?.revision == 2)
        #expect(current["03388"]?.figures[.villagesFibre] == 11)
        #expect(current["03390"]?.revision == 1)
        let revisions = try store.revisions(communeCode: "03388", period: Period("2026-10")!)
        #expect(revisions.map { $0.submission.figures[.villagesFibre] } == [9, 11])
    }

    @Test(arguments: StoreBackend.available) func refusedFileIsKeptWithItsBytesAndIssuesButNoRows(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        var bad = T.goodFigures
        bad[1] = 13
        let bytes = T.csv([T.canonicalHeader, T.row("03388", "2026-10", T.goodFigures), T.row("03390", "2026-10", bad)])
        let receipt = try receive(store, bytes, name: "bad.csv")
        #expect(receipt.outcome == .refused)
        #expect(try store.revisionCount() == 0)
        #expect(try store.originalBytes(sha256: receipt.sha256) == bytes)
        // The stored issues, as the state of the month reads them back.
        let refused = try #require(try store.arrivals(for: Period("2026-10")!)["03388"]?.refused.first)
        #expect(try store.issues(ofFile: refused.id).map(\.code) == ["part-exceeds-total"])
    }
}

/// Several writers on one database (two `dti serve`, a cron ingest): every revision number is
/// given once, none skipped, and the same bytes sent by two at once are stored once.
struct ConcurrentWriterTests {
    typealias T = TestData

    @Test(arguments: StoreBackend.available) func racingWritersGiveEveryRevisionOnce(_ backend: StoreBackend) throws {
        let location = try backend.databaseLocation(in: T.temporaryFolder())
        let setup = try StoreBackend.open(location, create: true)
        _ = try setup.importRegister(T.register.units, inForce: T.register.inForce, sourceName: "test", sha256: "r")
        // Each writer its own connection, as each process has.
        let writers = try (0..<4).map { _ in try StoreBackend.open(location) }
        let perWriter = 6
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers.count) { writer in
            for round in 0..<perWriter {
                // Distinct figures per file (a correction each time), and one file every writer sends alike.
                var figures = T.goodFigures
                figures[3] = 100 + writer * perWriter + round
                let own = T.csv([T.canonicalHeader, T.row("03388", "2026-10", figures)])
                let shared = T.csv([T.canonicalHeader, T.row("03390", "2026-10", T.goodFigures)])
                do {
                    _ = try writers[writer].record(T.validate(own, name: "w\(writer)-\(round).csv"), content: own, source: "test")
                    _ = try writers[writer].record(T.validate(shared, name: "shared.csv"), content: shared, source: "test")
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let reader = try StoreBackend.open(location)
        let revisions = try reader.revisions(communeCode: "03388", period: Period("2026-10")!).map(\.submission.revision)
        #expect(revisions == Array(1...(writers.count * perWriter)))
        // The shared bytes: stored once, whoever sent them first.
        #expect(try reader.revisions(communeCode: "03390", period: Period("2026-10")!).count == 1)
        #expect(try reader.fileRowCounts().filter { $0.name == "shared.csv" }.map(\.stored) == [1])
    }
}

/// What a writer remembers between batches (`ArrivalMemory`) is what was committed: a batch
/// given up leaves nothing remembered, so the same file sent again is judged against the
/// ledger, not against rows that were never stored.
struct ArrivalMemoryStoreTests {
    typealias T = TestData

    @Test(arguments: StoreBackend.available) func aBatchGivenUpLeavesNothingRemembered(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        _ = try store.importRegister(T.register.units, inForce: T.register.inForce, sourceName: "test", sha256: "r")
        let first = T.csv([T.canonicalHeader] + T.register.units.map { T.row($0.communeCode, "2026-10", T.goodFigures) })
        _ = try store.recordBatch(at: Date()) { writer in
            try writer.prepare([T.validate(first, name: "first.csv")])
            return try writer.record(T.validate(first, name: "first.csv"), content: first, source: "test", keyID: nil, arrivedAt: nil)
        }
        var figures = T.goodFigures
        figures[3] += 1
        let correction = T.csv([T.canonicalHeader, T.row("03388", "2026-10", figures)])
        struct GivenUp: Error {}
        #expect(throws: GivenUp.self) {
            try store.recordBatch(at: Date()) { writer in
                _ = try writer.record(T.validate(correction, name: "c.csv"), content: correction, source: "test", keyID: nil, arrivedAt: nil)
                throw GivenUp()
            }
        }
        // The correction again: a new revision (2), not "the same figures as the current ones".
        let receipt = try store.record(T.validate(correction, name: "c.csv"), content: correction, source: "test")
        #expect(receipt.outcome == .accepted)
        #expect(receipt.newRevisions == 1)
        #expect(try store.revisions(communeCode: "03388", period: Period("2026-10")!).map(\.submission.revision) == [1, 2])
    }
}

/// Files of one batch are stored as they say: rows of the same month in several files, and
/// months that change from file to file, each under its own commune and month.
struct BatchRowTests {
    typealias T = TestData

    @Test(arguments: StoreBackend.available) func everyFileOfABatchStoresItsOwnCommunesAndMonths(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        _ = try store.importRegister(T.register.units, inForce: T.register.inForce, sourceName: "test", sha256: "r")
        let files = [
            [T.row("03388", "2026-09", T.goodFigures), T.row("03390", "2026-09", T.goodFigures)],
            [T.row("03394", "2026-09", T.goodFigures)],
            [T.row("03405", "2026-10", T.goodFigures), T.row("03388", "2026-09", T.figures(0.5))],
            [T.row("03390", "2026-10", T.goodFigures)],
        ].enumerated().map { index, rows in
            let bytes = T.csv([T.canonicalHeader] + rows)
            return (bytes, T.validate(bytes, name: "f\(index).csv"))
        }
        try store.recordBatch(at: Date()) { writer in
            try writer.prepare(files.map(\.1))
            for (bytes, validation) in files {
                _ = try writer.record(validation, content: bytes, source: "test", keyID: nil, arrivedAt: nil)
            }
        }
        let september = try store.currentSubmissions(for: Period("2026-09")!)
        let october = try store.currentSubmissions(for: Period("2026-10")!)
        #expect(september.keys.sorted() == ["03388", "03390", "03394"])
        #expect(october.keys.sorted() == ["03390", "03405"])
        #expect(september["03388"]?.revision == 2)
        #expect(try store.revisionCount() == 6)
    }
}
