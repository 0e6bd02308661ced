import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// Faults of the machine under the database get the exit status the README documents and a
/// message that says what to do — never “internal error, please report it”.
@Suite(.serialized)
struct StoreFaultTests {
    typealias T = TestData
    let e2e = EndToEndTests()

    /// The sample's database, closed (its WAL folded in), to damage.
    func sampleDatabase() throws -> URL {
        let (folder, _) = try e2e.runSample(out: T.temporaryFolder())
        let copy = folder.appendingPathComponent("copy.sqlite")
        #expect(try e2e.dti(["backup", copy.path], in: folder).status == 0)
        let database = folder.appendingPathComponent("dti.sqlite")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        try FileManager.default.moveItem(at: copy, to: database)
        return folder
    }

    func damage(_ folder: URL, _ how: (FileHandle, UInt64) throws -> Void) throws {
        let database = folder.appendingPathComponent("dti.sqlite")
        let size = try FileManager.default.attributesOfItem(atPath: database.path)[.size] as! UInt64
        let handle = try FileHandle(forUpdating: database)
        try how(handle, size)
        try handle.close()
    }

    @Test(arguments: ["bad page", "bad header", "truncated"])
    func aDamagedDatabaseIsSaidPlainlyWithExit74(_ kind: String) throws {
        let folder = try sampleDatabase()
        try damage(folder) { handle, size in
            switch kind {
            case "bad page":
                for page in stride(from: UInt64(4096 * 2), to: size, by: 4096 * 3) {
                    try handle.seek(toOffset: page + 100)
                    try handle.write(contentsOf: Data(repeating: 0xA5, count: 2000))
                }
            case "bad header":
                try handle.seek(toOffset: 0)
                try handle.write(contentsOf: Data("this is not sqlite".utf8))
            default:
                try handle.truncate(atOffset: size / 2)
            }
        }
        let out = folder.appendingPathComponent("out").path
        for arguments in [["run", "--inbox", T.packageRoot.appendingPathComponent("data/sample").path, "--period", "2026-10",
                           "--out", out],
                          ["backup", folder.appendingPathComponent("b.sqlite").path],
                          ["serve", "--port", "0"]] {
            let result = try e2e.dti(arguments + ["--lang", "en"], in: folder)
            #expect(result.status == 74, "\(kind), \(arguments[0]): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("dti: the database \(folder.appendingPathComponent("dti.sqlite").path) is damaged"),
                    "\(kind), \(arguments[0]): \(result.stderr)")
            #expect(result.stderr.contains("restore the latest copy made with `dti backup`"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("b.sqlite").path))
    }

    /// A database file the user may only read: reading commands work, writing ones exit 73
    /// with the reason (run as an unprivileged user through setpriv).
    @Test(.enabled(if: TestData.canRunAsNobody, "needs root and setpriv to run dti as another user"))
    func aReadOnlyDatabaseServesReadingCommandsAndRefusesWritesWith73() throws {
        let (folder, _) = try e2e.runSample(out: T.temporaryFolder())
        let database = folder.appendingPathComponent("dti.sqlite").path
        #expect(EndToEndTests.shell("chmod 755 '\(folder.path)' && chmod 444 '\(database)' && chmod 666 '\(database)'.lock") == 0)
        // Nothing of the run is left outside the file: the copy is read as it is.
        #expect(!FileManager.default.fileExists(atPath: database + "-wal"))
        let out = T.temporaryFolder()
        #expect(EndToEndTests.shell("chmod 777 '\(out.path)'") == 0)
        func asNobody(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try TestData.dtiAsNobody(["--db", database, "--indicators", T.packageRoot.appendingPathComponent("indicators").path]
                                     + arguments + ["--lang", "en"])
        }
        #expect(try asNobody(["export", "--period", "2026-10"]).status == 0)
        #expect(try asNobody(["history", "--commune", "03390", "--period", "2026-10"]).status == 0)
        #expect(try asNobody(["status", "--period", "2026-10", "--province", "12"]).status == 0)
        let report = try asNobody(["report", "--period", "2026-10", "--out", out.path])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2026-10/dti-2026-10-12-en.xlsx").path))
        let ingest = try asNobody(["ingest", "--period", "2026-10", T.packageRoot.appendingPathComponent("data/sample").path])
        #expect(ingest.status == 73)
        #expect(ingest.stderr.contains("dti: cannot write the database \(database) (attempt to write a readonly database)"), "\(ingest.stderr)")
    }

    /// Another process holds the write lock past the busy timeout: exit 75, "try again later",
    /// naming the database (DTI_BUSY_TIMEOUT=1 instead of waiting the default 30 s).
    @Test func aLockHeldPastTheBusyTimeoutIsExit75() throws {
        let folder = T.temporaryFolder()
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try e2e.dti(["units", "import", register], in: folder).status == 0)
        let database = folder.appendingPathComponent("dti.sqlite").path
        let holder = try TestData.holdWriteLock(on: database, seconds: 4)
        defer { holder.terminate() }
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = ["--db", database, "ingest", "--period", "2026-10", "--lang", "en",
                             T.packageRoot.appendingPathComponent("data/sample").path]
        process.environment = ProcessInfo.processInfo.environment.merging(["DTI_BUSY_TIMEOUT": "1"]) { $1 }
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 75, "\(stderr)")
        #expect(stderr.contains("dti: the database \(database) was held by another writer for too long"), "\(stderr)")
        #expect(stderr.contains("try again later"))
    }

    /// The disk fills while files are stored: exit 73 naming the database and the reason;
    /// nothing half-stored.
    @Test(.enabled(if: EndToEndTests.canMountTmpfs(), "needs root to mount a small tmpfs"))
    func aFullDiskDuringIngestIsExit73AndStoresNothingHalfWay() throws {
        let disk = T.temporaryFolder()
        #expect(EndToEndTests.shell("mount -t tmpfs -o size=4m tmpfs '\(disk.path)'") == 0)
        defer { _ = EndToEndTests.shell("umount '\(disk.path)'") }
        let database = disk.appendingPathComponent("dti.sqlite").path
        func dti(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try e2e.dti(["--db", database, "--indicators", T.packageRoot.appendingPathComponent("indicators").path]
                        + arguments + ["--lang", "en"], in: disk, globalOptions: false)
        }
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try dti(["units", "import", register]).status == 0)
        // Leave 40 KB: enough to open the database, not to store the sample.
        #expect(EndToEndTests.shell("avail=$(df -k '\(disk.path)' | tail -1 | awk '{print $4}'); dd if=/dev/zero of='\(disk.path)/filler' bs=1k count=$((avail-40)) 2>/dev/null; true") == 0)
        let ingest = try dti(["ingest", "--period", "2026-10", T.packageRoot.appendingPathComponent("data/sample").path])
        #expect(ingest.status == 73, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("dti: cannot write the database \(database): No space left on device; nothing was half-stored"),
                "\(ingest.stderr)")
        try FileManager.default.removeItem(at: disk.appendingPathComponent("filler"))
        let store = try DTIStore(path: database, create: false)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.fileRowCounts().isEmpty)
    }
}
