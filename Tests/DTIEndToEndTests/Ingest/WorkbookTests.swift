import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// The officer's own file: the template `dti template` writes, filled by openpyxl and by
/// LibreOffice as Excel would save it, read back to the same figures; workbooks in the shapes
/// real sheets have; and the layouts (titles, totals, headings without diacritics) in any format.
struct WorkbookTests {
    typealias T = TestData

    /// A working folder with the 2026-04 register and October's figures of 03390 in the database.
    static func folder() throws -> URL {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try e2e.dti(["units", "import", register], in: folder).status == 0)
        let october = folder.appendingPathComponent("october.csv")
        try Data(T.csv([T.canonicalHeader, T.row("03390", "2026-10", T.goodFigures)])).write(to: october)
        #expect(try e2e.dti(["ingest", "--period", "2026-10", october.path], in: folder).status == 0)
        return folder
    }

    static let november = [56, 49, 24, 20, 14223, 5113, 37845, 23736, 400, 20, 144, 217, 142]

    /// Runs a Python script with openpyxl; returns its stdout.
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let result = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func theTemplateIsWhatAnOfficerNeedsAndReadsBackExactlyOnceFilled() throws {
        let e2e = EndToEndTests()
        let folder = try Self.folder()
        let template = folder.appendingPathComponent("mau.xlsx")
        let write = try e2e.dti(["template", "--period", "2026-11", "--commune", "03390", "--out", template.path, "--lang", "en"],
                                in: folder)
        #expect(write.status == 0, "\(write.stderr)")
        // Looked at with openpyxl, a strict reader.
        let facts = try Self.python("""
            import sys, json, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheet = book.worksheets[0]
            rows = [[c.value for c in row] for row in sheet.iter_rows()]
            checks = {str(v.sqref).split(":")[0]: [v.type, v.formula1, v.formula2, v.prompt] for v in sheet.data_validations.dataValidation}
            previous = [[c.value for c in row] for row in book["Tháng trước"].iter_rows()]
            locked = {c.coordinate: c.protection.locked for c in sheet[3]}
            print(json.dumps({"sheets": book.sheetnames, "rows": rows, "hidden": sheet.row_dimensions[2].hidden,
                              "protected": sheet.protection.sheet, "checks": checks, "previous": previous, "locked": locked,
                              "guide": [r[0] for r in book["Hướng dẫn"].iter_rows(values_only=True) if r[0]]}, ensure_ascii=False, default=str))
            """, [template.path])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(facts.utf8)) as? [String: Any])
        #expect(document["sheets"] as? [String] == ["Báo cáo", "Hướng dẫn", "Tháng trước"])
        let rows = try #require(document["rows"] as? [[Any]])
        #expect(rows.count == 3)
        #expect(rows[0].prefix(4).compactMap { $0 as? String } == ["Mã xã", "Tên xã", "Kỳ báo cáo", "Tổng số thôn, tổ dân phố"])
        #expect(rows[1].prefix(4).compactMap { $0 as? String } == ["commune_code", "commune_name", "period", "villages_total"])
        #expect(rows[2].prefix(3).compactMap { $0 as? String } == ["03390", "Xã Bình Lư", "2026-11"])
        #expect(document["hidden"] as? Bool == true && document["protected"] as? Bool == true)
        let locked = try #require(document["locked"] as? [String: Bool])
        #expect(locked["A3"] == true && locked["C3"] == true && locked["D3"] == false && locked["Q3"] == false)
        let checks = try #require(document["checks"] as? [String: [Any]])
        #expect(checks.count == 13)
        // villages_fibre (F): a whole number from 0 to the row's villages_total (D).
        #expect(checks["F3"]?.prefix(3).map { "\($0)" } == ["whole", "0", "D3"])
        #expect((checks["F3"]?[3] as? String)?.hasPrefix("Số thôn có cáp quang: ghi số nguyên từ 0") == true)
        let previous = try #require(document["previous"] as? [[Any]])
        #expect(previous[1].prefix(4).map { "\($0)" } == ["03390", "Xã Bình Lư", "2026-10", "12"])
        let guide = try #require(document["guide"] as? [String])
        #expect(guide.contains("Hạn nộp: hết ngày 05/12/2026 (giờ Việt Nam)."))

        // The same inputs, the same bytes.
        let again = folder.appendingPathComponent("mau-2.xlsx")
        #expect(try e2e.dti(["template", "--period", "2026-11", "--commune", "03390", "--out", again.path], in: folder).status == 0)
        #expect(try Data(contentsOf: again) == (try Data(contentsOf: template)))

        // Filled as Excel saves it (openpyxl writes shared strings and numbers), read back exactly.
        let filled = folder.appendingPathComponent("Bình Lư tháng 11.xlsx")
        _ = try Self.python("""
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheet = book.worksheets[0]
            for index, value in enumerate(sys.argv[3].split(",")):
                sheet.cell(row=3, column=4 + index, value=int(value))
            sheet.cell(row=3, column=17, value="Đã điền; có 1 thôn mới")
            book.save(sys.argv[2])
            """, [template.path, filled.path, Self.november.map(String.init).joined(separator: ",")])
        let ingest = try e2e.dti(["ingest", "--period", "2026-11", filled.path, "--lang", "en"], in: folder)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let store = try DTIStore(path: folder.appendingPathComponent("dti.sqlite").path, create: false)
        let stored = try #require(try store.currentSubmissions(for: Period("2026-11")!)["03390"])
        #expect(stored.figures.list == Self.november)
        #expect(stored.notes == "Đã điền; có 1 thôn mới")
        #expect(stored.line == 3)
    }

    static let libreOffice = FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice")

    @Test func libreOfficeIsThereWhenCIAsksForIt() {
        #expect(ProcessInfo.processInfo.environment["DTI_REQUIRE_LIBREOFFICE"] != "1" || Self.libreOffice,
                "DTI_REQUIRE_LIBREOFFICE=1 but /usr/bin/soffice is missing (Debian: libreoffice-calc-nogui)")
    }

    @Test(.enabled(if: libreOffice)) func aSheetLibreOfficeSavedIsReadToTheSameFigures() throws {
        let e2e = EndToEndTests()
        let folder = try Self.folder()
        // What an officer types into LibreOffice: the period as a date, the code as a number
        // (its zero lost), then saved as .xlsx (the CSV is opened as UTF-8, comma-separated).
        let typed = folder.appendingPathComponent("bao-cao.csv")
        try Data(T.csv(["Mã xã,Kỳ báo cáo," + Figure.allCases.map(\.vietnameseLabel).map { "\"\($0)\"" }.joined(separator: ","),
                        "3390,2026-11-01," + Self.november.map(String.init).joined(separator: ",")])).write(to: typed)
        let convert = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/soffice"),
                                            ["--headless", "-env:UserInstallation=file://\(folder.path)/lo", "--infilter=CSV:44,34,76,1",
                                             "--convert-to", "xlsx",
                                             "--outdir", folder.path, typed.path])
        #expect(convert.status == 0, "\(convert.stderr)")
        let workbook = folder.appendingPathComponent("bao-cao.xlsx")
        try FileManager.default.removeItem(at: typed)
        let ingest = try e2e.dti(["ingest", "--period", "2026-11", workbook.path, "--lang", "en"], in: folder)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let store = try DTIStore(path: folder.appendingPathComponent("dti.sqlite").path, create: false)
        #expect(try store.currentSubmissions(for: Period("2026-11")!)["03390"]?.figures.list == Self.november)
    }

    /// The ranked workbooks printed by LibreOffice to PDF — the sample's, Hồ Chí Minh City's
    /// (168 communes) and the country's — every word on every page at 8 points or more (a
    /// word's box is a little taller than its font), the pages counted in the footer.
    @Test(.enabled(if: libreOffice)) func theRankedWorkbooksPrintAtEightPointsOrMore() throws {
        let e2e = EndToEndTests()
        let folder = try Self.folder()
        let out = folder.appendingPathComponent("out")
        _ = try e2e.runSample(out: out, lang: "vi")
        let large = T.temporaryFolder()
        try e2e.largeProvince(periods: "2026-10", in: large)
        #expect(try e2e.dti(["report", "--period", "2026-10", "--scope", "all", "--out", out.path], in: large).status == 0)
        for name in ["dti-2026-10-12", "dti-2026-10-79", "dti-2026-10-national"] {
            let convert = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/soffice"),
                                                ["--headless", "-env:UserInstallation=file://\(folder.path)/lo", "--convert-to", "pdf",
                                                 "--outdir", folder.path, out.appendingPathComponent("2026-10/\(name).xlsx").path])
            #expect(convert.status == 0, "\(convert.stderr)")
            let boxes = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/pdftotext"),
                                              ["-bbox", folder.appendingPathComponent("\(name).pdf").path, "-"]).stdout
            var pages = 0, smallest = (height: 99.0, word: "")
            for line in boxes.split(separator: "\n") {
                if line.contains("<page ") { pages += 1 }
                guard let match = line.firstMatch(of: /yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)<\/word>/),
                      let top = Double(match.output.1), let bottom = Double(match.output.2) else { continue }
                if bottom - top < smallest.height { smallest = (bottom - top, String(match.output.3)) }
            }
            #expect(pages >= 3, "\(name): \(pages) pages")
            #expect(smallest.height >= 8, "\(name): “\(smallest.word)” prints \(smallest.height) points high")
            #expect(boxes.contains(">\(pages)</word>"), "\(name): the footer counts the pages")
        }
    }

    /// A sheet too wide for one page is printed across pages, its first columns (which row is
    /// which) repeated on each. Its title is merged after those columns and across no more
    /// than the first page holds at the sheet's print scale, so it wraps there and prints
    /// whole. Merged across every column, it printed its tail cut mid-word on the next page
    /// and its start again, cut, in the repeated columns. Read with openpyxl: a unit of a
    /// column's stored width prints 7 points wide at full size where LibreOffice has no
    /// Calibri (measured here: DejaVu Sans; Excel's Calibri takes 5¼), and an A4 landscape
    /// page holds 297 mm less the two 0.4-inch margins, 784 points.
    @Test func aSheetPrintedAcrossPagesKeepsItsTitleOnTheFirst() throws {
        let out = T.temporaryFolder()
        _ = try EndToEndTests().runSample(out: out, lang: "vi")
        let sheets = try Self.python("""
            import sys, openpyxl
            from openpyxl.utils import column_index_from_string
            book = openpyxl.load_workbook(sys.argv[1])
            for sheet in book.worksheets:
                scale = int(sheet.page_setup.scale or 100)
                if scale == 100: continue
                widths = {}
                for dimension in sheet.column_dimensions.values():
                    for column in range(dimension.min, dimension.max + 1): widths[column] = dimension.width
                title = next(r for r in sheet.merged_cells.ranges if r.min_row == 1)
                repeated = column_index_from_string(sheet.print_title_cols.split(":")[1].strip("$"))
                points = sum(7 * widths[c] for c in range(1, title.max_col + 1)) * scale / 100
                print(sheet.title, round(points), repeated, title.min_col, sep="|")
            """, [out.appendingPathComponent("2026-10/dti-2026-10-12.xlsx").path])
        let printedAcross = sheets.split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        #expect(printedAcross.count >= 2, "the sample's indicator and figure sheets are printed across pages: \(sheets)")
        for sheet in printedAcross {
            #expect(Int(sheet[1])! <= 784, "\(sheet[0]): the first page is 784 points wide; the title runs to \(sheet[1])")
            #expect(Int(sheet[3])! > Int(sheet[2])!, "\(sheet[0]): the title starts in column \(sheet[3]); columns 1–\(sheet[2]) are repeated")
        }
    }

    static let header = T.workbookRow(1, T.canonicalHeader.components(separatedBy: ","))

    @Test func aFormulaCountsByItsSavedValueAndOneWithoutIsAnErrorNamingTheCell() throws {
        let row = T.workbookRow(2, ["03388", "2026-10"] + T.goodFigures.map(String.init))
        let cached = try T.workbook(rows: Self.header + row.replacingOccurrences(
            of: "<c r=\"C2\"><v>12</v></c>", with: "<c r=\"C2\"><f>D2+0</f><v>12</v></c>"))
        let read = T.validate(cached, name: "x.xlsx")
        #expect(read.isAccepted, "\(read.issues.issues)")
        #expect(read.rows.first?.figures.list == T.goodFigures)

        let uncached = try T.workbook(sheet: "Báo cáo", rows: Self.header + row.replacingOccurrences(
            of: "<c r=\"C2\"><v>12</v></c>", with: "<c r=\"C2\"><f>D2+0</f></c>"))
        let refused = T.validate(uncached, name: "x.xlsx")
        let issue = try #require(refused.issues.issues.first { $0.code == "formula-without-value" })
        #expect(issue.formatted(.vi).hasPrefix("x.xlsx:'Báo cáo'!C2: lỗi [formula-without-value] Ô C2 (“villages_total”) có công thức"))
        #expect(refused.issues.errorCount == 1, "one error for the cell, not a second about it being empty: \(refused.issues.issues)")
        #expect(issue.message.vi.contains("Mở tệp trong Excel, bấm Lưu rồi gửi lại"))
    }

    @Test func sharedStringsDatesTextNumbersAndATitleAreReadAsExcelShowsThem() throws {
        // Headings as shared strings, a merged title above them, the period typed as a date
        // (style 1: number format 14), one figure stored as text, the code as a number.
        let styles: [UInt8] = Array("""
            <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>
            """.utf8)
        let headings = T.canonicalHeader.components(separatedBy: ",")
        let headerRow = "<row r=\"2\">" + headings.enumerated().map { index, _ in
            "<c r=\"\(WorkbookTable.columnLetters(index + 1))2\" t=\"s\"><v>\(index + 1)</v></c>"
        }.joined() + "</row>"
        var cells = ["<c r=\"A3\"><v>3388</v></c>", "<c r=\"B3\" s=\"1\"><v>46296</v></c>"]
        for (index, value) in T.goodFigures.enumerated() {
            let reference = WorkbookTable.columnLetters(index + 3) + "3"
            cells.append(index == 0 ? "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
                                    : "<c r=\"\(reference)\"><v>\(value)</v></c>")
        }
        let title = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
        let bytes = try T.workbook(rows: title + headerRow + "<row r=\"3\">" + cells.joined() + "</row>",
                                   sharedStrings: ["BÁO CÁO CHUYỂN ĐỔI SỐ THÁNG 10/2026 — UBND XÃ ĐOÀN KẾT"] + headings,
                                   extra: [("xl/styles.xml", styles)])
        let read = T.validate(bytes, name: "x.xlsx")
        #expect(read.isAccepted, "\(read.issues.issues.map { $0.formatted(.en) })")
        let row = try #require(read.rows.first)
        #expect((row.communeCode, row.period, row.figures.list) == ("03388", Period("2026-10")!, T.goodFigures))
        #expect(row.line == 3)
        #expect(read.issues.issues.map(\.code) == ["title-row-skipped"])
        #expect(read.issues.issues.first?.formatted(.en).hasPrefix("x.xlsx:Sheet1!1:1: warning [title-row-skipped] Row 1 (“BÁO CÁO") == true)
    }

    @Test func whatIsNotAWorkbookIsRefusedWithAdvice() throws {
        // A zip of something else, renamed .xlsx.
        let other = try T.zip(["notes.txt": Array("hello".utf8)])
        #expect(T.validate(other, name: "renamed.xlsx").issues.issues.map(\.code) == ["workbook-unreadable"])
        // A zip bomb: a few hundred KB that unpack to 70 MB.
        let bomb = try T.workbook(rows: Self.header + String(repeating: " ", count: 70 << 20))
        let bombed = T.validate(bomb, name: "bomb.xlsx")
        #expect(bombed.issues.issues.map(\.code) == ["workbook-too-large"])
        // An old .xls.
        let xls = T.validate([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], name: "bao-cao.xls")
        #expect(xls.issues.issues.map(\.code) == ["file-is-workbook"])
        #expect(xls.issues.issues.first?.message.vi.contains("“Sổ làm việc Excel (.xlsx)”") == true)
    }

    // MARK: Layouts of real sheets, whatever the format

    @Test func titleRowsTotalRowsAndHeadingsWithoutDiacriticsAreUnderstood() throws {
        let folded = "ma_xa,ky bao cao,TONG SO THON TO DAN PHO,so thon co song 3g/4g,So thon co cap quang,so_tram_bts,"
            + "tong so ho gia dinh,so ho co internet cap quang,dan so truong thanh,"
            + "so nguoi truong thanh co dien thoai thong minh,tong so thu tuc hanh chinh,"
            + "so dich vu cong truc tuyen mot phan,so dich vu cong truc tuyen toan trinh,tong so ho so tiep nhan,so ho so nop truc tuyen"
        let second = [10, 8, 6, 4, 2000, 1500, 4000, 2500, 150, 10, 100, 200, 80]
        let sums = zip(T.goodFigures, second).map { $0 + $1 }
        let file = T.csv([
            "BÁO CÁO CHUYỂN ĐỔI SỐ THÁNG 10/2026,,,",
            "UBND XÃ ĐOÀN KẾT",
            "",
            folded,
            T.row("03388", "2026-10", T.goodFigures),
            T.row("03390", "2026-10", second),
            "Tổng cộng,," + sums.map(String.init).joined(separator: ","),
            ",," + sums.map(String.init).joined(separator: ","),
        ])
        let read = T.validate(file)
        #expect(read.isAccepted, "\(read.issues.issues.map { $0.formatted(.en) })")
        #expect(read.rows.map(\.communeCode) == ["03388", "03390"])
        #expect(read.rows.map(\.line) == [5, 6])
        #expect(read.issues.issues.map(\.code) == ["title-row-skipped", "title-row-skipped", "total-row-skipped", "total-row-skipped"])
        #expect(read.issues.issues.map(\.line) == [1, 2, 7, 8])
    }

    @Test func anUnknownHeadingGetsASuggestionAndATitleAloneIsNotSkipped() throws {
        let unknown = T.validate(T.csv([T.canonicalHeader + ",so_ho_cap_quang", T.row("03388", "2026-10", T.goodFigures) + ",5"]))
        let issue = try #require(unknown.issues.issues.first)
        #expect(issue.code == "header-unknown-column")
        #expect(issue.message.vi.contains("Có phải “Số hộ có internet cáp quang” (households_fibre)?"), "\(issue.message.vi)")
        // A file whose first row names no column at all, and no later row does either: the
        // first row is the header, and the errors say so (no title is skipped).
        let nothing = T.validate(T.csv(["a,b,c", "1,2,3"]))
        #expect(!nothing.issues.issues.contains { $0.code == "title-row-skipped" })
        #expect(nothing.issues.issues.contains { $0.code == "header-missing-column" && $0.line == 1 })
    }
}
