@testable import DTICore
import DTITestSupport
import Foundation
import Testing

/// The department's hand on the month (issue 29), through the built `dti` on each back end:
/// a returned commune leaves the ranking until it sends again or is accepted; a closed month's
/// reports and export stay byte for byte while files keep arriving, until accepted or reopened;
/// the scheduled run writes again the reports of a month whose figures changed.
@Suite(.serialized)
struct ReviewTests {
    typealias T = TestData
    let ledger = LedgerTests()

    func dti(_ arguments: [String], in folder: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        try ledger.dti(arguments, in: folder)
    }

    /// A database of `backend` with the sample run for October 2026 into `<folder>/reports`.
    func sample(_ backend: StoreBackend) throws -> URL {
        let folder = try ledger.database(backend)
        let inbox = try T.sampleInbox(in: folder)
        let run = try dti(["run", "--inbox", inbox.path, "--period", "2026-10", "--out", folder.appendingPathComponent("reports").path],
                          in: folder)
        #expect(run.status == 65, "\(run.stderr)")
        return folder
    }

    /// The communes the export of October ranks (or scores), in its order.
    func exported(_ folder: URL) throws -> [String] {
        let export = try dti(["export", "--period", "2026-10"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        return export.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[2]) }
    }

    /// A corrected file of `code` for October, one figure changed, arrived now.
    func correction(_ folder: URL, _ code: String, fibre: Int, name: String) throws -> URL {
        let file = folder.appendingPathComponent("late/2026-10/\(name).csv")
        var figures = T.goodFigures
        figures[5] = fibre
        try ledger.write([T.canonicalHeader, T.row(code, "2026-10", figures)], to: file)
        return file
    }

    func status(_ folder: URL) throws -> [String: [String: Any]] {
        let json = try dti(["status", "--period", "2026-10", "--province", "12", "--format", "json"], in: folder).stdout
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let province = try #require((document["provinces"] as? [[String: Any]])?.first)
        var byCode = Dictionary(uniqueKeysWithValues: ((province["communes"] as? [[String: Any]]) ?? []).map { ($0["code"] as! String, $0) })
        byCode["province"] = province
        return byCode
    }

    @Test(arguments: StoreBackend.available)
    func aReturnedCommuneLeavesTheRankingUntilItSendsAgainOrIsAccepted(_ backend: StoreBackend) throws {
        let folder = try sample(backend)
        let before = try exported(folder)
        #expect(before.contains("03390") && before.count == 35)
        let reason = "Số hộ có cáp quang tăng gấp ba so với tháng 9"
        let returned = try dti(["return", "--commune", "03390", "--period", "2026-10", "--reason", reason], in: folder)
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(returned.stderr.contains("đã trả lại số liệu tháng 10/2026 của xã 03390: \(reason)"))
        #expect(try exported(folder) == before.filter { $0 != "03390" })
        var state = try status(folder)
        #expect(state["03390"]?["status"] as? String == "returned")
        #expect((state["03390"]?["returned"] as? [String: Any])?["reason"] as? String == reason)
        #expect(state["province"]?["accepted"] as? Int == 34, "a returned commune is not counted as reported")
        // Said once: a second return, a return without reason, a commune that sent nothing.
        #expect(try dti(["return", "--commune", "03390", "--period", "2026-10", "--reason", "x"], in: folder).status == 65)
        #expect(try dti(["return", "--commune", "03388", "--period", "2026-10", "--reason", " "], in: folder).status == 65)
        #expect(try dti(["return", "--commune", "03424", "--period", "2026-10", "--reason", "x"], in: folder).status == 65)
        #expect(try dti(["return", "--commune", "03388", "--period", "2026-10", "--reason", "a\tb"], in: folder).status == 65, "no control characters")
        #expect(try dti(["return", "--commune", "03388", "--period", "2026-10", "--reason", String(repeating: "x", count: 501)],
                        in: folder).status == 65, "at most 500 characters")
        #expect(try dti(["return", "--commune", "99999", "--period", "2026-10", "--reason", "x"], in: folder).status == 66)
        // The commune's next file answers it.
        let file = try correction(folder, "03390", fibre: 1700, name: "binh-lu-sua")
        #expect(try dti(["ingest", file.path, "--period", "2026-10"], in: folder).status == 0)
        #expect(try exported(folder).contains("03390"))
        state = try status(folder)
        #expect(state["03390"]?["status"] as? String != "returned")
        // Returned again, then accepted by the department: ranked again.
        #expect(try dti(["return", "--commune", "03390", "--period", "2026-10", "--reason", reason], in: folder).status == 0)
        #expect(!(try exported(folder).contains("03390")))
        #expect(try dti(["accept", "--commune", "03390", "--period", "2026-10"], in: folder).status == 0)
        #expect(try exported(folder).contains("03390"))
        #expect(try dti(["accept", "--commune", "03390", "--period", "2026-10"], in: folder).status == 65, "nothing left to accept")
        // The audit trail keeps every action with its author.
        let actions = try ledger.store(folder).reviewActions(for: Period("2026-10")!)
        #expect(actions.map(\.kind) == [.return, .return, .accept])
        #expect(actions.allSatisfy { !$0.author.isEmpty && $0.communeCode == "03390" })
    }

    @Test(arguments: StoreBackend.available)
    func aClosedMonthStaysAsClosedUntilAcceptedOrReopened(_ backend: StoreBackend) throws {
        let folder = try sample(backend)
        #expect(try dti(["close", "--period", "2026-10", "--province", "12"], in: folder).status == 0)
        #expect(try dti(["close", "--period", "2026-10", "--province", "12"], in: folder).status == 65, "closed already")
        let first = folder.appendingPathComponent("closed-1"), second = folder.appendingPathComponent("closed-2")
        #expect(try dti(["report", "--period", "2026-10", "--out", first.path], in: folder).status == 0)
        let exportClosed = try dti(["export", "--period", "2026-10"], in: folder).stdout
        let markdown = try String(contentsOf: first.appendingPathComponent("2026-10/dti-2026-10-12.md"), encoding: .utf8)
        #expect(markdown.contains("Đã chốt số liệu lúc"), "\(markdown.prefix(600))")
        // A correction arrives after the closing: stored, shown as waiting, and nothing moves.
        let file = try correction(folder, "03394", fibre: 1700, name: "sin-suoi-ho-sua")
        #expect(try dti(["ingest", file.path, "--period", "2026-10"], in: folder).status == 0)
        #expect(try dti(["report", "--period", "2026-10", "--out", second.path], in: folder).status == 0)
        for name in ["dti-2026-10-12.xlsx", "dti-2026-10-12.md", "dti-2026-10-12.html"] {
            let a = try Data(contentsOf: first.appendingPathComponent("2026-10/" + name))
            let b = try Data(contentsOf: second.appendingPathComponent("2026-10/" + name))
            #expect(a == b, "\(name) changed after a later arrival in a closed month")
        }
        #expect(try dti(["export", "--period", "2026-10"], in: folder).stdout == exportClosed)
        var state = try status(folder)
        #expect(state["province"]?["pendingChanges"] as? Int == 1)
        #expect((state["03394"]?["afterClosing"] as? [String: Any])?["changesFigures"] as? Bool == true)
        let text = try dti(["status", "--period", "2026-10", "--province", "12"], in: folder).stdout
        #expect(text.contains("1 thay đổi chờ duyệt") && text.contains("nhận sau khi chốt"), "\(text.prefix(800))")
        // Accepted: that commune's figures are taken in, the rest stays.
        #expect(try dti(["accept", "--commune", "03394", "--period", "2026-10"], in: folder).status == 0)
        let exportAccepted = try dti(["export", "--period", "2026-10"], in: folder).stdout
        #expect(exportAccepted != exportClosed)
        state = try status(folder)
        #expect(state["province"]?["pendingChanges"] as? Int == 0)
        // Another late file waits; reopening takes it in.
        let another = try correction(folder, "03388", fibre: 1650, name: "doan-ket-sua")
        #expect(try dti(["ingest", another.path, "--period", "2026-10"], in: folder).status == 0)
        #expect(try dti(["export", "--period", "2026-10"], in: folder).stdout == exportAccepted)
        #expect(try dti(["reopen", "--period", "2026-10", "--province", "12"], in: folder).status == 0)
        #expect(try dti(["export", "--period", "2026-10"], in: folder).stdout != exportAccepted)
        #expect(try dti(["reopen", "--period", "2026-10", "--province", "12"], in: folder).status == 65, "not closed")
        #expect(try status(folder)["province"]?["closed"] == nil)
    }

    @Test func theScheduledRunWritesAgainTheReportsOfAMonthWhoseFiguresChanged() throws {
        let folder = try sample(.sqlite)
        let reports = folder.appendingPathComponent("reports")
        let markdown = reports.appendingPathComponent("2026-10/dti-2026-10-12.md")
        let before = try String(contentsOf: markdown, encoding: .utf8)
        #expect(before.contains("số liệu tính đến 14:10 ngày 09/11/2026"), "\(before.prefix(500))")
        // Nothing changed: the scheduled run (no --period) writes October's reports again never.
        let inbox = folder.appendingPathComponent("sample")
        let quiet = try dti(["run", "--inbox", inbox.path, "--out", reports.path], in: folder)
        #expect(!quiet.stderr.contains("dti-2026-10-12"), "\(quiet.stderr)")
        // A late correction reaches the inbox: the next scheduled run writes October again,
        // and its figures now go up to that arrival.
        let late = try correction(folder, "03394", fibre: 1700, name: "sin-suoi-ho-muon")
        try FileManager.default.copyItem(at: late, to: inbox.appendingPathComponent("2026-10/sin-suoi-ho-muon.csv"))
        let date = try #require(ISO8601DateFormatter().date(from: "2026-11-20T09:15:00+07:00"))
        try FileManager.default.setAttributes([.modificationDate: date],
                                              ofItemAtPath: inbox.appendingPathComponent("2026-10/sin-suoi-ho-muon.csv").path)
        let rerun = try dti(["run", "--inbox", inbox.path, "--out", reports.path], in: folder)
        #expect(rerun.stderr.contains("số liệu tháng 10/2026 đã thay đổi từ lần báo cáo trước: lập lại báo cáo"), "\(rerun.stderr)")
        let after = try String(contentsOf: markdown, encoding: .utf8)
        #expect(after.contains("số liệu tính đến 09:15 ngày 20/11/2026"), "\(after.prefix(500))")
    }
}
