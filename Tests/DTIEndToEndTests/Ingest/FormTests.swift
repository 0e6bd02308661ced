import DTICore
import DTITestSupport
import Foundation
import Testing

/// A province's form (issue 35, done means): two new fields, a count and a yes/no task, added
/// by editing the indicator file only — the template written, filled by openpyxl, read back,
/// validated (the new check refuses a bad row with its derived message), scored, ranked and
/// reported, over the command line and HTTP, on SQLite and PostgreSQL; the month before the
/// form change still reads and reports with its old form.
struct FormEndToEndTests {
    typealias T = TestData

    /// The export's records by commune code.
    static func records(_ csv: String) -> [String: [String: String]] {
        DecreeRuleTests.records(csv)
    }

    @Test(arguments: StoreBackend.available)
    func aFormWithTwoNewFieldsWorksFromTemplateToReport(_ backend: StoreBackend) async throws {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        EndToEndTests.useDatabase(try backend.databaseLocation(in: folder), in: folder)
        let province = folder.appendingPathComponent("province.toml")
        try Data(T.provinceIndicatorText.utf8).write(to: province)
        func dti(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try EndToEndTests.run(EndToEndTests.binary, ["--db", EndToEndTests.database(of: folder), "--indicators", province.path] + arguments)
        }
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try dti(["units", "import", register]).status == 0)

        // The template of October carries the new columns, the yes/no one with its drop-down.
        let template = folder.appendingPathComponent("mau.xlsx")
        let made = try dti(["template", "--period", "2026-10", "--province", "12", "--out", template.path])
        #expect(made.status == 0, "\(made.stderr)")
        let filled = folder.appendingPathComponent("bao-cao-10-2026.xlsx")
        // Each commune's row filled in the order of the sheet: the contract's figures, then
        // members (i × 7 mod 40) and the registry (Có for odd i); printed for the test to work from.
        let written = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheet = book["Báo cáo"]
            names = [cell.value for cell in sheet[2]]
            labels = [cell.value for cell in sheet[1]]
            choices = [v.formula1 for v in sheet.data_validations.dataValidation]
            print("labels", "|".join(labels))
            print("choices", "|".join(str(c) for c in choices))
            print("print", sheet.page_setup.fitToWidth, sheet.print_title_cols)
            good = [12, 12, 9, 5, 2400, 1800, 5000, 3000, 200, 10, 120, 300, 100]
            contract = ["villages_total", "villages_mobile_broadband", "villages_fibre", "bts_stations", "households_total",
                        "households_fibre", "adult_population", "adults_smartphone", "services_total",
                        "services_online_partial", "services_online_full", "dossiers_total", "dossiers_online"]
            for i, row in enumerate(sheet.iter_rows(min_row=3)):
                values = dict(zip(contract, good))
                values["adult_population"] = 4000 + 100 * i
                values["digital_team_members"] = i * 7 % 40
                values["civil_registry_digitised"] = "Có" if i % 2 else "Không"
                code = None
                for name, cell in zip(names, row):
                    if name == "commune_code": code = cell.value
                    if name in values: cell.value = values[name]
                print("row", code, values["digital_team_members"], 1 if i % 2 else 0, values["adult_population"])
            book.save(sys.argv[2])
            """, template.path, filled.path])
        #expect(written.status == 0, "\(written.stderr)")
        let lines = written.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let labels = lines.first { $0.first == "labels" }.map { $0.dropFirst().joined(separator: " ") } ?? ""
        #expect(labels.hasSuffix("Dân số trưởng thành|Số người trưởng thành có điện thoại thông minh|Tổng số thủ tục hành chính|Số dịch vụ công trực tuyến một phần|Số dịch vụ công trực tuyến toàn trình|Tổng số hồ sơ tiếp nhận|Số hồ sơ nộp trực tuyến|Số thành viên tổ công nghệ số cộng đồng|Đã số hoá sổ hộ tịch|Điểm chất lượng phục vụ|Tên mô hình chuyển đổi số|Ghi chú"), "\(labels)")
        #expect(lines.contains { $0.first == "choices" && $0.joined(separator: " ").contains("\"Có,Không\"") }, "\(written.stdout.prefix(400))")
        // Wider than the contract's form: printed two pages across, code and name on each.
        #expect(lines.contains(["print", "2", "$A:$B"]), "\(written.stdout.prefix(600))")
        let expected = lines.filter { $0.first == "row" && $0.count == 5 }.map { (code: $0[1], members: Double($0[2])!, registry: $0[3], adults: Double($0[4])!) }
        #expect(expected.count >= 30)

        // Read back and stored; September, before the form change, sent on the old form.
        let ingested = try dti(["ingest", "--period", "2026-10", "--lang", "en", filled.path])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let september = folder.appendingPathComponent("thang-9.csv")
        try Data(T.csv([T.canonicalHeader] + expected.map { T.row($0.code, "2026-09", T.goodFigures) })).write(to: september)
        let old = try dti(["ingest", "--period", "2026-10", "--lang", "en", september.path])
        #expect(old.status == 0, "\(old.stderr)")

        // Scored and ranked with the new indicators, worked out here from what was written.
        let export = try dti(["export", "--period", "2026-10"])
        #expect(export.status == 0, "\(export.stderr)")
        let records = Self.records(export.stdout)
        #expect(records.count == expected.count)
        for row in expected {
            let record = try #require(records[row.code])
            #expect(abs(Double(record["digital_teams"]!)! - 1000 * row.members / row.adults) < 1e-9, "\(row.code)")
            #expect(Double(record["civil_registry"]!) == Double(row.registry), "\(row.code): \(record)")
            #expect(!(record["rank"] ?? "").isEmpty)
        }
        let septemberExport = Self.records(try dti(["export", "--period", "2026-09"]).stdout)
        #expect(septemberExport.count == expected.count)
        #expect(septemberExport.values.allSatisfy { $0["digital_teams"] == "" && $0["civil_registry"] == "" && !($0["rank"] ?? "").isEmpty },
                "\(septemberExport.values.first ?? [:])")
        let out = folder.appendingPathComponent("reports")
        for period in ["2026-10", "2026-09"] {
            let report = try dti(["report", "--period", period, "--out", out.path])
            #expect(report.status == 0, "\(report.stderr)")
        }
        let markdown = try String(contentsOf: out.appendingPathComponent("2026-10/dti-2026-10-12.md"), encoding: .utf8)
        #expect(markdown.contains("Thành viên tổ công nghệ số trên 1.000 người trưởng thành"))
        #expect(markdown.contains("1000 × Số thành viên tổ công nghệ số cộng đồng ÷ Dân số trưởng thành"))
        // The workbook's figures sheet has the new fields, under their labels, as stored.
        let sheet = try T.workbookTable(out.appendingPathComponent("2026-10/dti-2026-10-12.xlsx"), sheet: "Số liệu")
        let heading = try #require(sheet.first { $0.contains("Số thành viên tổ công nghệ số cộng đồng") })
        let column = try #require(heading.firstIndex(of: "Số thành viên tổ công nghệ số cộng đồng"))
        let codeColumn = try #require(heading.firstIndex(of: "Mã xã"))
        let firstRow = try #require(sheet.first { $0.count > codeColumn && $0[codeColumn] == expected[0].code })
        #expect(Double(firstRow[column]) == expected[0].members, "\(firstRow)")
        // The report of the month the form changed says so; September's does not.
        #expect(markdown.contains("từ tháng 10/2026 mẫu báo cáo thêm “Số thành viên tổ công nghệ số cộng đồng”, “Đã số hoá sổ hộ tịch”"),
                "\(markdown.suffix(3000))")
        let septemberReport = try String(contentsOf: out.appendingPathComponent("2026-09/dti-2026-09-12.md"), encoding: .utf8)
        #expect(!septemberReport.contains("Mẫu báo cáo thay đổi"))

        // A row whose members outnumber its adults: refused with the check's derived message.
        let code = expected[0].code
        var figures = T.goodFigures
        figures[6] = 100
        let bad = folder.appendingPathComponent("sai.csv")
        try Data(T.csv([T.canonicalHeader + ",digital_team_members,civil_registry_digitised", T.row(code, "2026-10", figures) + ",150,Có"]))
            .write(to: bad)
        let refused = try dti(["ingest", "--period", "2026-10", bad.path])
        // (Exit 65 only while the refusal waits: the template's file may share its second.)
        #expect(refused.stderr.contains("✗ sai.csv"), "\(refused.stderr)")
        #expect(refused.stderr.contains("“digital_team_members” (150) lớn hơn “adult_population” (100); số này không thể vượt tổng số, kiểm tra lại một trong hai ô."),
                "\(refused.stderr)")

        // One good file at the command line: its receipt echoes the new fields under their labels.
        let good = folder.appendingPathComponent("dung.csv")
        try Data(T.csv([T.canonicalHeader + ",digital_team_members,civil_registry_digitised,model_name",
                        T.row(code, "2026-10", T.goodFigures) + ",30,Có,\"Chợ 4.0, \"\"Bản Bo\"\"\""])).write(to: good)
        let echoed = try dti(["ingest", "--period", "2026-10", good.path])
        #expect(echoed.status == 0, "\(echoed.stderr)")
        #expect(echoed.stderr.contains("Số thành viên tổ công nghệ số cộng đồng: 30") && echoed.stderr.contains("Đã số hoá sổ hộ tịch: Có")
                    && echoed.stderr.contains("Tên mô hình chuyển đổi số: Chợ 4.0, \"Bản Bo\""), "\(echoed.stderr)")
        // Stored and read back: November's template shows October's figures, the text too.
        let november = folder.appendingPathComponent("mau-11.xlsx")
        #expect(try dti(["template", "--period", "2026-11", "--commune", code, "--out", november.path]).status == 0)
        let previous = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import sys, openpyxl
            for row in openpyxl.load_workbook(sys.argv[1])["Tháng trước"].iter_rows(values_only=True):
                print("|".join("" if v is None else str(v) for v in row))
            """, november.path])
        #expect(previous.stdout.contains("|30|Có||Chợ 4.0, \"Bản Bo\""), "\(previous.stdout) \(previous.stderr)")

        // Over HTTP, with the same file's form.
        let server = try ServerHarness(["--indicators", province.path], folder: T.temporaryFolder(),
                                       database: EndToEndTests.database(of: folder))
        let key = try server.issueKey(["--commune", code])
        // The form of each month, as the API describes it (checked against docs/openapi.json).
        for (period, fields) in [("2026-10", ["digital_team_members", "civil_registry_digitised", "service_quality", "model_name"]),
                                 ("2026-09", ["service_quality", "model_name"])] {
            let reply = try await server.send("GET", "/api/v1/form?period=\(period)", template: "/api/v1/form", key: key, contentType: nil)
            #expect(reply.status == 200)
            let document = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
            let names = (document["fields"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(Array(names.dropFirst(13)) == fields && names.count == 13 + fields.count, "\(period): \(names)")
            let rules = (document["checks"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            #expect(rules.contains("digital_team_members <= adult_population") == (period == "2026-10"), "\(rules)")
        }
        let upload = try await server.upload(
            T.csv([T.canonicalHeader + ",digital_team_members,civil_registry_digitised", T.row(code, "2026-10", T.goodFigures) + ",21,x"]),
            key: key, name: "sua.csv")
        #expect(upload.status == 201, "\(String(decoding: upload.body, as: UTF8.self))")
        #expect(String(decoding: upload.body, as: UTF8.self).contains("\"digital_team_members\":21"), "\(String(decoding: upload.body, as: UTF8.self))")
        let refusedUpload = try await server.upload(T.csv([T.canonicalHeader + ",digital_team_members,civil_registry_digitised",
                                                           T.row(code, "2026-10", figures) + ",150,Có"]), key: key, name: "sai.csv")
        #expect(refusedUpload.status == 422)
        #expect(String(decoding: refusedUpload.body, as: UTF8.self).contains("số này không thể vượt tổng số"))
        let after = Self.records(try dti(["export", "--period", "2026-10"]).stdout)
        #expect(abs(Double(after[code]!["digital_teams"]!)! - 1000 * 21 / 5000) < 1e-9)
        #expect(Double(after[code]!["civil_registry"]!) == 1)
    }
}
