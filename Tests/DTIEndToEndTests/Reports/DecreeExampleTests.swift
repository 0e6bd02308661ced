import DTICore
import DTITestSupport
import Foundation
import Testing

/// The decree example (issue 35, item 4): `indicators/examples/da-nang-2386.toml` — annual,
/// 1,000 points in groups, yes/no tasks, step rules, a condition, a bonus and a penalty —
/// with a year of Đà Nẵng's files made for its form by `dti sample generate --form`, loaded
/// and reported for 2026 through the built `dti`.
struct DecreeExampleTests {
    typealias T = TestData

    @Test func theDecreeExampleRunsFromItsSampleToItsYearReport() throws {
        let folder = T.temporaryFolder()
        let decree = T.packageRoot.appendingPathComponent("indicators/examples/da-nang-2386.toml").path
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        func dti(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try EndToEndTests.run(EndToEndTests.binary, ["--db", folder.appendingPathComponent("dti.sqlite").path,
                                                         "--indicators", decree, "--lang", "en"] + arguments)
        }
        let inbox = folder.appendingPathComponent("inbox")
        let made = try dti(["sample", "generate", "--register", register, "--periods", "2025-12..2026-12", "--province", "48",
                            "--form", decree, "--out", inbox.path])
        #expect(made.status == 0, "\(made.stderr)")
        // December 2025 is before the form change: no column of the province's; January has them.
        let december = try #require(try FileManager.default.contentsOfDirectory(atPath: inbox.appendingPathComponent("2025-12").path).sorted().first)
        let january = try #require(try FileManager.default.contentsOfDirectory(atPath: inbox.appendingPathComponent("2026-01").path).sorted().first)
        let before = try String(contentsOf: inbox.appendingPathComponent("2025-12/" + december), encoding: .utf8)
        let after = try String(contentsOf: inbox.appendingPathComponent("2026-01/" + january), encoding: .utf8)
        #expect(!before.contains("has_portal") && !before.contains("trang thông tin điện tử"))
        #expect(after.contains("has_portal") || after.contains("Có trang thông tin điện tử") || after.contains("TRANG THÔNG TIN"),
                "\(after.prefix(400))")

        // Today's units, in force from the reform (the register's own date is April 2026).
        #expect(try dti(["units", "import", register, "--in-force", "2025-07"]).status == 0)
        // What the department hands communes: the form's columns, kinds and checks.
        let fields = try dti(["codes", "--fields"])
        #expect(fields.status == 0 && fields.stdout.contains("| `has_portal` | Has an information portal | yes/no | Có (yes), Không (no) | yes | latest | 2026-01 |"),
                "\(fields.stdout)")
        #expect(fields.stdout.contains("- `digital_households_within_households`: `digital_households <= households_total`"))
        let json = try dti(["codes", "--fields", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 22 && list.last?["name"] as? String == "security_incidents" && list.last?["aggregation"] as? String == "sum")
        let ingest = try dti(["ingest", "--period", "2026-12", inbox.path])
        #expect(ingest.status == 0, "every made-up file passes the decree's form: \(ingest.stderr.suffix(2000))")

        let export = try dti(["export", "--period", "2026"])
        #expect(export.status == 0, "\(export.stderr)")
        let records = DecreeRuleTests.records(export.stdout)
        #expect(records.count == 94, "Đà Nẵng's 94 communes")
        let header = export.stdout.split(separator: "\n")[0]
        #expect(header.hasSuffix(",tier,adjustment_recognised_models,adjustment_security_incidents,mandatory_missed"), "\(header)")
        var capped = 0
        for (code, record) in records {
            let bonus = Double(record["adjustment_recognised_models"]!)!, penalty = Double(record["adjustment_security_incidents"]!)!
            #expect((0...5).contains(bonus) && (-10...0).contains(penalty), "\(code)")
            // The portal is a condition: a commune without one is held at 79.99 (below "tốt").
            if record["portal"].flatMap(Double.init) == 0 {
                capped += 1
                #expect(record["mandatory_missed"] == "portal", "\(code): \(record)")
                #expect(Double(record["dti"]!)! <= 79.99 + 1e-9, "\(code): \(record["dti"]!)")
            }
            #expect(["xuat_sac", "tot", "kha", "trung_binh_kha", ""].contains(record["tier"]!), "\(code)")
            // Meetings by steps: 4 or more a month earn the 50 points whole.
            if let meetings = record["online_meetings"].flatMap(Double.init) {
                #expect(meetings >= 0 && meetings <= 6)
            }
        }
        #expect(capped > 0 && capped < records.count, "some communes have no portal yet: \(capped)")

        let out = folder.appendingPathComponent("reports")
        let report = try dti(["report", "--period", "2026", "--out", out.path])
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = try String(contentsOf: out.appendingPathComponent("2026/dti-2026-year-48-en.md"), encoding: .utf8)
        #expect(markdown.contains("theo cấu trúc QĐ 2386/QĐ-UBND Đà Nẵng (minh hoạ)"))
        #expect(markdown.contains("steps (points) ≥ 4: 20; ≥ 3: 15; ≥ 2: 10; ≥ 1: 5"), "\(markdown.prefix(4000))")
        #expect(markdown.contains("The form changed in this period: from January 2026 the form adds"))
        // The year sums the province's flows too: its security incidents.
        #expect(markdown.contains("dossiers online; security incidents)") || markdown.contains("; security incidents)"), "\(markdown.prefix(200))")
        #expect(markdown.contains("Excellent") || markdown.contains("Good"))
    }
}
