import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing
import ZIPFoundation

/// `kill -9` at many points of a real `dti run`: the database is always as before or as after
/// each file (never a file half-stored), passes SQLite's integrity check, no report is ever
/// half-written, and the next run finishes the work with exactly the reports an
/// uninterrupted run writes.
@Suite(.serialized)
struct CrashTests {
    static let killPoints = 24

    let e2e = EndToEndTests()
    let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2025-07.csv").path

    func run(_ folder: URL, inbox: URL, out: URL) throws -> Process {
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = ["--db", folder.appendingPathComponent("dti.sqlite").path,
                             "--indicators", TestData.packageRoot.appendingPathComponent("indicators").path,
                             "run", "--inbox", inbox.path, "--period", "2025-12", "--scope", "all", "--out", out.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func freshDatabase() throws -> URL {
        let folder = TestData.temporaryFolder()
        #expect(try e2e.dti(["units", "import", register], in: folder).status == 0)
        return folder
    }

    /// Every file either stored whole or not at all, and SQLite's check passes. (The sample has
    /// no corrections, so every accepted row is a new revision.)
    func expectConsistent(_ folder: URL, _ context: String) throws {
        let store = try DTIStore(path: folder.appendingPathComponent("dti.sqlite").path, create: false)
        #expect(try store.integrityCheck() == "ok", "\(context)")
        for file in try store.fileRowCounts() where file.accepted {
            #expect(file.stored == file.rows, "\(context): \(file.name) has \(file.stored) of \(file.rows) rows")
        }
    }

    /// Reports present are whole: workbooks open as zip packages with their sheets,
    /// Markdown and HTML end where the renderer ends them; no temporary file survives a finished run.
    func expectWholeReports(_ out: URL, _ context: String) throws {
        let folder = out.appendingPathComponent("2025-12")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            if name.hasSuffix(".xlsx") {
                let archive = try Archive(url: url, accessMode: .read)
                #expect(archive["xl/workbook.xml"] != nil, "\(context): \(name)")
            } else if name.hasSuffix(".html") {
                let text = try String(contentsOf: url, encoding: .utf8)
                #expect(text.hasSuffix("</html>\n") && text.contains("<h2>"), "\(context): \(name)")
            } else {
                let text = try String(contentsOf: url, encoding: .utf8)
                #expect(text.hasSuffix("\n") && text.contains("## "), "\(context): \(name)")
            }
        }
    }

    @Test func killedAtAnyPointTheNextRunFinishesTheWork() throws {
        let inbox = TestData.temporaryFolder()
        let generate = try e2e.dti(["sample", "generate", "--register", register, "--periods", "2025-07..2025-12",
                                    "--province", "01", "--province", "79", "--rows-per-file", "3", "--corrections", "0",
                                    "--out", inbox.path],
                                   in: inbox, globalOptions: false)
        #expect(generate.status == 0)

        // The reference: an uninterrupted run, timed; twice, keeping the shorter time (the
        // first warms the caches), so the kill points fall inside the runs that follow.
        var duration = Double.infinity
        let referenceOut = TestData.temporaryFolder()
        for _ in 0..<2 {
            let reference = try freshDatabase()
            try? FileManager.default.removeItem(at: referenceOut)
            let started = Date()
            let whole = try run(reference, inbox: inbox, out: referenceOut)
            whole.waitUntilExit()
            duration = min(duration, Date().timeIntervalSince(started))
            #expect(whole.terminationStatus == 0)
        }
        let expectedReports = try FileManager.default.contentsOfDirectory(atPath: referenceOut.appendingPathComponent("2025-12").path).sorted()
        #expect(expectedReports.count == 9)  // Hà Nội, Hồ Chí Minh and national: .xlsx, .md and .html

        var killed = 0
        for point in 0..<Self.killPoints {
            let folder = try freshDatabase(), out = TestData.temporaryFolder()
            // Kill points spread over the whole run, from start-up to the last report, each at a
            // random place within its slot (so every test run tries new points).
            let delay = duration * (Double(point) + Double.random(in: 0..<1)) / Double(Self.killPoints)
            let process = try run(folder, inbox: inbox, out: out)
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            let context = "killed after \(String(format: "%.3f", delay)) s"
            try expectConsistent(folder, context)
            try expectWholeReports(out, context)

            let again = try run(folder, inbox: inbox, out: out)
            again.waitUntilExit()
            #expect(again.terminationStatus == 0, "\(context)")
            try expectConsistent(folder, context + ", then run again")
            let reports = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("2025-12").path).sorted()
            #expect(reports == expectedReports, "\(context): \(reports)")
            for name in expectedReports {
                let path = "2025-12/" + name
                #expect(FileManager.default.contents(atPath: out.appendingPathComponent(path).path)
                            == FileManager.default.contents(atPath: referenceOut.appendingPathComponent(path).path),
                        "\(context): \(name) differs from the uninterrupted run")
            }
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: out)
        }
        print("crash test: \(killed) of \(Self.killPoints) runs killed mid-way, each checked and finished by the next run")
        // Most points must really interrupt the run, or the test proves little.
        #expect(killed >= Self.killPoints / 2, "only \(killed) runs were still going when killed")
    }
}
