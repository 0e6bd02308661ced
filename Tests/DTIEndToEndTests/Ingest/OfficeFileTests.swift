import DTICore
import DTITestSupport
import Foundation
import Testing

/// Files as Vietnamese offices save them (issue 33), through the built `dti ingest`: a
/// semicolon CSV with title rows above its header, the template with a cover sheet put before
/// *Báo cáo* (by openpyxl), formulas a program wrote without their values (openpyxl), and a
/// commune name with the old tone-mark placement.
struct OfficeFileTests {
    typealias T = TestData

    func database() throws -> (EndToEndTests, URL) {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        #expect(try e2e.dti(["units", "import", T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path],
                            in: folder).status == 0)
        return (e2e, folder)
    }

    func python(_ script: String, _ arguments: [String]) throws {
        let run = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func aSemicolonFileWithTitleRowsAboveItsHeaderIsRead() throws {
        let (e2e, folder) = try database()
        let file = folder.appendingPathComponent("bao-cao-10-2026.csv")
        let header = T.canonicalHeader.replacingOccurrences(of: ",", with: ";")
        let row = T.row("03390", "2026-10", T.goodFigures).replacingOccurrences(of: ",", with: ";")
        try Data("BÁO CÁO CHUYỂN ĐỔI SỐ THÁNG 10/2026\r\nUBND XÃ BÌNH LƯ, TỈNH LAI CHÂU\r\n\(header)\r\n\(row)\r\n".utf8).write(to: file)
        let run = try e2e.dti(["ingest", "--period", "2026-10", "--lang", "en", file.path], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("title-row-skipped") && !run.stderr.contains("header-missing-column"), "\(run.stderr)")
    }

    /// Bình Lư's October template filled with good figures by openpyxl, then `change` (Python
    /// on `book` and `sheet`, the *Báo cáo* sheet) before it is saved.
    func filledTemplate(_ name: String, change: String, in folder: URL, e2e: EndToEndTests) throws -> URL {
        let workbook = folder.appendingPathComponent(name)
        #expect(try e2e.dti(["template", "--period", "2026-10", "--commune", "03390", "--out", workbook.path], in: folder).status == 0)
        try python("""
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheet = book["Báo cáo"]
            for column, value in zip(range(4, 17), sys.argv[2].split(",")):
                sheet.cell(row=3, column=column, value=int(value))
            \(change)
            book.save(sys.argv[1])
            """, [workbook.path, T.goodFigures.map(String.init).joined(separator: ",")])
        return workbook
    }

    @Test func theTemplateWithACoverSheetIsReadFromItsTableAndSaysSo() throws {
        let (e2e, folder) = try database()
        let workbook = try filledTemplate("bao-cao.xlsx", change: """
            cover = book.create_sheet("Bìa", 0); cover["A1"] = "BÁO CÁO CHUYỂN ĐỔI SỐ THÁNG 10/2026"; cover["A2"] = "UBND XÃ BÌNH LƯ"; book.active = 0
            """, in: folder, e2e: e2e)
        let run = try e2e.dti(["ingest", "--period", "2026-10", "--lang", "en", workbook.path], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("warning [sheet-skipped] Read the sheet “Báo cáo”; the sheet “Bìa” before it holds no table and was passed over."),
                "\(run.stderr)")
    }

    /// The receipt of one file echoes the figures stored under the template's labels, numbers
    /// grouped as the officer typed them; a batch does so only when asked (`--figures`).
    @Test func theReceiptOfOneFileEchoesTheFiguresStored() throws {
        let (e2e, folder) = try database()
        let workbook = try filledTemplate("bao-cao.xlsx", change: "", in: folder, e2e: e2e)
        let run = try e2e.dti(["ingest", "--period", "2026-10", workbook.path], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "  Số liệu dòng 3, mã 03390, tháng 10/2026:"), "\(run.stderr)")
        // 2400 households, 1800 with fibre, 5000 adults, 3000 with a smartphone (T.goodFigures).
        #expect(Array(lines[(start + 1)...].prefix(13)) == [
            "    Tổng số thôn, tổ dân phố: 12", "    Số thôn có sóng 3G/4G: 12", "    Số thôn có cáp quang: 9", "    Số trạm BTS: 5",
            "    Tổng số hộ gia đình: 2.400", "    Số hộ có internet cáp quang: 1.800", "    Dân số trưởng thành: 5.000",
            "    Số người trưởng thành có điện thoại thông minh: 3.000", "    Tổng số thủ tục hành chính: 200",
            "    Số dịch vụ công trực tuyến một phần: 10", "    Số dịch vụ công trực tuyến toàn trình: 120",
            "    Tổng số hồ sơ tiếp nhận: 300", "    Số hồ sơ nộp trực tuyến: 100"], "\(run.stderr)")
        let other = folder.appendingPathComponent("khac.csv")
        try Data((T.canonicalHeader + "\n" + T.row("03388", "2026-10", T.goodFigures) + "\n").utf8).write(to: other)
        let batch = try e2e.dti(["ingest", "--period", "2026-10", "--lang", "en", workbook.path, other.path], in: folder)
        #expect(batch.status == 0 && !batch.stderr.contains("Figures of line"), "\(batch.stderr)")
        let asked = try e2e.dti(["ingest", "--period", "2026-10", "--lang", "en", "--figures", workbook.path, other.path], in: folder)
        #expect(asked.stderr.contains("  Figures of line 2, code 03388, October 2026:\n    villages_total: 12\n"), "\(asked.stderr)")
        #expect(asked.stderr.contains("    households_total: 2,400\n"), "\(asked.stderr)")
    }

    /// openpyxl writes a formula without its result: one error per cell, named by its column.
    @Test func aFormulaWithoutItsValueIsOneErrorNamedByItsColumn() throws {
        let (e2e, folder) = try database()
        let workbook = try filledTemplate("cong-thuc.xlsx", change: #"sheet["E3"] = "=D3""#, in: folder, e2e: e2e)
        let run = try e2e.dti(["ingest", "--period", "2026-10", "--lang", "en", workbook.path], in: folder)
        #expect(run.status == 65)
        let errors = run.stderr.split(separator: "\n").filter { $0.contains(": error [") }
        #expect(errors.count == 1, "\(run.stderr)")
        #expect(errors.first?.contains("'Báo cáo'!E3: error [formula-without-value] Cell E3 (“") == true, "\(run.stderr)")
    }

    /// “Yên Hòa” for the register's “Yên Hoà”: the same name, no warning.
    @Test func aNameWithTheOldTonePlacementIsTheSameName() throws {
        let (e2e, folder) = try database()
        let file = folder.appendingPathComponent("yen-hoa.csv")
        let header = "commune_code,commune_name," + T.canonicalHeader.split(separator: ",").dropFirst().joined(separator: ",")
        func row(_ name: String) -> String {
            let parts = T.row("00175", "2026-10", T.goodFigures).split(separator: ",", omittingEmptySubsequences: false)
            return ([String(parts[0]), name] + parts.dropFirst().map(String.init)).joined(separator: ",")
        }
        try Data("\(header)\n\(row("Yên Hòa"))\n".utf8).write(to: file)
        let same = try e2e.dti(["ingest", "--period", "2026-10", "--lang", "en", file.path], in: folder)
        #expect(same.status == 0 && !same.stderr.contains("commune-name-mismatch"), "\(same.stderr)")
        try Data("\(header)\n\(row("Yên Hạ"))\n".utf8).write(to: file)
        let other = try e2e.dti(["ingest", "--period", "2026-10", "--lang", "en", file.path], in: folder)
        #expect(other.stderr.contains("commune-name-mismatch") && other.stderr.contains("“Yên Hoà”"), "\(other.stderr)")
    }

    /// Files of months no register covers (the department forgot to import it): the first
    /// three shown whole, the rest said once (issue 33, item 13).
    @Test func aDepartmentsMistakeIsSaidOnceNotOncePerFile() throws {
        let (e2e, folder) = try database()
        let files = folder.appendingPathComponent("2025-03")
        #expect(try e2e.dti(["sample", "generate", "--register", T.packageRoot.appendingPathComponent("data/registers/vn_units_2025-03.csv").path,
                             "--periods", "2025-03", "--province", "12", "--rows-per-file", "1", "--missing", "0", "--out", files.path],
                            in: folder).status == 0)
        let run = try e2e.dti(["ingest", "--period", "2025-03", "--lang", "en", files.path], in: folder)
        #expect(run.status == 65)
        let blocks = run.stderr.split(separator: "\n").filter { $0.hasPrefix("✗ ") }
        #expect(blocks.count == 3, "\(run.stderr.prefix(2000))")
        #expect(run.stderr.contains("more files refused for the same reason [no-register-for-period]"), "\(run.stderr.suffix(800))")
        #expect(run.stderr.split(separator: "\n").count < 20, "\(run.stderr.split(separator: "\n").count) lines")
    }

    /// The template on paper: its title, the signatures it needs, figures grouped by thousands
    /// (issue 33, item 7), as LibreOffice prints it.
    @Test(.enabled(if: WorkbookTests.libreOffice)) func theTemplatePrintsWithItsTitleAndSignatures() throws {
        let (e2e, folder) = try database()
        let workbook = folder.appendingPathComponent("mau.xlsx")
        #expect(try e2e.dti(["template", "--period", "2026-11", "--commune", "03390", "--out", workbook.path], in: folder).status == 0)
        let convert = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/soffice"), [
            "-env:UserInstallation=file://" + folder.appendingPathComponent("lo").path, "--headless", "--convert-to", "pdf",
            "--outdir", folder.path, workbook.path])
        #expect(convert.status == 0, "\(convert.stderr)")
        let text = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/pdftotext"), ["-layout", folder.appendingPathComponent("mau.pdf").path, "-"]).stdout
        let first = text.components(separatedBy: "\u{0C}").first ?? ""
        for words in ["Báo cáo chuyển đổi số tháng 11/2026 — Xã Bình Lư", "NGƯỜI LẬP BIỂU", "CHỦ TỊCH UBND XÃ", "(Ký tên, đóng dấu)"] {
            #expect(first.contains(words), "\(words)\n\(first)")
        }
        try python("""
            import sys, openpyxl
            sheet = openpyxl.load_workbook(sys.argv[1])["Báo cáo"]
            assert sheet["D3"].number_format == "#,##0", sheet["D3"].number_format
            """, [workbook.path])
    }
}
