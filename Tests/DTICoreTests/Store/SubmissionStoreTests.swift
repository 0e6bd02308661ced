import DTICore
import DTISQLite
import Foundation
import Testing

struct SubmissionStoreTests {
    typealias T = TestData

    func receive(_ store: DTIStore, _ bytes: [UInt8], name: String) throws -> FileReceipt {
        try store.record(T.validate(bytes, name: name), content: bytes, source: name)
    }

    @Test func resendingTheSameFileChangesNothing() throws {
        let store = try DTIStore()
        let file = T.csv([T.canonicalHeader, T.row("03388", "2026-10", T.goodFigures)])
        #expect(try receive(store, file, name: "a.csv").newRevisions == 1)
        let again = try receive(store, file, name: "a-copy.csv")
        #expect(again.outcome == .alreadyReceived)
        #expect(try store.revisionCount() == 1)
    }

    @Test func correctedFileBecomesANewRevisionAndKeepsTheOld() throws {
        let store = try DTIStore()
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

    @Test func refusedFileIsKeptWithItsBytesAndIssuesButNoRows() throws {
        let store = try DTIStore()
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
