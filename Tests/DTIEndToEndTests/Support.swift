import DTICore
import DTITestSupport
import Foundation
import Testing

/// Helpers of the end-to-end tests: the bundled sample, what a strict reader finds in a
/// workbook, another process holding a lock, dti run as another user.
extension TestData {
    /// A copy of the bundled sample in `folder`, its files carrying the times they reached the
    /// department (`scripts/sample-arrivals`).
    static func sampleInbox(in folder: URL) throws -> URL {
        let inbox = folder.appendingPathComponent("sample")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("data/sample"), to: inbox)
        try giveSampleItsArrivalTimes(inbox)
        return inbox
    }

    static func giveSampleItsArrivalTimes(_ sample: URL) throws {
        let script = packageRoot.appendingPathComponent("scripts/sample-arrivals").path
        let result = try EndToEndTests.run(URL(fileURLWithPath: "/bin/bash"), [script, sample.path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The rows of a worksheet as openpyxl — a strict reader, not ours — reads them: each cell
    /// as text ("" when empty; numbers as Python prints them).
    static func workbookRows(_ workbook: URL, sheet: String) throws -> [[String]] {
        let script = """
            import sys, json, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            rows = [["" if v is None else str(v) for v in row] for row in book[sys.argv[2]].iter_rows(values_only=True)]
            print(json.dumps(rows))
            """
        let result = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, workbook.path, sheet])
        #expect(result.status == 0, "openpyxl: \(result.stderr)")
        return (try? JSONDecoder().decode([[String]].self, from: Data(result.stdout.utf8))) ?? []
    }

    /// The table of a report sheet as openpyxl reads it, from its header row down, after
    /// checking the row above it is a title: one cell of text (the first, or the first after
    /// the columns a sheet printed across pages repeats), the rest of the row empty.
    static func workbookTable(_ workbook: URL, sheet: String) throws -> [[String]] {
        let rows = try workbookRows(workbook, sheet: sheet)
        let title = try #require(rows.first, "\(sheet) is empty")
        #expect(title.filter { !$0.isEmpty }.count == 1 && title.prefix(4).contains { !$0.isEmpty },
                "\(sheet): no title row above the header: \(title)")
        return Array(rows.dropFirst())
    }

    /// Another process (Python's sqlite3, not dti) holding the write lock of `database` for
    /// `seconds`; returns once the lock is taken. `waitUntilExit()` to see it released.
    static func holdWriteLock(on database: String, seconds: Int) throws -> Process {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            time.sleep(int(sys.argv[2]))
            c.execute('COMMIT')
            """, database, String(seconds)]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        _ = out.fileHandleForReading.availableData  // “locked”
        return holder
    }

    /// True where the tests may run dti as another user (root, with util-linux's setpriv).
    static let canRunAsNobody = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    /// The built dti run as uid/gid 65534 (nobody): what a user without root meets.
    static func dtiAsNobody(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/setpriv"),
                              ["--reuid=65534", "--regid=65534", "--clear-groups", EndToEndTests.binary.path] + arguments)
    }
}
