import DTICore
import Foundation
import Testing

/// Helpers shared by the tests: a tiny register, canonical rows, fixture paths.
enum TestData {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: fixtures.appendingPathComponent(name).path)!)
    }

    static let register = RegisterVersion(inForce: Period("2025-07")!, units: [
        unit("03388", "Đoàn Kết"), unit("03390", "Bình Lư"), unit("03394", "Sin Suối Hồ"), unit("03405", "Hòa Bình"),
        AdministrativeUnit(provinceCode: "01", provinceName: "Thành phố Hà Nội", communeCode: "00004",
                           communeName: "Ba Đình", communeType: "Phường"),
    ])

    static func unit(_ code: String, _ name: String) -> AdministrativeUnit {
        AdministrativeUnit(provinceCode: "12", provinceName: "Tỉnh Lai Châu", communeCode: code, communeName: name,
                           communeType: "Xã")
    }

    static let context = ValidationContext(directory: UnitDirectory(versions: [register]), latestPeriod: Period("2026-10")!)

    static let canonicalHeader = "commune_code,period," + Figure.allCases.map(\.rawValue).joined(separator: ",")

    /// A canonical CSV row; figures in `Figure.allCases` order.
    static func row(_ code: String, _ period: String, _ figures: [Int]) -> String {
        ([code, period] + figures.map(String.init)).joined(separator: ",")
    }

    /// A plausible, valid set of figures.
    static let goodFigures = [12, 12, 9, 5, 2400, 1800, 5000, 3000, 200, 10, 120, 300, 100]

    static func csv(_ lines: [String]) -> [UInt8] {
        Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    static func validate(_ bytes: [UInt8], name: String = "test.csv") -> FileValidation {
        FileValidator(context: context).validate(bytes, fileName: name)
    }

    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dti-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

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
