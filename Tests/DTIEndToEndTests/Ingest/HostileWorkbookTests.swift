@testable import DTICore
import DTITestSupport
import Foundation
import Testing

/// Workbooks as a damaged USB stick, a careless program or an attacker make them: every one
/// is read within its limits (no hang, no unbounded memory), damage is never read as
/// figures, and valid packages other tools write are read. The packages are made here with
/// Python's `zipfile`, an independent writer.
/// Nested in `ServerTests` (serialized): the floods take CPU, and must not run beside the
/// timing tests of the server.
extension ServerTests {
@Suite(.timeLimit(.minutes(3))) struct HostileWorkbookTests {
    typealias T = TestData
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A zip of `parts` (name, text) in order, each stored or deflated, written by Python.
    static func zip(_ parts: [(String, String)], stored: Bool = false) throws -> [UInt8] {
        let folder = T.temporaryFolder()
        let spec = folder.appendingPathComponent("parts.json"), out = folder.appendingPathComponent("book.xlsx")
        try JSONSerialization.data(withJSONObject: parts.map { [$0.0, $0.1] }).write(to: spec)
        let script = """
            import json, sys, zipfile, warnings
            warnings.simplefilter("ignore")  # a duplicate name is what some tests want
            parts = json.load(open(sys.argv[1]))
            method = zipfile.ZIP_STORED if sys.argv[3] == "stored" else zipfile.ZIP_DEFLATED
            with zipfile.ZipFile(sys.argv[2], "w", method) as z:
                for name, text in parts:
                    z.writestr(name, text.encode("utf-8"))
            """
        let result = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"),
                                           ["python3", "-c", script, spec.path, out.path, stored ? "stored" : "deflated"])
        #expect(result.status == 0, "\(result.stderr)")
        return [UInt8](try Data(contentsOf: out))
    }

    /// The parts of a one-sheet workbook holding `rows`, laid out as Excel lays them out.
    static func parts(rows: String, prefix: String = "", workbookPath: String = "xl/workbook.xml",
                      workbookExtra: String = "") -> [(String, String)] {
        let p = prefix.isEmpty ? "" : prefix + ":"
        let xmlns = prefix.isEmpty ? "xmlns=\"\(main)\"" : "xmlns:\(prefix)=\"\(main)\""
        let folder = PartPath.folder(of: workbookPath)
        return [
            ("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
            ("_rels/.rels", """
                <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(relations)/officeDocument" Target="/\(workbookPath)"/></Relationships>
                """),
            (workbookPath, """
                <?xml version="1.0"?><\(p)workbook \(xmlns) xmlns:r="\(relations)">\(workbookExtra)<\(p)sheets><\(p)sheet name="Báo cáo" sheetId="1" r:id="rId1"/></\(p)sheets></\(p)workbook>
                """),
            (PartPath.relationships(of: workbookPath), """
                <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(relations)/worksheet" Target="sheets/one.xml"/></Relationships>
                """),
            (folder + "sheets/one.xml", """
                <?xml version="1.0"?><\(p)worksheet \(xmlns)><\(p)sheetData>\(rows)</\(p)sheetData></\(p)worksheet>
                """),
        ]
    }

    /// The canonical header and a row for 03388, as inline strings and numbers.
    static func rows(prefix: String = "", figures: [Int] = T.goodFigures, period: String = "2026-10") -> String {
        let p = prefix.isEmpty ? "" : prefix + ":"
        func row(_ number: Int, _ cells: [String]) -> String {
            "<\(p)row r=\"\(number)\">" + cells.enumerated().map { index, value in
                let reference = WorkbookTable.columnLetters(index + 1) + String(number)
                if let _ = Int(value), !value.hasPrefix("0") {
                    return "<\(p)c r=\"\(reference)\"><\(p)v>\(value)</\(p)v></\(p)c>"
                }
                return "<\(p)c r=\"\(reference)\" t=\"inlineStr\"><\(p)is><\(p)t>\(value)</\(p)t></\(p)is></\(p)c>"
            }.joined() + "</\(p)row>"
        }
        return row(1, T.canonicalHeader.components(separatedBy: ",")) + row(2, ["03388", period] + figures.map(String.init))
    }

    static func figures(of validation: FileValidation) -> [Int]? {
        validation.isAccepted ? validation.rows.first?.figures.list : nil
    }

    // MARK: Damage is never read as figures

    /// A changed byte anywhere in a deflated package (a bad USB stick, a cut download): each
    /// is read in bounded time, and either refused or read to the very same figures.
    @Test func aChangedByteAnywhereIsRefusedOrChangesNothing() throws {
        let good = try Self.zip(Self.parts(rows: Self.rows()))
        #expect(Self.figures(of: T.validate(good, name: "x.xlsx")) == T.goodFigures)
        var refused = 0
        for position in stride(from: 0, to: good.count, by: max(1, good.count / 400)) {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var bytes = good
                bytes[position] ^= flip
                let start = Date()
                let read = T.validate(bytes, name: "x.xlsx")
                #expect(Date().timeIntervalSince(start) < 5, "byte \(position) ^ \(flip) took too long")
                if let figures = Self.figures(of: read) {
                    #expect(figures == T.goodFigures, "byte \(position) ^ \(flip) was read as other figures")
                } else {
                    refused += 1
                }
            }
        }
        #expect(refused > 0)
    }

    /// A stored (uncompressed) part with one digit changed: only the checksum tells.
    @Test func aStoredPartWhoseChecksumIsWrongIsRefusedAsDamaged() throws {
        var figures = T.goodFigures
        figures[11] = 6734
        figures[12] = 100
        var bytes = try Self.zip(Self.parts(rows: Self.rows(figures: figures)), stored: true)
        #expect(Self.figures(of: T.validate(bytes, name: "x.xlsx")) == figures)
        let digits = Array("6734".utf8)
        let at = try #require((0...(bytes.count - digits.count)).first { Array(bytes[$0..<($0 + digits.count)]) == digits })
        bytes[at + 3] = UInt8(ascii: "7")
        let read = T.validate(bytes, name: "x.xlsx")
        #expect(read.issues.issues.map(\.code) == ["workbook-unreadable"])
        #expect(read.issues.issues.first?.message.en.contains("CRC") == true)
    }

    /// Two parts of one name: dti once took the first and openpyxl the last.
    @Test func twoPartsOfOneNameAreRefused() throws {
        var other = T.goodFigures
        other[2] = 3
        var parts = Self.parts(rows: Self.rows())
        parts.append(("xl/sheets/one.xml", Self.parts(rows: Self.rows(figures: other))[4].1))
        let read = T.validate(try Self.zip(parts), name: "x.xlsx")
        #expect(read.issues.issues.map(\.code) == ["workbook-unreadable"])
        #expect(read.issues.issues.first?.message.en.contains("two parts named “xl/sheets/one.xml”") == true)
    }

    // MARK: Small files that ask for much

    /// A million empty strings or cells compress to a few KB: refused or read quickly, and
    /// never held in memory as a million values.
    @Test func floodsOfEmptyStringsAndCellsStayWithinTheirLimits() throws {
        var parts = Self.parts(rows: Self.rows())
        parts.append(("xl/sharedStrings.xml", "<sst xmlns=\"\(Self.main)\">" + String(repeating: "<si/>", count: 1_200_000) + "</sst>"))
        let strings = try Self.zip(parts)
        #expect(strings.count < 1 << 20)
        var start = Date()
        #expect(T.validate(strings, name: "x.xlsx").issues.issues.map(\.code) == ["workbook-too-large"])
        #expect(Date().timeIntervalSince(start) < 20)

        let empty = String(repeating: "<c/>", count: 1_000_000)
        let cells = try Self.zip(Self.parts(rows: Self.rows() + "<row r=\"3\">\(empty)</row>"))
        start = Date()
        let read = T.validate(cells, name: "x.xlsx")
        #expect(Self.figures(of: read) == T.goodFigures, "\(read.issues.issues.map { $0.formatted(.en) })")
        #expect(Date().timeIntervalSince(start) < 20)
    }

    // MARK: Valid packages other tools write

    @Test func prefixedSpreadsheetMLIsRead() throws {
        let bytes = try Self.zip(Self.parts(rows: Self.rows(prefix: "x"), prefix: "x"))
        let read = T.validate(bytes, name: "sdk.xlsx")
        #expect(Self.figures(of: read) == T.goodFigures, "\(read.issues.issues.map { $0.formatted(.en) })")
    }

    @Test func theWorkbookIsFoundThroughThePackageRelationships() throws {
        let bytes = try Self.zip(Self.parts(rows: Self.rows(), workbookPath: "book/main.xml"))
        let read = T.validate(bytes, name: "x.xlsx")
        #expect(Self.figures(of: read) == T.goodFigures, "\(read.issues.issues.map { $0.formatted(.en) })")
    }

    @Test func anEmptyFormattedLastRowIsRead() throws {
        let bytes = try Self.zip(Self.parts(rows: Self.rows() + #"<row r="1048576" s="3" customFormat="1"><c r="A1048576" s="3"/></row>"#))
        let read = T.validate(bytes, name: "x.xlsx")
        #expect(Self.figures(of: read) == T.goodFigures, "\(read.issues.issues.map { $0.formatted(.en) })")
    }

    // MARK: Cells as SpreadsheetML means them

    @Test func hexadecimalIsNotANumberEscapesAreDecodedAndThe1904SystemIsKept() throws {
        // `<v>0x11</v>` is not 17.
        let hex = Self.rows().replacingOccurrences(of: "<c r=\"C2\"><v>12</v></c>", with: "<c r=\"C2\"><v>0x11</v></c>")
        #expect(hex != Self.rows())
        let read = T.validate(try Self.zip(Self.parts(rows: hex)), name: "x.xlsx")
        #expect(!read.isAccepted)
        // A period typed as a date in a workbook of the 1904 date system: 1 October 2026.
        let serial = 44_834  // days from 1904-01-01 to 2026-10-01
        let dated = Self.rows().replacingOccurrences(of: "<c r=\"B2\" t=\"inlineStr\"><is><t>2026-10</t></is></c>",
                                                     with: "<c r=\"B2\" s=\"1\"><v>\(serial)</v></c>")
        var parts = Self.parts(rows: dated, workbookExtra: #"<workbookPr date1904="1"/>"#)
        parts.append(("xl/styles.xml", """
            <styleSheet xmlns="\(Self.main)"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>
            """))
        let date = T.validate(try Self.zip(parts), name: "x.xlsx")
        #expect(date.rows.first?.period == Period("2026-10"), "\(date.issues.issues.map { $0.formatted(.en) })")
        #expect(OOXMLEscape.decoded("a_x000D_b_x005F_x000D_") == "a\rb_x000D_")
    }

    /// A full or unwritable temporary folder is no reason to refuse a good workbook: nothing
    /// of a workbook goes through one.
    @Test func aWorkbookNeedsNoTemporaryFolder() throws {
        let folder = T.temporaryFolder()
        let book = folder.appendingPathComponent("bao-cao.xlsx")
        try Data(try Self.zip(Self.parts(rows: Self.rows()))).write(to: book)
        let database = folder.appendingPathComponent("dti.sqlite").path
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try EndToEndTests.run(EndToEndTests.binary, ["--db", database, "units", "import", register]).status == 0)
        let ingest = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"), [
            "TMPDIR=/nonexistent/tmp", EndToEndTests.binary.path, "--db", database, "ingest", "--period", "2026-10", "--lang", "en", book.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("✓ bao-cao.xlsx"), "\(ingest.stderr)")
    }

    /// An empty zip archive is a zip, and a gzip file is a gzip file: neither is “UTF-16 text”.
    @Test func anEmptyZipAndAGzipFileAreSaidForWhatTheyAre() {
        let empty = T.validate([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18), name: "x.xlsx")
        #expect(empty.issues.issues.map(\.code) == ["workbook-unreadable"])
        let gzip = T.validate([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0x01, 0x00], name: "bao-cao.csv")
        #expect(gzip.issues.issues.map(\.code) == ["file-binary"])
        #expect(gzip.issues.issues.first?.message.en.contains("a gzip archive") == true, "\(gzip.issues.issues.map { $0.formatted(.en) })")
    }

    /// A package whose relationships point at the root, or nowhere, is refused: no trap.
    @Test func aWorkbookRelationshipToNothingIsRefused() throws {
        for target in ["/", "", "../..", "/xl/"] {
            var parts = Self.parts(rows: Self.rows())
            parts[1].1 = parts[1].1.replacingOccurrences(of: "Target=\"/xl/workbook.xml\"", with: "Target=\"\(target)\"")
            let read = T.validate(try Self.zip(parts), name: "x.xlsx")
            #expect(read.issues.issues.map(\.code) == ["workbook-unreadable"], "\(target)")
        }
    }
}
}
