@testable import DTICore
import DTISQLite
import Foundation
import Testing

/// What a commune last sent is what counts, and no file harms another's: each case through the
/// built `dti`, as an analyst meets it, on each back end (`StoreBackend`).
@Suite(.serialized)
struct LedgerTests {
    typealias T = TestData
    let e2e = EndToEndTests()

    func dti(_ arguments: [String], in folder: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        try e2e.dti(arguments, in: folder)
    }

    /// A folder whose `dti` runs use a fresh database of `backend` holding one register.
    func database(_ backend: StoreBackend = .sqlite, register: String = "vn_units_2026-04.csv") throws -> URL {
        let folder = T.temporaryFolder()
        EndToEndTests.useDatabase(try backend.databaseLocation(in: folder), in: folder)
        #expect(try dti(["units", "import", T.packageRoot.appendingPathComponent("data/registers/" + register).path],
                        in: folder).status == 0)
        return folder
    }

    func write(_ lines: [String], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(T.csv(lines)).write(to: url)
    }

    func store(_ folder: URL) throws -> any DataStore {
        try StoreBackend.open(EndToEndTests.database(of: folder))
    }

    /// villages_fibre of the current revision of 03390 for `period`.
    func currentFibre(_ folder: URL, _ period: String = "2026-10") throws -> Int? {
        try store(folder).currentSubmissions(for: Period(period)!)["03390"]?.figures[.villagesFibre]
    }

    static func figures(fibre: Int) -> [Int] {
        var figures = T.goodFigures
        figures[2] = fibre
        return figures
    }

    // MARK: 1. A refused file is judged again when it comes again

    @Test(arguments: StoreBackend.available) func aFileRefusedForWantOfARegisterLoadsOnceTheRegisterIsImported(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        // 00004 was Phường Trúc Bạch in the 2025-03 register, which is not imported yet.
        let file = folder.appendingPathComponent("inbox/ba-dinh-2025-03.csv")
        try write([T.canonicalHeader, T.row("00004", "2025-03", T.goodFigures)], to: file)
        for _ in 0..<2 {
            let again = try dti(["ingest", "--period", "2026-10", "--lang", "en", file.path], in: folder)
            #expect(again.status == 65)
            #expect(again.stderr.contains("ba-dinh-2025-03.csv:2:2: error [no-register-for-period]"), "\(again.stderr)")
            #expect(again.stderr.contains("refused 1"))
            #expect(!again.stderr.contains("already received,"))
        }
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2025-03.csv").path
        #expect(try dti(["units", "import", register], in: folder).status == 0)
        let loaded = try dti(["ingest", "--period", "2026-10", "--lang", "en", file.path], in: folder)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(try store(folder).currentSubmissions(for: Period("2025-03")!)["00004"] != nil)
        // The two refused attempts stay in the audit trail beside the accepted one.
        #expect(try store(folder).fileRowCounts().map(\.accepted) == [false, false, true])
    }

    @Test(arguments: StoreBackend.available) func aFileRefusedForARunsPeriodLoadsWhenTheRunReachesItsMonth(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let inbox = folder.appendingPathComponent("inbox")
        try write([T.canonicalHeader, T.row("03390", "2026-10", T.goodFigures)], to: inbox.appendingPathComponent("xa-03390.csv"))
        let early = try dti(["run", "--inbox", inbox.path, "--period", "2026-09", "--out", folder.path, "--lang", "en"], in: folder)
        #expect(early.status == 65)
        #expect(early.stderr.contains("[period-after-run]"))
        let again = try dti(["run", "--inbox", inbox.path, "--period", "2026-09", "--out", folder.path, "--lang", "en"], in: folder)
        #expect(again.status == 65, "a refused file still in the inbox keeps the run red")
        #expect(again.stderr.contains("[period-after-run]"))
        let due = try dti(["run", "--inbox", inbox.path, "--period", "2026-10", "--out", folder.path, "--lang", "en"], in: folder)
        #expect(due.status == 0, "\(due.stderr)")
        #expect(try currentFibre(folder) == T.goodFigures[2])
    }

    /// The cron job over the bundled sample: red while the bad file is in the inbox, run
    /// after run, and green once the commune has sent it corrected.
    @Test(arguments: StoreBackend.available) func theSampleRunStaysRedUntilTheBadFileIsCorrected(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.copyItem(at: T.packageRoot.appendingPathComponent("data/sample"), to: inbox)
        let arguments = ["run", "--inbox", inbox.path, "--period", "2026-10", "--out", folder.appendingPathComponent("out").path,
                         "--lang", "en"]
        let first = try dti(arguments, in: folder)
        #expect(first.status == 65)
        // Every problem of the bad row at once: the unknown column, the decimal, and 14 of 12 villages.
        #expect(first.stderr.contains("✗ 2026-10/xa-loi-dinh-dang.csv: refused (3 errors)"), "\(first.stderr)")
        let second = try dti(arguments, in: folder)
        #expect(second.status == 65)
        #expect(second.stderr.contains("✗ 2026-10/xa-loi-dinh-dang.csv: refused (3 errors)"))
        #expect(second.stderr.contains("Accepted 0 files, refused 1, already received 112"), "\(second.stderr)")
        let bad = inbox.appendingPathComponent("2026-10/xa-loi-dinh-dang.csv")
        let corrected = try String(contentsOf: bad, encoding: .utf8)
            .replacingOccurrences(of: ";so_ho_cap_quang", with: "").replacingOccurrences(of: ";100;9", with: ";100")
            .replacingOccurrences(of: "0,71", with: "1.800").replacingOccurrences(of: ";12;12;14;", with: ";12;12;9;")
        try corrected.write(to: bad, atomically: true, encoding: .utf8)
        let fixed = try dti(arguments, in: folder)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stderr.contains("Accepted 1 file, refused 0, already received 112; 1 new row, 1 of them a correction."),
                "\(fixed.stderr)")
    }

    // MARK: 2. The last file a commune sends is what counts

    @Test(arguments: StoreBackend.available) func sendingABAgainMakesAsFiguresCurrentAgain(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let a = folder.appendingPathComponent("a.csv"), b = folder.appendingPathComponent("b.csv")
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 5))], to: a)
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 9))], to: b)
        for (file, fibre) in [(a, 5), (b, 9), (a, 5)] {
            let ingest = try dti(["ingest", "--period", "2026-10", "--lang", "en", file.path], in: folder)
            #expect(ingest.status == 0, "\(ingest.stderr)")
            #expect(try currentFibre(folder) == fibre)
        }
        let history = try dti(["history", "--commune", "03390", "--period", "2026-10", "--lang", "en"], in: folder)
        #expect(history.stdout.hasPrefix("commune 03390, period 2026-10: 3 revisions"))
        #expect(history.stdout.contains("changed: villages_fibre 9 → 5"))
        #expect(history.stdout.contains("the same file as revision 1, sent again"))
        // The same bytes twice in a row: nothing changes.
        let twice = try dti(["ingest", "--period", "2026-10", "--lang", "en", a.path], in: folder)
        #expect(twice.status == 0)
        #expect(twice.stderr.contains("a.csv: already received"))
        #expect(try store(folder).revisions(communeCode: "03390").count == 3)
    }

    /// An inbox keeps every file it was sent: running it again stores nothing new, while a
    /// file sent later for the same month still wins.
    @Test(arguments: StoreBackend.available) func anInboxRunAgainChangesNothingAndTheLatestFileStillWins(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let inbox = folder.appendingPathComponent("inbox")
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 5))], to: inbox.appendingPathComponent("1-a.csv"))
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 9))], to: inbox.appendingPathComponent("2-b.csv"))
        func run() throws -> (status: Int32, stdout: String, stderr: String) {
            try dti(["ingest", "--period", "2026-10", "--lang", "en", inbox.path], in: folder)
        }
        #expect(try run().status == 0)
        #expect(try currentFibre(folder) == 9)
        let again = try run()
        #expect(again.status == 0)
        #expect(again.stderr.contains("already received 2; 0 new rows"), "\(again.stderr)")
        #expect(try store(folder).revisions(communeCode: "03390").count == 2)
        // The officer sends A's figures again under a new name that sorts last.
        try FileManager.default.copyItem(at: inbox.appendingPathComponent("1-a.csv"), to: inbox.appendingPathComponent("3-a-lai.csv"))
        #expect(try run().status == 0)
        #expect(try currentFibre(folder) == 5)
        #expect(try store(folder).revisions(communeCode: "03390").count == 3)
        #expect(try run().stderr.contains("already received 3; 0 new rows"))
    }

    // MARK: 3–4. One entry never harms another; nothing is skipped in silence

    @Test(arguments: StoreBackend.available) func entriesThatCannotBeReadOrAreNotCSVAreRefusedOnTheirOwn(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let inbox = folder.appendingPathComponent("inbox")
        try write([T.canonicalHeader, T.row("03390", "2026-10", T.goodFigures)], to: inbox.appendingPathComponent("xa/bao-cao.csv"))
        try write([T.canonicalHeader, T.row("03388", "2026-10", T.goodFigures)], to: inbox.appendingPathComponent("xb/bao-cao.csv"))
        let fm = FileManager.default
        try fm.createDirectory(at: inbox.appendingPathComponent("x.csv"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: inbox.appendingPathComponent("link.csv").path, withDestinationPath: "/nonexistent/file.csv")
        #expect(mkfifo(inbox.appendingPathComponent("pipe.csv").path, 0o644) == 0)
        for name in ["bao-cao.xls", "unicode.txt", "report.csv.txt"] {
            try Data("PK".utf8).write(to: inbox.appendingPathComponent(name))
        }
        try Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]).write(to: inbox.appendingPathComponent("bao-cao.xlsx"))  // a broken zip
        try Data("PK".utf8).write(to: inbox.appendingPathComponent("~$bao-cao.xlsx"))  // Excel's lock file: not a submission
        try Data("ignored".utf8).write(to: inbox.appendingPathComponent(".DS_Store"))
        let run = try dti(["run", "--inbox", inbox.path, "--period", "2026-10", "--out", folder.appendingPathComponent("out").path,
                           "--lang", "en"], in: folder)
        #expect(run.status == 65)
        for name in ["x.csv", "link.csv", "pipe.csv"] {
            #expect(run.stderr.contains("\(name): error [file-unreadable]"), "\(name): \(run.stderr)")
        }
        // A workbook is read (these two bytes are not one); the others are not submissions.
        #expect(run.stderr.contains("bao-cao.xlsx: error [workbook-unreadable]"), "\(run.stderr)")
        for name in ["bao-cao.xls", "unicode.txt", "report.csv.txt"] {
            #expect(run.stderr.contains("\(name): error [file-type-unsupported]"), "\(name)")
        }
        #expect(run.stderr.contains("bao-cao.xls: error [file-type-unsupported] This is an old-style Excel file (.xls, Excel 97–2003)"))
        #expect(!run.stderr.contains("~$"))
        #expect(run.stderr.contains("report.csv.txt: error [file-type-unsupported] The file's real name ends in “.csv.txt”"))
        #expect(!run.stderr.contains(".DS_Store"))
        #expect(run.stderr.contains("✓ xa/bao-cao.csv") && run.stderr.contains("✓ xb/bao-cao.csv"))
        #expect(run.stderr.contains("Accepted 2 files, refused 7"))
        #expect(fm.fileExists(atPath: folder.appendingPathComponent("out/2026-10/dti-2026-10-12-en.xlsx").path))
        #expect(try store(folder).currentSubmissions(for: Period("2026-10")!).count == 2)
    }

    /// A file the program may not read (run as an unprivileged user; skipped where
    /// `setpriv` or root is not available).
    @Test(.enabled(if: TestData.canRunAsNobody, "needs root and setpriv to run dti as another user"))
    func aFileWithoutReadPermissionIsRefusedWithTheReason() throws {
        let folder = try database()
        let inbox = folder.appendingPathComponent("inbox")
        try write([T.canonicalHeader, T.row("03390", "2026-10", T.goodFigures)], to: inbox.appendingPathComponent("a-good.csv"))
        let secret = inbox.appendingPathComponent("b-secret.csv")
        try write([T.canonicalHeader, T.row("03388", "2026-10", T.goodFigures)], to: secret)
        #expect(EndToEndTests.shell("chmod 600 '\(secret.path)' && chmod -R a+rwX '\(folder.path)' && chmod 600 '\(secret.path)' && chmod a+x '\(folder.deletingLastPathComponent().path)'") == 0)
        let (status, _, stderr) = try TestData.dtiAsNobody([
            "--db", folder.appendingPathComponent("dti.sqlite").path, "--indicators", T.packageRoot.appendingPathComponent("indicators").path,
            "ingest", "--period", "2026-10", "--lang", "en", inbox.path])
        #expect(status == 65, "\(stderr)")
        #expect(stderr.contains("b-secret.csv: error [file-unreadable] Cannot read “b-secret.csv”: the program may not read it (Permission denied)"), "\(stderr)")
        #expect(stderr.contains("✓ a-good.csv"))
    }

    // MARK: 5. No text a commune sends can break a report

    @Test(arguments: StoreBackend.available) func forbiddenCharactersAndOverlongNotesAreRefused(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let file = folder.appendingPathComponent("notes.csv")
        let long = String(repeating: "ghi chú ", count: 300)
        try write([T.canonicalHeader + ",notes",
                   T.row("03390", "2026-10", T.goodFigures) + ",\"xấu \u{FFFF} lạ\"",
                   T.row("03388", "2026-10", T.goodFigures) + ",\"\(long)\""], to: file)
        let ingest = try dti(["ingest", "--period", "2026-10", "--lang", "en", file.path], in: folder)
        #expect(ingest.status == 65)
        #expect(ingest.stderr.contains("notes.csv:2:16: error [value-invalid-character]"), "\(ingest.stderr)")
        #expect(ingest.stderr.contains("notes.csv:3:16: error [value-too-long] “notes” is 2,400 characters long, at most 2,000"))
    }

    /// Whatever the database holds, the workbook is valid XML throughout: text is cleaned at
    /// the XLSX boundary. Checked with a strict parser (Python's expat) on every part.
    @Test(arguments: StoreBackend.available) func theWorkbookIsValidWhateverTheDatabaseHolds(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let store = try store(folder)
        let row = SubmissionRow(line: 2, communeCode: "03390", period: Period("2026-10")!, figures: Figures(values: T.goodFigures),
                                communeName: "Bình\u{FFFE} Lư", notes: "a\u{FFFF}b\u{1}c" + String(repeating: "x", count: 40_000))
        let validation = FileValidation(fileName: "t\u{FFFF}.csv", sha256: String(repeating: "0", count: 64), rows: [row],
                                        issues: IssueCollector())
        _ = try store.record(validation, content: [], source: "test")
        let report = try dti(["report", "--period", "2026-10", "--out", folder.path, "--lang", "vi"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let workbook = folder.appendingPathComponent("2026-10/dti-2026-10-12.xlsx")
        #expect(Self.strictXMLProblems(in: workbook.path) == "", "the workbook holds invalid XML")
        // The checker itself refuses what the old writer produced.
        let bad = folder.appendingPathComponent("bad.xlsx")
        #expect(EndToEndTests.shell("cd '\(folder.path)' && printf '<a>\\357\\277\\277</a>' > s.xml && python3 -c \"import zipfile; zipfile.ZipFile('\(bad.path)','w').write('s.xml')\"") == 0)
        #expect(Self.strictXMLProblems(in: bad.path) != "")
    }

    /// The parts of an XLSX package that expat refuses, one per line; empty when all parse.
    static func strictXMLProblems(in path: String) -> String {
        let script = """
            import sys, zipfile, xml.parsers.expat
            z = zipfile.ZipFile(sys.argv[1])
            for name in z.namelist():
                if name.endswith('.xml') or name.endswith('.rels'):
                    try:
                        xml.parsers.expat.ParserCreate().Parse(z.read(name), True)
                    except xml.parsers.expat.ExpatError as e:
                        print(name, e)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let out = Pipe()
        process.standardOutput = out
        try? process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? text : "python3 failed"
    }

    // MARK: 9. Messages name what the officer sees

    @Test(arguments: StoreBackend.available) func theSummaryCountsInTheRightNumberAndEscapesControlCharacters(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let file = folder.appendingPathComponent("bad\u{1B}[31m.csv")
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 99))], to: file)
        let ingest = try dti(["ingest", "--period", "2026-10", "--lang", "en", file.path], in: folder)
        #expect(ingest.stderr.contains("✗ bad\\u{1B}[31m.csv: refused (1 error)"), "\(ingest.stderr)")
        #expect(!ingest.stderr.unicodeScalars.contains("\u{1B}"))
    }
}
