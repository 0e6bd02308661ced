import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Synchronization
import Testing
import ZIPFoundation

/// Runs the built `dti` program on real files and reads back what it wrote.
@Suite(.serialized)
struct EndToEndTests {
    static let binary: URL = {
        // Reports say when they were made: every dti the tests start makes them at one fixed
        // time (00:00 UTC, 1 December 2026), so that two runs on the same data give the same
        // bytes (`ReportClock`). CurrencyTests holds the words for other times.
        setenv("SOURCE_DATE_EPOCH", TestData.reportTime, 0)
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dti")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return TestData.packageRoot.appendingPathComponent(".build/debug/dti")
    }()

    @discardableResult
    func dti(_ arguments: [String], in folder: URL, globalOptions: Bool = true) throws -> (status: Int32, stdout: String, stderr: String) {
        // The documented form: global options before the command.
        try Self.run(Self.binary, (globalOptions ? ["--db", Self.database(of: folder),
                                                    "--indicators", TestData.packageRoot.appendingPathComponent("indicators").path] : [])
                     + arguments)
    }

    /// The database `dti` uses for a test's folder: `dti.sqlite` in it, unless the test gave
    /// the folder a database elsewhere (`useDatabase`).
    static func database(of folder: URL) -> String {
        databases.withLock { $0[folder.path] } ?? folder.appendingPathComponent("dti.sqlite").path
    }

    /// From now on, `dti(_:in:)` in `folder` uses the database at `location`.
    static func useDatabase(_ location: String, in folder: URL) {
        databases.withLock { $0[folder.path] = location }
    }

    private static let databases = Mutex<[String: String]>([:])

    /// Runs a program to its end: its status and what it printed on each stream.
    static func run(_ program: URL, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both streams are drained at once: read one to its end first, and a child that fills
        // the other pipe (64 KB of messages) would wait for a reader forever.
        let errors = Mutex(Data())
        let stderrDone = DispatchSemaphore(value: 0)
        let errorHandle = err.fileHandleForReading
        Thread {
            errors.withLock { $0 = errorHandle.readDataToEndOfFile() }
            stderrDone.signal()
        }.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        stderrDone.wait()
        let stderr = errors.withLock { $0 }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh database with the 2026-04 register and the bundled sample run for 2026-10.
    func runSample(out: URL, lang: String = "en") throws -> (URL, (status: Int32, stdout: String, stderr: String)) {
        let folder = TestData.temporaryFolder()
        let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try dti(["units", "import", register], in: folder).status == 0)
        let inbox = try TestData.sampleInbox(in: folder)
        let run = try dti(["run", "--inbox", inbox.path, "--period", "2026-10", "--out", out.path, "--lang", lang], in: folder)
        return (folder, run)
    }

    /// Hồ Chí Minh City (168 communes, the largest province) as `dti sample generate` makes it
    /// for `periods`, stored in `folder` under today's register: the large-province case.
    func largeProvince(periods: String, in folder: URL) throws {
        let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        let inbox = folder.appendingPathComponent("inbox")
        #expect(try dti(["sample", "generate", "--register", register, "--periods", periods, "--province", "79",
                         "--out", inbox.path], in: folder, globalOptions: false).status == 0)
        #expect(try dti(["units", "import", register], in: folder).status == 0)
        _ = try dti(["ingest", "--period", String(periods.suffix(7)), inbox.path], in: folder)
    }

    /// The cell texts of a report sheet's header row (the second: a title is above it), read
    /// from the XLSX package.
    func headerRow(of workbook: URL, sheet: Int) throws -> [String] {
        let archive = try Archive(url: workbook, accessMode: .read)
        func read(_ path: String) throws -> String {
            var data = Data()
            _ = try archive.extract(archive[path]!) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        let shared = try read("xl/sharedStrings.xml").components(separatedBy: "<si>").dropFirst().map { item in
            item.components(separatedBy: ">").dropFirst().first!.components(separatedBy: "<").first!
        }
        let xml = try read("xl/worksheets/sheet\(sheet).xml")
        let headerRow = xml.components(separatedBy: "<row r=\"2\"")[1].components(separatedBy: "</row>")[0]
        return headerRow.components(separatedBy: "<v>").dropFirst().map { shared[Int($0.components(separatedBy: "<")[0])!] }
    }

    @Test func cronRunIngestsTheSampleRefusesTheBadFileAndWritesReports() throws {
        let out = TestData.temporaryFolder()
        let (_, run) = try runSample(out: out)
        #expect(run.status == 65)  // the sample holds one bad file; the rest loaded
        #expect(run.stderr.contains("xa-loi-dinh-dang.csv:2:8: error [value-not-whole-number]"))
        let workbook = out.appendingPathComponent("2026-10/dti-2026-10-12-en.xlsx")
        let header = try headerRow(of: workbook, sheet: 1)
        #expect(Array(header.prefix(8)) == ["Rank", "Commune code", "Commune", "DTI", "Digital infrastructure",
                                            "Digital society", "Digital government", "Rank change"])
        let markdown = try String(contentsOf: out.appendingPathComponent("2026-10/dti-2026-10-12-en.md"), encoding: .utf8)
        #expect(markdown.contains("Tỉnh Lai Châu"))
        #expect(markdown.contains("## Biggest movers since the last period"))
    }

    @Test func sameInputsGiveByteIdenticalReports() throws {
        let first = TestData.temporaryFolder(), second = TestData.temporaryFolder()
        _ = try runSample(out: first, lang: "vi")
        _ = try runSample(out: second, lang: "vi")
        for name in ["dti-2026-10-12.xlsx", "dti-2026-10-12.md"] {
            let a = try Data(contentsOf: first.appendingPathComponent("2026-10/" + name))
            let b = try Data(contentsOf: second.appendingPathComponent("2026-10/" + name))
            #expect(a == b, "\(name) differs between identical runs")
        }
        let header = try headerRow(of: first.appendingPathComponent("2026-10/dti-2026-10-12.xlsx"), sheet: 1)
        #expect(header.first == "Hạng")
    }

    @Test func exportCarriesFullPrecisionAndTheDocumentedHeader() throws {
        let (folder, _) = try runSample(out: TestData.temporaryFolder())
        let export = try dti(["export", "--period", "2026-10"], in: folder)
        #expect(export.status == 0)
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.first == "period,province_code,commune_code,commune_name,rank,dti,infrastructure,society,government,mobile_broadband_villages,fibre_villages,fibre_households,smartphone_adults,full_process_services,online_dossiers,tier")
        #expect(lines.count == 36)  // 35 of the 38 communes of Lai Châu reported
        let json = try dti(["export", "--period", "2026-10", "--format", "json"], in: folder)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        #expect(parsed.count == 35)
        #expect(parsed.first?["rank"] as? Int == 1)
        // The tier, by the default cut-offs (80, 65, 50) on the DTI rounded to 2 decimals.
        for record in parsed {
            let dti = ((record["dti"] as! Double) * 100).rounded(.toNearestOrAwayFromZero) / 100
            #expect(record["tier"] as? String == (dti >= 80 ? "tot" : dti >= 65 ? "kha" : dti >= 50 ? "trung_binh" : "yeu"), "\(record)")
        }
    }

    @Test func missingDatabaseAndMissingInputHaveTheirExitCodes() throws {
        let folder = TestData.temporaryFolder()
        #expect(try dti(["report", "--period", "2026-10"], in: folder).status == 66)
        let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        _ = try dti(["units", "import", register], in: folder)
        #expect(try dti(["ingest", "/nonexistent/inbox"], in: folder).status == 66)
        #expect(try dti(["report", "--period", "2026-13"], in: folder).status == 64)
    }

    @Test func secondRunExitsAtOnceWhileTheLockIsHeld() throws {
        let folder = TestData.temporaryFolder()
        let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        _ = try dti(["units", "import", register], in: folder)
        let lock = try RunLock(databasePath: folder.appendingPathComponent("dti.sqlite").path)
        let blocked = try dti(["run", "--inbox", TestData.packageRoot.appendingPathComponent("data/sample").path,
                               "--period", "2026-10", "--out", folder.path], in: folder)
        #expect(blocked.status == 75)
        #expect(blocked.stderr.contains("pid \(getpid())"))
        withExtendedLifetime(lock) {}
    }

    /// A folder where the lock file should be: exit 73, naming the path and the reason.
    @Test func aLockPathThatIsAFolderIsNamedWithTheReason() throws {
        let folder = TestData.temporaryFolder()
        let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        _ = try dti(["units", "import", register], in: folder)
        let lock = folder.appendingPathComponent("dti.sqlite.lock")
        try? FileManager.default.removeItem(at: lock)
        try FileManager.default.createDirectory(at: lock, withIntermediateDirectories: true)
        let run = try dti(["ingest", "--period", "2026-10", "--lang", "en", folder.path], in: folder)
        #expect(run.status == 73)
        #expect(run.stderr.contains("cannot take the run lock \(lock.path): Is a directory"), "\(run.stderr)")
    }

    /// The English Markdown report of the sample, compared with the reviewed snapshot.
    /// After an intended change: DTI_UPDATE_SNAPSHOTS=1 swift test, then review the diff.
    /// Each language has its own files: English after Vietnamese overwrites nothing.
    @Test func anEnglishReportNeverOverwritesTheVietnameseOne() throws {
        let out = TestData.temporaryFolder()
        let (folder, _) = try runSample(out: out, lang: "vi")
        let vietnamese = out.appendingPathComponent("2026-10/dti-2026-10-12.md")
        let before = try Data(contentsOf: vietnamese)
        let english = try dti(["report", "--period", "2026-10", "--out", out.path, "--lang", "en"], in: folder)
        #expect(english.stdout.split(separator: "\n").map { ($0 as NSString).lastPathComponent }
                == ["dti-2026-10-12-en.xlsx", "dti-2026-10-12-en.md", "dti-2026-10-12-en.html"])
        #expect(try Data(contentsOf: vietnamese) == before)
        #expect(try String(contentsOf: vietnamese, encoding: .utf8).contains("Chỉ số chuyển đổi số (DTI) cấp xã"))
    }

    /// Vietnamese reports speak in words: no snake_case identifier or rule code outside the
    /// method section, in any Markdown report (province, national, sensitivity, trend).
    @Test func vietnameseReportsShowNoIdentifiersOutsideTheMethod() throws {
        let out = TestData.temporaryFolder()
        let (folder, _) = try runSample(out: out, lang: "vi")
        for arguments in [["report", "--period", "2026-10", "--scope", "national"],
                          ["sensitivity", "--period", "2026-10", "--province", "12", "--runs", "50"],
                          ["trend", "--commune", "03390", "--period", "2026-10"]] {
            #expect(try dti(arguments + ["--out", out.path], in: folder).status == 0, "\(arguments)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("2026-10").path)
            .filter { $0.hasSuffix(".md") }.sorted()
        #expect(names.count == 4)
        for name in names {
            let text = try String(contentsOf: out.appendingPathComponent("2026-10/" + name), encoding: .utf8)
            let reading = text.components(separatedBy: "## Phương pháp")[0]
            let identifiers = reading.matches(of: /[a-z]+_[a-z_]+|quality-[a-z-]+/).map { String($0.output) }
            #expect(identifiers.isEmpty, "\(name): \(identifiers)")
        }
    }

    /// The workbook reads in Vietnamese and prints: sheet names in the language, every sheet
    /// A4 landscape one page wide with its header repeated and a footer, the chart alone on its
    /// page naming every commune, counts as grouped whole numbers (read back with openpyxl).
    @Test func theWorkbookPrintsAndReadsInTheReportsLanguage() throws {
        typealias T = TestData
        let out = TestData.temporaryFolder()
        _ = try runSample(out: out, lang: "vi")
        let facts = try WorkbookTests.python("""
            import sys, json, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheets = {}
            for sheet in book.worksheets:
                setup = sheet.page_setup
                sheets[sheet.title] = [setup.orientation, str(setup.paperSize), str(setup.fitToHeight),
                                       bool(sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage),
                                       sheet.print_title_rows or "", sheet.oddFooter.center.text or "", len(sheet._charts),
                                       str(setup.scale), sheet.print_title_cols or ""]
            formats = [cell.number_format for cell in book["Chỉ số"][3]] + [cell.number_format for cell in book["Số liệu"][3]]
            def title(sheet):
                cell = next(cell for cell in sheet[1] if cell.value is not None)
                return [cell.value, bool(cell.font.b), sheet.freeze_panes, cell.coordinate]
            titles = {sheet.title: title(sheet) for sheet in book.worksheets}
            rules = {str(cf.sqref): [[rule.type, rule.operator or "", list(rule.formula or [])] for rule in cf.rules]
                     for cf in book["Bảng điểm"].conditional_formatting}
            print(json.dumps({"names": book.sheetnames, "sheets": sheets, "formats": formats, "titles": titles, "rules": rules},
                             ensure_ascii=False))
            """, [out.appendingPathComponent("2026-10/dti-2026-10-12.xlsx").path])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(facts.utf8)) as? [String: Any])
        #expect(document["names"] as? [String] == ["Xếp hạng", "Biểu đồ", "Bảng điểm", "Chỉ số", "Số liệu", "Chưa có số liệu", "Phương pháp",
                                                   "Chất lượng số liệu"])
        let sheets = try #require(document["sheets"] as? [String: [Any]])
        // Tables too wide for one page at 8 points or more print at 75 % across pages, the
        // columns naming each row repeated; the others fit one page wide.
        let wide = ["Xếp hạng": "$A:$C", "Chỉ số": "$A:$B", "Số liệu": "$A:$B"]
        for (name, setup) in sheets {
            #expect(setup[0] as? String == "landscape" && setup[1] as? String == "9", "\(name): \(setup)")
            if let columns = wide[name] {
                #expect(setup[3] as? Bool == false && setup[7] as? String == "75" && setup[8] as? String == columns, "\(name): \(setup)")
            } else {
                #expect(setup[3] as? Bool == true, "\(name): \(setup)")
            }
            #expect((setup[5] as? String)?.hasPrefix("Tỉnh Lai Châu — tháng 10/2026 — \(name)") == true, "\(name): \(setup)")
            #expect((setup[4] as? String) == (name == "Biểu đồ" ? "" : "$1:$2"), "\(name): \(setup)")
        }
        // Every sheet opens with its title (province, period, sheet, and on a second line what it
        // was made from) in bold; the tables freeze the title and header rows above the data. A
        // table printed across pages has its title after the columns repeated on every page.
        let titles = try #require(document["titles"] as? [String: [Any]])
        for (name, title) in titles {
            #expect(title[3] as? String == ["Xếp hạng": "D1", "Chỉ số": "C1", "Số liệu": "C1"][name, default: "A1"], "\(name): \(title)")
            #expect(title[0] as? String == "Chỉ số chuyển đổi số (DTI) cấp xã — Tỉnh Lai Châu — tháng 10/2026 — \(name)\n"
                    + "Lập từ 35 tệp số liệu, danh mục đơn vị 2026-04, bộ chỉ số “DTI cấp xã 2025 (mặc định)”"
                    + " · Lập lúc 07:00 ngày 01/12/2026 · số liệu tính đến 14:10 ngày 09/11/2026", "\(name): \(title)")
            #expect(title[1] as? Bool == true)
            #expect(title[2] as? String == (name == "Biểu đồ" ? nil : "A3"), "\(name): \(title)")
        }
        // The scorecard's colours are conditional formats on each indicator's column (F to K, the
        // 35 ranked communes): blanks untouched, then met from the target, missed below 0.8 of
        // it, near otherwise. Targets of the default file: 1, 1, 0.8, 0.8, 0.8, 0.5.
        let rules = try #require(document["rules"] as? [String: [[Any]]])
        for (column, target) in zip(["F", "G", "H", "I", "J", "K"], [1.0, 1, 0.8, 0.8, 0.8, 0.5]) {
            let found = try #require(rules["\(column)3:\(column)37"], "\(column): \(rules.keys.sorted())")
            #expect(found.map { $0[0] as? String } == ["containsBlanks", "cellIs", "cellIs", "notContainsBlanks"], "\(column): \(found)")
            #expect(found[1][1] as? String == "greaterThanOrEqual" && Double((found[1][2] as? [String])?.first ?? "") == target)
            #expect(found[2][1] as? String == "lessThan" && abs((Double((found[2][2] as? [String])?.first ?? "") ?? 0) - 0.8 * target) < 1e-9)
        }
        // 35 communes make two charts of 18 and 17, a page each; the tables run as long as they need.
        #expect(sheets["Biểu đồ"]?[6] as? Int == 2 && sheets["Biểu đồ"]?[2] as? String == "0")
        #expect(sheets["Xếp hạng"]?[6] as? Int == 0)
        #expect((document["formats"] as? [String])?.contains("#,##0") == true)
        #expect((document["formats"] as? [String])?.contains("0.00") == true)
        // Each pillar's rank, as the official DTI publishes it: competition ranks on the pillar
        // score rounded to 2 decimals, worked out here from the sheet's own pillar column.
        let ranking = try T.workbookTable(out.appendingPathComponent("2026-10/dti-2026-10-12.xlsx"), sheet: "Xếp hạng")
        for pillar in ["Hạ tầng số", "Xã hội số", "Chính quyền số"] {
            let scoreColumn = try #require(ranking[0].firstIndex(of: pillar)), rankColumn = try #require(ranking[0].firstIndex(of: "Hạng \(pillar)"))
            let scores = ranking.dropFirst().map { (Double($0[scoreColumn])! * 100).rounded() / 100 }
            for (row, score) in zip(ranking.dropFirst(), scores) {
                #expect(row[rankColumn] == String(1 + scores.filter { $0 > score }.count), "\(pillar): \(row)")
            }
        }
        // The charts name every commune: one category per ranked commune, no label skipped,
        // ranks 1–18 on the first and 19–35 on the second (rows 3–20 and 21–37 of the ranking).
        let archive = try Archive(url: out.appendingPathComponent("2026-10/dti-2026-10-12.xlsx"), accessMode: .read)
        for (number, range) in [(1, "$C$3:$C$20"), (2, "$C$21:$C$37")] {
            var chart = Data()
            _ = try archive.extract(archive["xl/charts/chart\(number).xml"]!) { chart.append($0) }
            let xml = String(decoding: chart, as: UTF8.self)
            #expect(xml.contains("<c:tickLblSkip val=\"1\"/>"), "\(xml.prefix(2000))")
            #expect(xml.contains(range), "chart \(number)")
        }
    }

    /// Every workbook dti writes opens in openpyxl, which refuses what OOXML does not allow
    /// (the sensitivity chart's `short_dash` marker did).
    @Test func everyWorkbookOpensInAStrictReader() throws {
        let out = TestData.temporaryFolder()
        let (folder, _) = try runSample(out: out)
        for arguments in [["report", "--period", "2026-10", "--scope", "national"],
                          ["sensitivity", "--period", "2026-10", "--province", "12", "--runs", "50"],
                          ["trend", "--commune", "03390", "--period", "2026-10"]] {
            let run = try dti(arguments + ["--out", out.path, "--lang", "en"], in: folder)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
        let workbooks = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("2026-10").path)
            .filter { $0.hasSuffix(".xlsx") }.sorted()
        #expect(workbooks.count == 4, "\(workbooks)")
        let opened = try WorkbookTests.python("""
            import sys, openpyxl
            for path in sys.argv[1:]:
                book = openpyxl.load_workbook(path)
                print(path.rsplit("/", 1)[-1], len(book.sheetnames), sum(len(sheet._charts) for sheet in book.worksheets))
            """, workbooks.map { out.appendingPathComponent("2026-10/" + $0).path })
        let lines = opened.split(separator: "\n")
        #expect(lines.count == 4, "\(opened)")
        #expect(lines.contains { $0.contains("sensitivity") && $0.hasSuffix(" 1") }, "the sensitivity chart is read: \(opened)")
    }

    @Test func markdownReportMatchesTheReviewedSnapshot() throws {
        let out = TestData.temporaryFolder()
        _ = try runSample(out: out)
        let report = try String(contentsOf: out.appendingPathComponent("2026-10/dti-2026-10-12-en.md"), encoding: .utf8)
        let snapshot = TestData.fixtures.appendingPathComponent("snapshots/dti-2026-10-12.en.md")
        if ProcessInfo.processInfo.environment["DTI_UPDATE_SNAPSHOTS"] == "1" {
            try report.write(to: snapshot, atomically: true, encoding: .utf8)
        }
        #expect(report == (try String(contentsOf: snapshot, encoding: .utf8)))
    }

    /// `sample generate` writes a province's months; `report` over the range writes every
    /// period, province and national, in parallel, and the same again byte for byte.
    @Test func sampleMonthsReportAsARangeProvinceAndNational() throws {
        let folder = TestData.temporaryFolder()
        let inbox = folder.appendingPathComponent("inbox")
        let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2025-07.csv").path
        let generate = try dti(["sample", "generate", "--register", register, "--periods", "2025-07..2025-09",
                                "--province", "12", "--province", "01", "--out", inbox.path, "--missing", "0"],
                                in: folder, globalOptions: false)
        #expect(generate.status == 0, "\(generate.stderr)")
        #expect(try dti(["units", "import", register], in: folder).status == 0)
        #expect(try dti(["ingest", "--period", "2025-09", inbox.path], in: folder).status == 0)

        func report(_ out: URL) throws -> [String] {
            let run = try dti(["report", "--period", "2025-07..2025-09", "--scope", "all", "--out", out.path, "--lang", "en"],
                              in: folder)
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout.split(separator: "\n").map { String($0.dropFirst(out.path.count + 1)) }
        }
        let first = TestData.temporaryFolder(), second = TestData.temporaryFolder()
        let written = try report(first)
        // Per period: Hà Nội (01), Lai Châu (12), then the national pair.
        #expect(written.count == 3 * 9)
        #expect(Array(written.prefix(9)) == ["2025-07/dti-2025-07-01-en.xlsx", "2025-07/dti-2025-07-01-en.md",
                                             "2025-07/dti-2025-07-01-en.html",
                                             "2025-07/dti-2025-07-12-en.xlsx", "2025-07/dti-2025-07-12-en.md",
                                             "2025-07/dti-2025-07-12-en.html",
                                             "2025-07/dti-2025-07-national-en.xlsx", "2025-07/dti-2025-07-national-en.md",
                                             "2025-07/dti-2025-07-national-en.html"])
        // The national page: the country's count, every province as a bar.
        let page = try String(contentsOf: first.appendingPathComponent("2025-09/dti-2025-09-national-en.html"), encoding: .utf8)
        #expect(page.contains("communes reported") && page.contains("of the country&#39;s 3,321 communes"), "\(page.prefix(2500))")
        #expect(page.contains("32 provinces have no commune that reported."))
        let bars = try #require(page.components(separatedBy: "<figure class=\"ranking\">").dropFirst().first)
        #expect(bars.contains("1. ") && bars.contains("Tỉnh Lai Châu") && bars.contains("Thành phố Hà Nội"))
        #expect(try headerRow(of: first.appendingPathComponent("2025-09/dti-2025-09-national-en.xlsx"), sheet: 1).prefix(3)
                    == ["Rank", "Province code", "Province"])
        let national = try String(contentsOf: first.appendingPathComponent("2025-09/dti-2025-09-national-en.md"), encoding: .utf8)
        // Reported: every commune of the two provinces; expected: every commune of the country.
        let reported = try Self.communes(inProvinces: ["01", "12"], register: register)
        let country = try Self.communes(inProvinces: Set((1...99).map { String(format: "%02d", $0) }), register: register)
        #expect(country == 3321)
        // Counts grouped as English writes them: 3,321.
        func grouped(_ count: Int) -> String {
            String(String(count).reversed().enumerated().flatMap { $0.offset > 0 && $0.offset % 3 == 0 ? [",", $0.element] : [$0.element] }.reversed())
        }
        #expect(national.contains("| Communes that reported | \(grouped(reported)) / \(grouped(country)) |"), "\(national.prefix(800))")
        // Every province is listed, those that sent nothing with no rank.
        #expect(national.contains("| – | 04 | Tỉnh Cao Bằng | 0 / "), "\(national)")

        _ = try report(second)
        for path in written {
            #expect(FileManager.default.contents(atPath: first.appendingPathComponent(path).path)
                        == FileManager.default.contents(atPath: second.appendingPathComponent(path).path), "\(path)")
        }
    }

    static func communes(inProvinces provinces: Set<String>, register: String) throws -> Int {
        let units = try RegisterFile.parse([UInt8](FileManager.default.contents(atPath: register)!), file: register)
        return units.filter { provinces.contains($0.provinceCode) }.count
    }

    @Test func historyListsEveryRevisionAndWhatChanged() throws {
        let (folder, _) = try runSample(out: TestData.temporaryFolder())
        // The sample re-sends October for 03390 with one more village on fibre (23 → 24), other
        // dossier counts, and a note saying why.
        let history = try dti(["history", "--commune", "3390", "--period", "2026-10", "--lang", "en"], in: folder)
        #expect(history.status == 0)
        let lines = history.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "commune 03390, period 2026-10: 2 revisions")
        #expect(lines.filter { $0.hasPrefix("revision ") }.count == 2)
        #expect(lines.contains { $0.contains("xa-03390-2026-10.v2.csv:2") })
        let changed = try #require(lines.first { $0.hasPrefix("  changed: ") })
        #expect(changed == "  changed: villages_fibre 23 → 24, dossiers_total 554 → 217, dossiers_online 364 → 142, notes")
        #expect(try dti(["history", "--commune", "03424", "--period", "2026-10"], in: folder).status == 66)
    }

    @Test func backupIsAConsistentCopyAndNeverOverwrites() throws {
        let (folder, _) = try runSample(out: TestData.temporaryFolder())
        let copy = folder.appendingPathComponent("copy.sqlite")
        #expect(try dti(["backup", copy.path], in: folder).status == 0)
        let original = try DTIStore(path: folder.appendingPathComponent("dti.sqlite").path, create: false)
        let backup = try DTIStore(path: copy.path, create: false)
        #expect(try backup.periodsWithSubmissions() == original.periodsWithSubmissions())
        #expect(try backup.revisions(communeCode: "03390", period: Period("2026-10")!)
                    == original.revisions(communeCode: "03390", period: Period("2026-10")!))
        #expect(try backup.integrityCheck() == "ok")
        #expect(try dti(["backup", copy.path], in: folder).status == 73)
    }

    @Test func anOutputFolderThatCannotBeMadeIsExit73() throws {
        let (folder, _) = try runSample(out: TestData.temporaryFolder())
        let blocker = folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let report = try dti(["report", "--period", "2026-10", "--out", blocker.path], in: folder)
        #expect(report.status == 73)
        #expect(report.stderr.contains("cannot write \(blocker.path)/2026-10: “\(blocker.path)” is a file, not a folder"), "\(report.stderr)")
        #expect(!report.stderr.contains("NSCocoaErrorDomain") && !report.stderr.contains("[ERROR]"), "\(report.stderr)")
    }

    /// A small tmpfs holding the sample's October reports, and what they hold now.
    struct MountedReports {
        var database: URL
        var disk: URL
        var reports: URL
        var names: [String]
        var contents: [Data?]

        func current() throws -> (names: [String], contents: [Data?]) {
            let names = try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted()
            return (names, names.map { FileManager.default.contents(atPath: reports.appendingPathComponent($0).path) })
        }
    }

    func mountedReports(size: String) throws -> MountedReports {
        let (database, _) = try runSample(out: TestData.temporaryFolder())
        let disk = TestData.temporaryFolder()
        #expect(Self.shell("mount -t tmpfs -o size=\(size) tmpfs '\(disk.path)'") == 0)
        #expect(try dti(["report", "--period", "2026-10", "--out", disk.path, "--lang", "en"], in: database).status == 0)
        var mounted = MountedReports(database: database, disk: disk, reports: disk.appendingPathComponent("2026-10"),
                                     names: [], contents: [])
        (mounted.names, mounted.contents) = try mounted.current()
        return mounted
    }

    /// A full disk: the report fails with exit 73 and a clear message, the reports already
    /// there are byte for byte what they were, and no temporary file is left behind.
    @Test(.enabled(if: EndToEndTests.canMountTmpfs(), "needs root to mount a small tmpfs"))
    func aFullDiskLeavesThePreviousReportIntact() throws {
        let mounted = try mountedReports(size: "512k")
        defer { _ = Self.shell("umount '\(mounted.disk.path)'") }
        _ = Self.shell("dd if=/dev/zero of='\(mounted.disk.path)/filler' bs=4k 2>/dev/null")  // fills the disk

        let again = try dti(["report", "--period", "2026-10", "--out", mounted.disk.path, "--lang", "vi"], in: mounted.database)
        #expect(again.status == 73)
        // Named by the report's own path, with the system's reason.
        #expect(again.stderr.contains("dti: cannot write \(mounted.reports.path)/dti-2026-10-12.xlsx: No space left on device"),
                "\(again.stderr)")
        let now = try mounted.current()
        #expect(now.names == mounted.names && now.contents == mounted.contents)
    }

    /// A read-only output folder: exit 73 naming the reason, the earlier reports untouched.
    @Test(.enabled(if: EndToEndTests.canMountTmpfs(), "needs root to mount a small tmpfs"))
    func aReadOnlyOutputFolderLeavesThePreviousReportIntact() throws {
        let mounted = try mountedReports(size: "1m")
        defer { _ = Self.shell("umount '\(mounted.disk.path)'") }
        #expect(Self.shell("mount -o remount,ro '\(mounted.disk.path)'") == 0)

        let again = try dti(["report", "--period", "2026-10", "--out", mounted.disk.path, "--lang", "vi"], in: mounted.database)
        #expect(again.status == 73)
        #expect(again.stderr.contains("Read-only file system"), "\(again.stderr)")
        let now = try mounted.current()
        #expect(now.names == mounted.names && now.contents == mounted.contents)
    }

    static func canMountTmpfs() -> Bool {
        let probe = TestData.temporaryFolder()
        guard shell("mount -t tmpfs -o size=64k tmpfs '\(probe.path)' 2>/dev/null") == 0 else { return false }
        return shell("umount '\(probe.path)'") == 0
    }

    @discardableResult
    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A 200 MB file is refused without being read into memory or copied into the database;
    /// the good file beside it still loads.
    @Test func aHugeFileIsRefusedAndTheOthersLoad() throws {
        let folder = TestData.temporaryFolder()
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let huge = inbox.appendingPathComponent("a-huge.csv")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 200 << 20)  // 200 MB (sparse)
        try handle.close()
        try Data(TestData.csv([TestData.canonicalHeader, TestData.row("00004", "2026-10", TestData.goodFigures)]))
            .write(to: inbox.appendingPathComponent("b-good.csv"))
        let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try dti(["units", "import", register], in: folder).status == 0)

        let ingest = try dti(["ingest", "--period", "2026-10", "--lang", "en", inbox.path], in: folder)
        #expect(ingest.status == 65)
        #expect(ingest.stderr.contains("a-huge.csv: error [file-too-large] The file is too large (200 MB; at most 32 MB)"))
        let store = try DTIStore(path: folder.appendingPathComponent("dti.sqlite").path, create: false)
        let files = try store.fileRowCounts()
        #expect(files.map(\.name) == ["a-huge.csv", "b-good.csv"])
        #expect(files.map(\.accepted) == [false, true] && files[1].stored == 1)
    }
}

