import DTICore
import DTISQLite
import Foundation
import ZIPFoundation

/// Helpers shared by the unit and the end-to-end tests: a tiny register, canonical rows,
/// fixture paths, workbooks made part by part, the indicator set of the repository.
package enum TestData {
    package static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// `Tests/Fixtures`: files the tests read, shared by both test targets and `scripts/fuzz`.
    package static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures")

    package static func fixture(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: fixtures.appendingPathComponent(name).path)!)
    }

    package static let register = RegisterVersion(inForce: Period("2025-07")!, units: [
        unit("03388", "Đoàn Kết"), unit("03390", "Bình Lư"), unit("03394", "Sin Suối Hồ"), unit("03405", "Hòa Bình"),
        AdministrativeUnit(provinceCode: "01", provinceName: "Thành phố Hà Nội", communeCode: "00004",
                           communeName: "Ba Đình", communeType: "Phường"),
    ])

    package static func unit(_ code: String, _ name: String) -> AdministrativeUnit {
        AdministrativeUnit(provinceCode: "12", provinceName: "Tỉnh Lai Châu", communeCode: code, communeName: name,
                           communeType: "Xã")
    }

    package static let context = ValidationContext(directory: UnitDirectory(versions: [register]), latestPeriod: Period("2026-10")!)

    /// What a province adds to the default indicator file (issue 35): two fields from October
    /// 2026 (a count, a yes/no task), an optional score and an optional text, a check between
    /// fields, and an indicator over each new count and task.
    package static let provinceAdditions = """

        [field.digital_team_members]
        label_vi = "Số thành viên tổ công nghệ số cộng đồng"
        label_en = "Community digital team members"
        aliases = "Thành viên tổ CNSCĐ"
        since = "2026-10"
        help = "Tổng số thành viên các tổ công nghệ số cộng đồng của xã."

        [field.civil_registry_digitised]
        label_vi = "Đã số hoá sổ hộ tịch"
        label_en = "Civil registry digitised"
        kind = "yes_no"
        since = "2026-10"

        [field.service_quality]
        label_vi = "Điểm chất lượng phục vụ"
        kind = "score"
        max = 100
        required = false

        [field.model_name]
        label_vi = "Tên mô hình chuyển đổi số"
        label_en = "Digital model"
        kind = "text"
        required = false

        [check.team_within_adults]
        rule = "digital_team_members <= adult_population"

        [indicator.digital_teams]
        pillar = "society"
        formula = "1000 * digital_team_members / adult_population"
        target = 5
        weight = 0.10
        label_vi = "Thành viên tổ công nghệ số trên 1.000 người trưởng thành"
        label_en = "Digital team members per 1,000 adults"

        [indicator.civil_registry]
        pillar = "government"
        formula = "civil_registry_digitised"
        normalisation = "steps"
        steps = "1: 1"
        weight = 0.05
        label_vi = "Đã số hoá sổ hộ tịch"
        label_en = "Civil registry digitised"

        """

    /// The default indicator file with `provinceAdditions`: a province's form.
    package static var provinceIndicatorText: String { BuiltInIndicators.text + provinceAdditions }

    package static var provinceForm: Form {
        get throws { try IndicatorFile.parse(provinceIndicatorText, file: "province.toml").form }
    }

    package static let canonicalHeader = "commune_code,period," + Figure.allCases.map(\.rawValue).joined(separator: ",")

    /// A canonical CSV row; figures in `Figure.allCases` order.
    package static func row(_ code: String, _ period: String, _ figures: [Int]) -> String {
        ([code, period] + figures.map(String.init)).joined(separator: ",")
    }

    /// A plausible, valid set of figures.
    package static let goodFigures = [12, 12, 9, 5, 2400, 1800, 5000, 3000, 200, 10, 120, 300, 100]

    package static func csv(_ lines: [String]) -> [UInt8] {
        Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    package static func validate(_ bytes: [UInt8], name: String = "test.csv") -> FileValidation {
        FileValidator(context: context).validate(bytes, fileName: name)
    }

    package static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dti-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An `.xlsx` package made with ZIPFoundation from parts written here: a workbook with
    /// one sheet named `sheet`, holding `rows` (XML of `<row>` elements), and optional shared
    /// strings. For inputs Excel would not write (a formula without its value, a zip bomb).
    /// With `cover`, a first sheet of that name holding only a title comes before the table's.
    package static func workbook(sheet: String = "Sheet1", rows: String, sharedStrings: [String] = [],
                         extra: [(path: String, bytes: [UInt8])] = [], cover: String? = nil) throws -> [UInt8] {
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
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\(main)" xmlns:r="\(relations)"><sheets>\(cover.map { "<sheet name=\"\($0)\" sheetId=\"2\" r:id=\"rId2\"/>" } ?? "")<sheet name="\(sheet)" sheetId="1" r:id="rId1"/></sheets></workbook>
            """.utf8))
        try add("xl/_rels/workbook.xml.rels", Array("""
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(relations)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\(relations)/worksheet" Target="worksheets/cover.xml"/></Relationships>
            """.utf8))
        if cover != nil {
            try add("xl/worksheets/cover.xml", Array("""
                <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\(main)"><sheetData>\(workbookRow(1, ["BÁO CÁO CHUYỂN ĐỔI SỐ CẤP XÃ", "UBND XÃ BÌNH LƯ"]))</sheetData></worksheet>
                """.utf8))
        }
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
    package static func zip(_ files: [String: [UInt8]]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) {
                position, size in Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        return [UInt8](archive.data!)
    }

    /// A row of inline-string and number cells for `workbook(rows:)`: text stays text.
    package static func workbookRow(_ number: Int, _ cells: [String]) -> String {
        "<row r=\"\(number)\">" + cells.enumerated().map { index, value in
            let reference = WorkbookTable.columnLetters(index + 1) + String(number)
            if !value.isEmpty, value.allSatisfy(\.isNumber), !value.hasPrefix("0") || value == "0" {
                return "<c r=\"\(reference)\"><v>\(value)</v></c>"
            }
            return "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
        }.joined() + "</row>"
    }

    /// The time the tests' reports are made (`SOURCE_DATE_EPOCH`): 00:00 UTC, 1 December 2026.
    package static let reportTime = "1796083200"

    /// The indicator set of the repository (`indicators/`), as dti reads it.
    package static let defaultSet = try! IndicatorFile.load(path: packageRoot.appendingPathComponent("indicators").path)

    /// The inputs kept from fuzzing (`Tests/Fixtures/fuzz`), by name.
    package static let fuzzCorpus = ((try? FileManager.default.contentsOfDirectory(
        atPath: fixtures.appendingPathComponent("fuzz").path)) ?? []).sorted()

    /// A file validation refused where a test needed it accepted.
    package struct Refused: Error, CustomStringConvertible {
        package var issues: [ValidationIssue]
        package var description: String { "refused: \(issues)" }
    }

    /// Validates `rows` (canonical, under the canonical header) against `register` and records
    /// the file in `store`, as an ingest would; throws `Refused` when the file is refused.
    package static func ingest(_ store: any DataStore, _ rows: [String], register: RegisterVersion = register) throws {
        let context = ValidationContext(directory: UnitDirectory(versions: [register]), latestPeriod: Period("2026-12")!)
        let bytes = csv([canonicalHeader] + rows)
        let validation = FileValidator(context: context).validate(bytes, fileName: "f.csv")
        guard validation.isAccepted else { throw Refused(issues: validation.issues.issues) }
        _ = try store.record(validation, content: bytes, source: "test")
    }

    /// Figures whose DTI is easy to compute: every ratio is `share`, targets 1, 1, .8, .8, .8, .5.
    package static func figures(_ share: Double) -> [Int] {
        let part = { (total: Int) in Int((Double(total) * share).rounded()) }
        return [100, part(100), part(100), 1, 100, part(100), 100, part(100), 100, 0, part(100), 100, part(100)]
    }
}

extension Figures {
    /// The contract's figures as an array, to compare with expected lists.
    public var list: [Int] { Array(values) }
}
