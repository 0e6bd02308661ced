import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// The state of the month against the deadline: a hand-built October with files whose
/// modification times fall around the deadline (the end of 5 November, Vietnam time).
struct MonthStatusTests {
    typealias T = TestData

    /// (file, commune, figures, modification time): what each commune sent and when.
    static let files: [(String, String, [Int], String)] = {
        var wrong = T.goodFigures
        wrong[2] = 14  // villages_fibre over villages_total: refused
        return [
            ("a-03388.csv", "03388", T.goodFigures, "2026-11-03T01:00:00Z"),  // 08:00 on 3 Nov in Vietnam
            ("b-03390.csv", "03390", T.goodFigures, "2026-11-05T16:59:00Z"),  // 23:59 on 5 Nov: still on time
            ("c-03394-sai.csv", "03394", wrong, "2026-11-02T03:00:00Z"),
            ("d-03394.csv", "03394", T.goodFigures, "2026-11-04T03:00:00Z"),
            ("e-03405-sai.csv", "03405", wrong, "2026-11-01T03:00:00Z"),
            ("f-03408-sai.csv", "03408", wrong, "2026-11-01T04:00:00Z"),
            ("g-03408.csv", "03408", T.goodFigures, "2026-11-08T04:00:00Z"),
            ("h-03424.csv", "03424", T.goodFigures, "2026-11-05T17:00:00Z"),  // 00:00 on 6 Nov: late
        ]
    }()

    /// Writes the month's `files` into `inbox`, each with its modification time.
    static func writeFiles(into inbox: URL, extra: [(String, String, [Int], String)] = []) throws {
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for (name, code, figures, time) in files + extra {
            let url = inbox.appendingPathComponent(name)
            try Data(T.csv([T.canonicalHeader, T.row(code, "2026-10", figures)])).write(to: url)
            try FileManager.default.setAttributes([.modificationDate: ISO8601DateFormatter().date(from: time)!], ofItemAtPath: url.path)
        }
    }

    /// A working folder whose database holds the month `files` describe.
    static func october() throws -> URL {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        let inbox = folder.appendingPathComponent("inbox")
        try writeFiles(into: inbox)
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try e2e.dti(["units", "import", register], in: folder).status == 0)
        #expect(try e2e.dti(["ingest", "--period", "2026-10", inbox.path], in: folder).status == 65)
        return folder
    }

    @Test func eachCommuneHasItsStatusAndEachProvinceItsRates() throws {
        let e2e = EndToEndTests()
        let folder = try Self.october()
        let csv = try e2e.dti(["status", "--period", "2026-10", "--province", "12", "--format", "csv", "--lang", "en"], in: folder)
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["period", "province_code", "commune_code", "commune", "status", "received_at", "file", "errors", "first_error", "imputed_from",
                               "returned_reason", "received_after_closing", "tier", "status_label"])
        let byCode = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[2], $0) })
        #expect(byCode.count == 38)  // every commune of Lai Châu, reported or not
        let expected: [String: (String, String, String)] = [
            "03388": ("on-time", "2026-11-03 08:00", "a-03388.csv"),
            "03390": ("on-time", "2026-11-05 23:59", "b-03390.csv"),
            "03394": ("corrected-on-time", "2026-11-04 10:00", "d-03394.csv"),
            "03405": ("refused-waiting", "2026-11-01 10:00", "e-03405-sai.csv"),
            "03408": ("corrected-late", "2026-11-08 11:00", "g-03408.csv"),
            "03424": ("late", "2026-11-06 00:00", "h-03424.csv"),
            "03430": ("nothing-received", "", ""),
        ]
        for (code, (status, time, file)) in expected {
            let row = try #require(byCode[code], "\(code)")
            #expect((row[4], row[5], row[6]) == (status, time, file), "\(code): \(row)")
        }
        #expect(byCode["03405"]?[7] == "1")
        // A ranked commune's tier follows its status (the default cut-offs, against the export's DTI).
        let export = try e2e.dti(["export", "--period", "2026-10"], in: folder).stdout.split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let dtiColumn = try #require(export.first?.firstIndex(of: "dti"))
        for row in export.dropFirst() {
            let dti = (Double(row[dtiColumn])! * 100).rounded(.toNearestOrAwayFromZero) / 100
            #expect(byCode[row[2]]?[12] == (dti >= 80 ? "Good" : dti >= 65 ? "Fair" : dti >= 50 ? "Average" : "Weak"), "\(row)")
        }
        #expect(byCode["03430"]?[12] == "", "nothing received, no tier")
        #expect(byCode.values.filter { $0[4] == "nothing-received" }.count == 32)
        #expect(byCode["03430"]?[13] == "nothing received", "the status in words: \(byCode["03430"] ?? [])")

        // Without --province: the provinces this database serves (only Lai Châu sent), not the
        // country's 34; --all for them; --excel begins with a byte-order mark.
        let served = try e2e.dti(["status", "--period", "2026-10", "--format", "csv", "--excel"], in: folder)
        #expect(served.stdout.hasPrefix("\u{FEFF}period,province_code,"))
        #expect(served.stdout.split(separator: "\n").count == 39, "a header and Lai Châu's 38 communes")
        let all = try e2e.dti(["status", "--period", "2026-10", "--format", "csv", "--all"], in: folder)
        #expect(all.stdout.split(separator: "\n").count == 3322, "a header and the country's 3,321 communes")

        let json = try e2e.dti(["status", "--period", "2026-10", "--province", "12", "--format", "json"], in: folder)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let province = try #require((document["provinces"] as? [[String: Any]])?.first)
        #expect(province["expected"] as? Int == 38 && province["accepted"] as? Int == 5 && province["onTime"] as? Int == 3)
        #expect(abs((province["reportingRate"] as? Double ?? 0) - 5.0 / 38) < 1e-9)
        #expect(abs((province["timelinessRate"] as? Double ?? 0) - 3.0 / 38) < 1e-9)
        #expect(document["deadline"] as? String == "2026-11-05T17:00:00Z")

        let text = try e2e.dti(["status", "--period", "2026-10", "--province", "12"], in: folder)
        #expect(text.stdout.contains("12 Tỉnh Lai Châu: đã nhận 5/38 (13,2 %), đúng hạn 3/38 (7,9 %)"), "\(text.stdout.prefix(400))")
        #expect(text.stdout.contains("03405  Xã Tả Lèng  —  bị từ chối, chờ tệp sửa"))

        // `history` tells a refused commune from a silent one.
        let refused = try e2e.dti(["history", "--commune", "03405", "--period", "2026-10", "--lang", "en"], in: folder)
        #expect(refused.status == 0)
        #expect(refused.stdout.hasPrefix("refused  received 2026-11-01 10:00 (Vietnam time)  e-03405-sai.csv  (1 error: “villages_fibre” (14)"),
                "\(refused.stdout)")
        #expect(try e2e.dti(["history", "--commune", "03430", "--period", "2026-10"], in: folder).status == 66)
    }

    /// The reports say it: refused and silent communes apart, the rates, late ones marked in
    /// the ranking (and still ranked); the national report gives each province's rates.
    @Test func theReportsSplitTheMissingAndMarkTheLate() throws {
        let e2e = EndToEndTests()
        let folder = try Self.october()
        let out = folder.appendingPathComponent("reports")
        let report = try e2e.dti(["report", "--period", "2026-10", "--scope", "all", "--out", out.path, "--lang", "en"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = try String(contentsOf: out.appendingPathComponent("2026-10/dti-2026-10-12-en.md"), encoding: .utf8)
        #expect(markdown.contains("| Reporting rate (accepted ÷ expected) | 5 / 38 (13.16 %) |"))
        #expect(markdown.contains("| Timeliness rate (on time ÷ expected) | 3 / 38 (7.89 %) |"))
        #expect(markdown.contains("## Refused, waiting for a correction (1)"))
        #expect(markdown.contains("| 03405 | Xã Tả Lèng | 1 | “villages\\_fibre” (14) is more than “villages\\_total” (12)"), "\(markdown)")
        #expect(markdown.contains("| e-03405-sai.csv | 2026-11-01 10:00 |"))
        #expect(markdown.contains("## Nothing received (32)"))
        let ranked = markdown.components(separatedBy: "## Top communes")[1].components(separatedBy: "## ")[0]
        let rows = ranked.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Rank") }
        #expect(rows.count == 5)  // every accepted commune is ranked, late or not
        let late = rows.filter { $0.contains("(late)") }.map { $0.split(separator: "|")[1].trimmingCharacters(in: .whitespaces) }
        #expect(Set(late) == ["03408", "03424"])
        #expect(markdown.contains("A commune marked (late) sent its figures after the deadline (the end of 5 November 2026, Vietnam time)"))

        let workbook = out.appendingPathComponent("2026-10/dti-2026-10-12-en.xlsx")
        let ranking = try T.workbookTable(workbook, sheet: "Ranking")
        let submitted = try #require(ranking.first?.firstIndex(of: "Submitted"))
        let whenSent = Dictionary(uniqueKeysWithValues: ranking.dropFirst().map { ($0[1], $0[submitted]) })
        #expect(whenSent == ["03388": "on time", "03390": "on time", "03394": "on time", "03408": "late", "03424": "late"])
        let missing = try T.workbookTable(workbook, sheet: "Missing")
        #expect(missing.first?.prefix(8) == ["Commune code", "Commune", "Type", "Status", "Errors", "First error", "File",
                                             "Received (Vietnam time)"])
        #expect(missing.count == 1 + 33)
        #expect(missing[1].prefix(5) == ["03405", "Xã Tả Lèng", "Xã", "refused, waiting for a corrected file", "1"])
        #expect(missing[2][3] == "nothing received")

        let national = try String(contentsOf: out.appendingPathComponent("2026-10/dti-2026-10-national-en.md"), encoding: .utf8)
        #expect(national.contains("| 12 | Tỉnh Lai Châu | 5 / 38 | 5 / 38 (13.16 %) | 3 / 38 (7.89 %) |"), "\(national)")
    }

    /// A key for every commune of a province at once, in a file only its owner may read.
    @Test func keysForEveryCommuneOfAProvinceGoToAPrivateFile() throws {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try e2e.dti(["units", "import", register], in: folder).status == 0)
        let file = folder.appendingPathComponent("keys.csv")
        let issue = ["keys", "issue", "--province", "12", "--each-commune", "--out", file.path, "--label", "tháng 11"]
        #expect(try e2e.dti(issue, in: folder).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(lines.first == ["commune_code", "commune", "key_prefix", "key"])
        #expect(lines.count == 39)
        let store = try DTIStore(path: folder.appendingPathComponent("dti.sqlite").path, create: false)
        for line in lines.dropFirst() {
            let key = try #require(try store.uploadKey(matching: line[3]))
            #expect(key.scope == .commune(line[0]) && key.prefix == line[2])
        }
        let before = try Data(contentsOf: file)
        #expect(try e2e.dti(issue, in: folder).status == 73)  // never over an existing key file
        #expect(try Data(contentsOf: file) == before)
        #expect(try store.uploadKeys().count == 38)
    }

    /// `--received-at` says when old files reached the department.
    @Test func aBatchLoadTakesTheArrivalTimeGiven() throws {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        let file = folder.appendingPathComponent("cu.csv")
        try Data(T.csv([T.canonicalHeader, T.row("03388", "2026-10", T.goodFigures)])).write(to: file)
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try e2e.dti(["units", "import", register], in: folder).status == 0)
        #expect(try e2e.dti(["ingest", "--period", "2026-10", "--received-at", "2026-11-20", file.path], in: folder).status == 0)
        let csv = try e2e.dti(["status", "--period", "2026-10", "--province", "12", "--format", "csv"], in: folder)
        #expect(csv.stdout.contains("2026-10,12,03388,Phường Đoàn Kết,late,2026-11-20 00:00,cu.csv,,,"), "\(csv.stdout.prefix(300))")
    }
}
