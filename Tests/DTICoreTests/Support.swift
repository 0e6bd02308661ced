import DTICore
import DTISQLite
import Foundation
import Testing
import ZIPFoundation

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

    /// An `.xlsx` package made with ZIPFoundation from parts written here: a workbook with
    /// one sheet named `sheet`, holding `rows` (XML of `<row>` elements), and optional shared
    /// strings. For inputs Excel would not write (a formula without its value, a zip bomb).
    static func workbook(sheet: String = "Sheet1", rows: String, sharedStrings: [String] = [],
                         extra: [(path: String, bytes: [UInt8])] = []) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ bytes: [UInt8]) throws {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) {
                position, size in Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        try add("[Content_Types].xml", Array("""
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>
            """.utf8))
        try add("xl/workbook.xml", Array("""
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\(main)" xmlns:r="\(relations)"><sheets><sheet name="\(sheet)" sheetId="1" r:id="rId1"/></sheets></workbook>
            """.utf8))
        try add("xl/_rels/workbook.xml.rels", Array("""
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(relations)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """.utf8))
        try add("xl/worksheets/sheet1.xml", Array("""
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\(main)"><sheetData>\(rows)</sheetData></worksheet>
            """.utf8))
        if !sharedStrings.isEmpty {
            let items = sharedStrings.map { "<si><t>\($0)</t></si>" }.joined()
            try add("xl/sharedStrings.xml", Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(main)\">\(items)</sst>".utf8))
        }
        for part in extra { try add(part.path, part.bytes) }
        return [UInt8](archive.data!)
    }

    /// A zip archive of the given files.
    static func zip(_ files: [String: [UInt8]]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) {
                position, size in Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        return [UInt8](archive.data!)
    }

    /// A row of inline-string and number cells for `workbook(rows:)`: text stays text.
    static func workbookRow(_ number: Int, _ cells: [String]) -> String {
        "<row r=\"\(number)\">" + cells.enumerated().map { index, value in
            let reference = WorkbookTable.columnLetters(index + 1) + String(number)
            if !value.isEmpty, value.allSatisfy(\.isNumber), !value.hasPrefix("0") || value == "0" {
                return "<c r=\"\(reference)\"><v>\(value)</v></c>"
            }
            return "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
        }.joined() + "</row>"
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

    /// The table of a report sheet as openpyxl reads it, from its header row down, after
    /// checking the row above it is a title: one cell of text, the rest of the row empty.
    static func workbookTable(_ workbook: URL, sheet: String) throws -> [[String]] {
        let rows = try workbookRows(workbook, sheet: sheet)
        let title = try #require(rows.first, "\(sheet) is empty")
        #expect(!title[0].isEmpty && title.dropFirst().allSatisfy(\.isEmpty), "\(sheet): no title row above the header: \(title)")
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
