@testable import DTICore
import DTITestSupport
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

    /// Gives `file` the time it reached the department: `day` of November 2026, Vietnam time.
    func arrive(_ file: URL, day: Int, at time: String = "09:00") throws {
        let date = try #require(ISO8601DateFormatter().date(from: String(format: "2026-11-%02dT%@:00+07:00", day, time)))
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: file.path)
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

    /// The cron job over the bundled sample: of its two refused files one is answered by the
    /// commune's corrected file and no longer counts; the other keeps the run red, run after
    /// run, until the commune sends it corrected.
    @Test(arguments: StoreBackend.available) func theSampleRunStaysRedUntilTheBadFileIsCorrected(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let inbox = try T.sampleInbox(in: folder)
        let arguments = ["run", "--inbox", inbox.path, "--period", "2026-10", "--out", folder.appendingPathComponent("out").path,
                         "--lang", "en"]
        let first = try dti(arguments, in: folder)
        #expect(first.status == 65)
        // Every problem of the bad row at once: the unknown column, the decimal, and 14 of 12 villages.
        #expect(first.stderr.contains("✗ 2026-10/xa-loi-dinh-dang.csv: refused (3 errors)"), "\(first.stderr)")
        #expect(first.stderr.contains("↳ 2026-10/xa-loi-dinh-dang.csv: refused, answered by a later file"), "\(first.stderr)")
        #expect(first.stderr.contains("✗ 2026-10/bao-cao-thang-10.csv: refused (1 error)"), "\(first.stderr)")
        #expect(!first.stderr.contains("↳ 2026-10/bao-cao-thang-10.csv"))
        let second = try dti(arguments, in: folder)
        #expect(second.status == 65)
        #expect(second.stderr.contains("✗ 2026-10/bao-cao-thang-10.csv: refused (1 error)"))
        #expect(second.stderr.contains("Accepted 0 files, refused 2 (1 answered by a later file), already received 112"), "\(second.stderr)")
        // Khun Há swaps its two population cells back; the file reaches the department today.
        let bad = inbox.appendingPathComponent("2026-10/bao-cao-thang-10.csv")
        let text = try String(contentsOf: bad, encoding: .utf8)
        let corrected = text.replacingOccurrences(of: ";7.490;9.541;", with: ";9.541;7.490;")
        #expect(corrected != text)
        try corrected.write(to: bad, atomically: true, encoding: .utf8)
        let fixed = try dti(arguments, in: folder)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stderr.contains("Accepted 1 file, refused 1 (1 answered by a later file), already received 112; 1 new row, 0 of them corrections."),
                "\(fixed.stderr)")
    }

    /// A refused file whose commune has sent an accepted file since is answered; one still
    /// waiting keeps the exit status 65.
    @Test(arguments: StoreBackend.available) func anAnsweredRefusalNoLongerHoldsTheRunRed(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let inbox = folder.appendingPathComponent("inbox")
        let refused = inbox.appendingPathComponent("z-sai.csv"), fixed = inbox.appendingPathComponent("a-sua.csv")
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 99))], to: refused)
        try arrive(refused, day: 2)
        let run = ["ingest", "--period", "2026-10", "--lang", "en", inbox.path]
        #expect(try dti(run, in: folder).status == 65)
        // The correction arrives the next day; its name sorts first, which does not matter.
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 9))], to: fixed)
        try arrive(fixed, day: 3)
        let answered = try dti(run, in: folder)
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.stderr.contains("↳ z-sai.csv: refused, answered by a later file"), "\(answered.stderr)")
        #expect(answered.stderr.contains("refused 1 (1 answered by a later file)"))
        // The commune tries again on the 4th and gets it wrong: waiting again.
        let again = inbox.appendingPathComponent("b-lan-nua.csv")
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 98))], to: again)
        try arrive(again, day: 4)
        let waiting = try dti(run, in: folder)
        #expect(waiting.status == 65, "\(waiting.stderr)")
        #expect(waiting.stderr.contains("refused 2 (1 answered by a later file)"), "\(waiting.stderr)")
        #expect(try currentFibre(folder) == 9)
    }

    // MARK: 2. The last file a commune sends is what counts

    @Test(arguments: StoreBackend.available) func sendingABAgainMakesAsFiguresCurrentAgain(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let a = folder.appendingPathComponent("a.csv"), b = folder.appendingPathComponent("b.csv")
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 5))], to: a)
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 9))], to: b)
        // A on the 1st, B on the 2nd, then A sent again on the 3rd: a new, later arrival.
        for (file, day, fibre) in [(a, 1, 5), (b, 2, 9), (a, 3, 5)] {
            try arrive(file, day: day)
            let ingest = try dti(["ingest", "--period", "2026-10", "--lang", "en", file.path], in: folder)
            #expect(ingest.status == 0, "\(ingest.stderr)")
            #expect(try currentFibre(folder) == fibre)
        }
        let history = try dti(["history", "--commune", "03390", "--period", "2026-10", "--lang", "en"], in: folder)
        #expect(history.stdout.hasPrefix("commune 03390, period 2026-10: 3 revisions"))
        #expect(history.stdout.contains("changed: villages_fibre 9 → 5"))
        #expect(history.stdout.contains("the same file as revision 1, sent again"))
        // The same arrival read twice: nothing changes.
        let twice = try dti(["ingest", "--period", "2026-10", "--lang", "en", a.path], in: folder)
        #expect(twice.status == 0)
        #expect(twice.stderr.contains("a.csv: already received (this file, at this time), nothing changed"), "\(twice.stderr)")
        #expect(try store(folder).revisions(communeCode: "03390").count == 3)
    }

    /// An inbox keeps every file it was sent: running it again stores nothing new, while a
    /// file sent later for the same month still wins.
    @Test(arguments: StoreBackend.available) func anInboxRunAgainChangesNothingAndTheLatestFileStillWins(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let inbox = folder.appendingPathComponent("inbox")
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 5))], to: inbox.appendingPathComponent("1-a.csv"))
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 9))], to: inbox.appendingPathComponent("2-b.csv"))
        try arrive(inbox.appendingPathComponent("1-a.csv"), day: 1)
        try arrive(inbox.appendingPathComponent("2-b.csv"), day: 2)
        func run() throws -> (status: Int32, stdout: String, stderr: String) {
            try dti(["ingest", "--period", "2026-10", "--lang", "en", inbox.path], in: folder)
        }
        #expect(try run().status == 0)
        #expect(try currentFibre(folder) == 9)
        let again = try run()
        #expect(again.status == 0)
        #expect(again.stderr.contains("already received 2; 0 new rows"), "\(again.stderr)")
        #expect(try store(folder).revisions(communeCode: "03390").count == 2)
        // The officer sends A's figures again on the 3rd.
        let resent = inbox.appendingPathComponent("0-a-lai.csv")
        try FileManager.default.copyItem(at: inbox.appendingPathComponent("1-a.csv"), to: resent)
        try arrive(resent, day: 3)
        #expect(try run().status == 0)
        #expect(try currentFibre(folder) == 5)
        #expect(try store(folder).revisions(communeCode: "03390").count == 3)
        #expect(try run().stderr.contains("already received 3; 0 new rows"))
    }

    /// The issue's reproduction: a correction whose name sorts first, then the inbox read
    /// again. Arrival decides; the history tells what happened.
    @Test(arguments: StoreBackend.available) func aCorrectionCountsWhateverItsNameAndHowOftenTheInboxIsRead(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let inbox = folder.appendingPathComponent("inbox")
        let original = inbox.appendingPathComponent("z-original.csv"), correction = inbox.appendingPathComponent("a-correction.csv")
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 5))], to: original)
        try arrive(original, day: 2)
        let run = ["run", "--inbox", inbox.path, "--period", "2026-10", "--out", folder.appendingPathComponent("out").path, "--lang", "en"]
        #expect(try dti(run, in: folder).status == 0)
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 9))], to: correction)
        try arrive(correction, day: 4)
        for _ in 0..<3 {
            let again = try dti(run, in: folder)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try currentFibre(folder) == 9)
        }
        #expect(try store(folder).revisions(communeCode: "03390").count == 2)
        let history = try dti(["history", "--commune", "03390", "--period", "2026-10", "--lang", "en"], in: folder)
        #expect(history.stdout.hasPrefix("commune 03390, period 2026-10: 2 revisions"), "\(history.stdout)")
        #expect(!history.stdout.contains("sent again"), "\(history.stdout)")
        #expect(history.stdout.contains("revision 2  received 2026-11-04 09:00 (Vietnam time)  a-correction.csv:2"), "\(history.stdout)")
    }

    /// An archive of originals read again after its corrections never reverts them; a file
    /// that reached the department before the current figures is kept, not current, and the
    /// month is on time by the first file that came.
    @Test(arguments: StoreBackend.available) func anArchiveReadAgainNeverRevertsACorrection(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let originals = folder.appendingPathComponent("goc"), corrections = folder.appendingPathComponent("sua")
        for (code, fibre) in [("03390", 5), ("03388", 6)] {
            let file = originals.appendingPathComponent("xa-\(code).csv")
            try write([T.canonicalHeader, T.row(code, "2026-10", Self.figures(fibre: fibre))], to: file)
            try arrive(file, day: 2)
        }
        let fix = corrections.appendingPathComponent("xa-03390.csv")
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 9))], to: fix)
        try arrive(fix, day: 8)  // after the deadline of the 5th
        for paths in [[originals], [corrections], [originals], [corrections, originals]] {
            let ingest = try dti(["ingest", "--period", "2026-10", "--lang", "en"] + paths.map(\.path), in: folder)
            #expect(ingest.status == 0, "\(ingest.stderr)")
        }
        #expect(try currentFibre(folder) == 9)
        // The commune's own copy of a file written on the 1st, found later on a USB stick.
        let found = folder.appendingPathComponent("usb/ban-dau.csv")
        try write([T.canonicalHeader, T.row("03390", "2026-10", Self.figures(fibre: 4))], to: found)
        try arrive(found, day: 1)
        let older = try dti(["ingest", "--period", "2026-10", "--lang", "en", found.path], in: folder)
        #expect(older.status == 0)
        #expect(older.stderr.contains("ban-dau.csv: 0 new rows (0 corrections), 0 unchanged, 1 row arrived before the current figures; kept, not current"),
                "\(older.stderr)")
        #expect(try currentFibre(folder) == 9)
        let history = try dti(["history", "--commune", "03390", "--period", "2026-10", "--lang", "en"], in: folder)
        #expect(history.stdout.contains("arrived before the current figures; kept, not current  received 2026-11-01 09:00 (Vietnam time)  ban-dau.csv:2"),
                "\(history.stdout)")
        // Corrected late, but the first figures came on the 1st: on time.
        let status = try dti(["status", "--period", "2026-10", "--province", "12", "--format", "csv"], in: folder)
        let row = try #require(status.stdout.split(separator: "\n").first { $0.contains(",03390,") })
        #expect(row.contains(",on-time,2026-11-08 09:00,xa-03390.csv,"), "\(row)")
    }

    /// After a writing command, the database file alone is the whole database: copied without
    /// its `-wal`, it holds every register and revision.
    @Test func theDatabaseFileIsWholeAfterEveryCommand() throws {
        let folder = try database(.sqlite)
        let database = folder.appendingPathComponent("dti.sqlite")
        let copy = T.temporaryFolder()
        let wal = folder.appendingPathComponent("dti.sqlite-wal").path
        func walIsEmpty() -> Bool {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: wal) else { return true }
            return (attributes[.size] as? Int) == 0
        }
        #expect(walIsEmpty())
        let inbox = try T.sampleInbox(in: folder)
        #expect(try dti(["run", "--inbox", inbox.path, "--period", "2026-10", "--out", folder.appendingPathComponent("out").path],
                        in: folder).status == 65)
        #expect(walIsEmpty(), "a -wal file with data was left behind")
        try FileManager.default.copyItem(at: database, to: copy.appendingPathComponent("dti.sqlite"))
        let export = try dti(["--db", copy.appendingPathComponent("dti.sqlite").path, "export", "--period", "2026-10"], in: copy)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.split(separator: "\n").count == 36, "a header and 35 communes")
    }

    /// A batch load of past months keeps each file's arrival: nobody is late for having been
    /// loaded today.
    @Test(arguments: StoreBackend.available) func aBatchLoadOfPastMonthsKeepsTheirArrivalTimes(_ backend: StoreBackend) throws {
        let folder = try database(backend)
        let inbox = try T.sampleInbox(in: folder)
        #expect(try dti(["ingest", "--period", "2026-10", inbox.path], in: folder).status == 65)
        let status = try dti(["status", "--period", "2026-08", "--province", "12", "--format", "csv"], in: folder)
        let rows = status.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 38)
        #expect(rows.filter { $0.contains(",on-time,") }.count == 38, "\(status.stdout)")
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
        try fm.createSymbolicLink(atPath: inbox.appendingPathComponent("thang-10").path, withDestinationPath: inbox.appendingPathComponent("xa").path)
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
        // A link to a folder is not followed (the folder's own file is read once, where it lies).
        #expect(run.stderr.contains("thang-10: error [file-unreadable] Cannot read “thang-10”: it is a link to a folder, which is not followed"),
                "\(run.stderr)")
        #expect(run.stderr.contains("✓ xa/bao-cao.csv") && run.stderr.contains("✓ xb/bao-cao.csv"))
        #expect(run.stderr.contains("Accepted 2 files, refused 8"))
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
