import Foundation
import CLibXML2

/// The worksheet of an `.xlsx` that holds the submission table (the first visible one, unless
/// it holds no table and a later one does: a cover sheet before *Báo cáo*), as the texts Excel
/// shows in its cells.
public struct WorkbookTable: Sendable {
    /// The sheet's name, as its tab shows it.
    public var sheet: String
    /// Visible sheets before it that hold no table, by name (read, then passed over).
    public var skippedSheets: [String] = []
    /// `rows[0]` is row 1 of the sheet, `rows[r][0]` its column A; blank cells are "".
    public var rows: [[String]]
    /// Cells holding a formula with no saved result (a file written by a program, never
    /// opened in Excel), as Excel names them: `F7`.
    public var formulasWithoutValue: [(row: Int, column: Int)] = []

    /// True when some row near the top names at least three columns of the submission format
    /// (its header: the template's labels, or the canonical names of its hidden row).
    var holdsTable: Bool {
        rows.prefix(20).contains { row in row.count { !$0.isEmpty && SubmissionColumn(header: $0) != nil } >= 3 }
    }

    /// The size of the table as CSV text (every field quoted, quotes doubled, CRLF line ends):
    /// validation holds a sheet to the size limit of a CSV file.
    var textSize: Int {
        var size = 0
        for row in rows {
            size += max(0, row.count - 1) + 2
            for cell in row where !cell.isEmpty {
                size += 2 + cell.utf8.count + cell.utf8.count { $0 == UInt8(ascii: "\"") }
            }
        }
        return size
    }

    /// A cell's name as Excel shows it: `'Báo cáo'!F7`, `Sheet1!F7`; a whole row `Sheet1!7:7`.
    public static func cellName(sheet: String, row: Int, column: Int?) -> String {
        let plain = !sheet.isEmpty && sheet.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" }
        let quoted = plain ? sheet : "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
        return quoted + "!" + (column.map { columnLetters($0) + String(row) } ?? "\(row):\(row)")
    }

    /// 1 → A, 27 → AA.
    public static func columnLetters(_ column: Int) -> String {
        var number = column
        var letters = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return letters
    }
}

/// Reads a workbook with libzip (`ZipPackage`: the package) and libxml2's reader (the XML),
/// each part streamed from the inflater into the XML reader, never unpacked whole: shared
/// and inline strings, numbers stored as numbers or as text, dates (by the cell's number
/// format, in the 1900 or 1904 date system), booleans, error values, and formulas by their
/// saved result. Merged cells hold their value in the top-left cell, as Excel stores them.
///
/// Whatever the bytes, a workbook is read within documented limits: `maximumUnpackedBytes`
/// inflated across its parts, `maximumCellText` of cell text kept, `maximumRows` rows and
/// `maximumColumns` columns holding anything, and `maximumSeconds` of work. A part whose
/// checksum is wrong, two parts of one name, or a damaged deflate stream are damage.
enum WorkbookReader {
    /// What a workbook may unpack to: a commune's month is a few KB; this stops a zip bomb.
    static let maximumUnpackedBytes = 64 << 20
    /// Text of the cells kept (what the validator then reads, as a CSV file would be).
    static let maximumCellText = 8 << 20
    static let maximumRows = 100_000
    /// Columns that may hold something (a submission has 18, with a note and an STT column).
    static let maximumColumns = 512
    /// Visible sheets looked at for the table (a cover first, then *Báo cáo*).
    static let maximumSheetsTried = 8
    /// Work on one workbook stops after this long, however its bytes are made.
    static let maximumSeconds: TimeInterval = 20

    /// Why a workbook is not read; validation names it with its rule code.
    struct Problem: Error {
        enum Kind { case unreadable, tooLarge }
        var kind: Kind
        var message: LocalizedText
    }

    static func read(_ bytes: [UInt8]) -> Result<WorkbookTable, Problem> {
        do {
            return .success(try Package(bytes).table())
        } catch let problem as Problem {
            return .failure(problem)
        } catch let failure as ZipPackage.Failure {
            switch failure {
            case .damaged: return .failure(damaged)
            case .duplicateName(let name): return .failure(duplicatePart(name))
            case .overBudget: return .failure(tooLarge)
            }
        } catch {
            return .failure(unreadable)
        }
    }

    static let unreadable = Problem(kind: .unreadable, message: LocalizedText(
        vi: "Tệp là tệp nén nhưng không phải bảng tính Excel đọc được (hoặc tệp đã hỏng). Mở tệp trong Excel, chọn Tệp › Lưu thành › “Sổ làm việc Excel (.xlsx)” rồi gửi lại.",
        en: "The file is a zip archive but not a readable Excel workbook (or it is damaged). Open it in Excel, choose File › Save As › “Excel Workbook (.xlsx)” and send it again."))

    static let damaged = Problem(kind: .unreadable, message: LocalizedText(
        vi: "Tệp bảng tính bị hỏng (dữ liệu nén hoặc mã kiểm tra CRC không đúng: tệp có thể bị lỗi khi chép qua USB hay tải về chưa hết). Mở tệp gốc trong Excel, lưu lại rồi gửi lại; không số liệu nào của tệp hỏng được đọc.",
        en: "The workbook is damaged (its compressed data or a CRC checksum is wrong: a bad USB stick or an incomplete download). Open the original in Excel, save it and send it again; nothing of a damaged file is read."))

    static func duplicatePart(_ name: String) -> Problem {
        Problem(kind: .unreadable, message: LocalizedText(
            vi: "Tệp bảng tính có hai phần cùng tên “\(Quoted.text(name))”; các chương trình đọc nó khác nhau nên không đọc được chắc chắn. Mở tệp trong Excel, lưu lại rồi gửi lại.",
            en: "The workbook holds two parts named “\(Quoted.text(name))”; programs disagree on which one counts, so it cannot be read with certainty. Open it in Excel, save it and send it again."))
    }

    static let tooLarge = Problem(kind: .tooLarge, message: LocalizedText(
        vi: "Bảng tính giải nén ra quá lớn (hơn \(maximumUnpackedBytes >> 20) MB, hơn \(maximumRows) dòng hoặc \(maximumColumns) cột có dữ liệu, hoặc đọc mất hơn \(Int(maximumSeconds)) giây); báo cáo của một xã chỉ vài dòng. Hãy gửi đúng tệp mẫu báo cáo.",
        en: "The workbook unpacks to too much (over \(maximumUnpackedBytes >> 20) MB, over \(maximumRows) rows or \(maximumColumns) columns holding data, or over \(Int(maximumSeconds)) s of reading); a commune's report is a few rows. Send the reporting template."))

    /// The zip package and the parts read from it, within the reading budget.
    private final class Package {
        let zip: ZipPackage
        let deadline = Date().addingTimeInterval(WorkbookReader.maximumSeconds)

        init(_ bytes: [UInt8]) throws {
            zip = try ZipPackage(bytes, budget: WorkbookReader.maximumUnpackedBytes)
        }

        /// The elements `names` of a part, or nil when the package has none of that name.
        func elements(_ path: String, _ names: Set<String>) throws -> [XMLElements.Element]? {
            guard let part = try zip.open(path) else { return nil }
            return try XMLElements.collect(part, names: names, deadline: deadline)
        }

        /// Reads the first visible sheet: the package's relationships name the workbook
        /// (`_rels/.rels`), the workbook's name its sheets, shared strings and styles.
        func table() throws -> WorkbookTable {
            let root = try elements("_rels/.rels", ["Relationship"]) ?? []
            let workbookPath = root.first { $0.attributes["Type"]?.hasSuffix("/officeDocument") == true }
                .flatMap { $0.attributes["Target"] }.map { PartPath.resolve($0, from: "") } ?? "xl/workbook.xml"
            guard let workbook = try elements(workbookPath, ["sheet", "workbookPr"]) else { throw WorkbookReader.unreadable }
            let date1904 = workbook.contains { $0.name == "workbookPr" && ["1", "true"].contains($0.attributes["date1904"] ?? "") }
            let visible = workbook.filter { $0.name == "sheet" && ($0.attributes["state"] ?? "visible") == "visible" }
            guard !visible.isEmpty else { throw WorkbookReader.unreadable }
            let folder = PartPath.folder(of: workbookPath)
            let relations = try elements(PartPath.relationships(of: workbookPath), ["Relationship"]) ?? []
            func target(ofType type: String) -> String? {
                relations.first { $0.attributes["Type"]?.hasSuffix(type) == true }?.attributes["Target"].map { PartPath.resolve($0, from: folder) }
            }
            let strings = try zip.open(target(ofType: "/sharedStrings") ?? folder + "sharedStrings.xml")
                .map { try SharedStrings.read($0, deadline: deadline) } ?? []
            let dateStyles = try zip.open(target(ofType: "/styles") ?? folder + "styles.xml")
                .map { try DateStyles.read($0, deadline: deadline) } ?? []
            func read(_ sheet: XMLElements.Element) throws -> WorkbookTable {
                guard let relation = sheet.attributes["r:id"] ?? sheet.attributes.first(where: { $0.key.hasSuffix(":id") })?.value,
                      let sheetTarget = relations.first(where: { $0.attributes["Id"] == relation })?.attributes["Target"],
                      let sheetPart = try zip.open(PartPath.resolve(sheetTarget, from: folder)) else { throw WorkbookReader.unreadable }
                var reader = SheetReader(strings: strings, dateStyles: dateStyles, date1904: date1904)
                try reader.read(sheetPart, deadline: deadline)
                return WorkbookTable(sheet: sheet.attributes["name"] ?? "", rows: reader.rows,
                                     formulasWithoutValue: reader.formulasWithoutValue)
            }
            // The first visible sheet, unless it holds no table and a later one does.
            let first = try read(visible[0])
            guard !first.holdsTable else { return first }
            for index in visible.indices.dropFirst().prefix(WorkbookReader.maximumSheetsTried - 1) {
                var table = try read(visible[index])
                if table.holdsTable {
                    table.skippedSheets = visible[..<index].map { $0.attributes["name"] ?? "" }
                    return table
                }
            }
            return first
        }
    }
}

/// Part names inside a package, as relationships give them.
enum PartPath {
    /// `xl/workbook.xml` → `xl/`.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relationships(of path: String) -> String {
        folder(of: path) + "_rels/" + (path.split(separator: "/").last.map(String.init) ?? "") + ".rels"
    }

    /// A relationship's target, absolute (`/xl/worksheets/sheet1.xml`) or relative to `folder`
    /// (`worksheets/sheet1.xml`, `../xl/sheet.xml`), as a part name.
    static func resolve(_ target: String, from folder: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for piece in target.split(separator: "/") {
            switch piece {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(piece)
            }
        }
        return parts.joined(separator: "/")
    }
}

/// An XML part read as a stream of events by libxml2's reader, the part's bytes pulled from the
/// inflater as the reader needs them: no network, no DTD loaded, no entity expanded, errors not
/// printed. Elements are named by their local name, so SpreadsheetML written with a prefix
/// (`<x:sheet>`, as the .NET Open XML SDK writes it) reads as without one. Foundation's
/// `XMLParser` is not used: it crashes on a start tag with an attribute that has no value
/// (found by fuzzing).
enum XMLStream {
    enum Event {
        case start(name: String, attributes: [String: String])
        case text(String)
        case end(name: String)
    }

    /// Reads `part` to its end (so its checksum is checked), calling `handle` for each event;
    /// attributes are collected only for the elements in `attributesOf`. Throws
    /// `WorkbookReader.tooLarge` after `deadline`.
    static func read(_ part: ZipPackage.Part, attributesOf: Set<String>, deadline: Date, _ handle: (Event) throws -> Void) throws {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let context = Unmanaged.passUnretained(part).toOpaque()
        guard let reader = xmlReaderForIO({ context, buffer, length in
            guard let context, let buffer, length > 0 else { return 0 }
            let part = Unmanaged<ZipPackage.Part>.fromOpaque(context).takeUnretainedValue()
            return Int32(part.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
        }, { _ in 0 }, context, nil, nil, options) else { throw WorkbookReader.unreadable }
        defer { xmlFreeTextReader(reader) }
        func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
            pointer.map { String(cString: $0) } ?? ""
        }
        // Element and attribute names are interned in the reader's dictionary: the same name
        // is the same pointer, so each is made a Swift string once, not once per element.
        var names: [UnsafeRawPointer: String] = [:]
        func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
            guard let pointer else { return "" }
            if let known = names[UnsafeRawPointer(pointer)] { return known }
            let text = String(cString: pointer)
            if names.count < 1_024 { names[UnsafeRawPointer(pointer)] = text }
            return text
        }
        var events = 0
        while true {
            let step = xmlTextReaderRead(reader)
            if let failure = part.failure { throw failure }
            if step == 0 { break }
            // libxml2 refuses a text node over 10 MB (its limit without XML_PARSE_HUGE, kept):
            // a part that big is too large for a commune's report, not damaged.
            guard step == 1 else { throw part.inflated > 8 << 20 ? WorkbookReader.tooLarge : WorkbookReader.unreadable }
            events += 1
            if events & 0xFFF == 0, Date() > deadline { throw WorkbookReader.tooLarge }
            switch xmlTextReaderNodeType(reader) {
            case 1:  // element
                let element = name(xmlTextReaderConstLocalName(reader))
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                var attributes: [String: String] = [:]
                if attributesOf.contains(element) {
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        attributes[name(xmlTextReaderConstName(reader))] = string(xmlTextReaderConstValue(reader))
                    }
                    xmlTextReaderMoveToElement(reader)
                }
                try handle(.start(name: element, attributes: attributes))
                if empty { try handle(.end(name: element)) }
            case 3, 4, 14:  // text, CDATA, significant white space
                try handle(.text(string(xmlTextReaderConstValue(reader))))
            case 15:  // end of element
                try handle(.end(name: name(xmlTextReaderConstLocalName(reader))))
            default:
                break
            }
        }
        try part.finish()
    }
}

/// Elements of a small XML part with their attributes (relationships, the workbook).
enum XMLElements {
    struct Element {
        var name: String
        var attributes: [String: String]
    }

    static func collect(_ part: ZipPackage.Part, names: Set<String>, deadline: Date) throws -> [Element] {
        var found: [Element] = []
        try XMLStream.read(part, attributesOf: names, deadline: deadline) { event in
            if case .start(let name, let attributes) = event, names.contains(name) {
                found.append(Element(name: name, attributes: attributes))
            }
        }
        return found
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, its rich-text runs joined, phonetic hints left
/// out, `_xHHHH_` escapes decoded. The text kept is bounded by `maximumCellText`.
private enum SharedStrings {
    static func read(_ part: ZipPackage.Part, deadline: Date) throws -> [String] {
        var strings: [String] = []
        var current = ""
        var inText = false
        var phonetic = 0
        var kept = 0
        try XMLStream.read(part, attributesOf: [], deadline: deadline) { event in
            switch event {
            case .start(let name, _):
                switch name {
                case "si": current = ""
                case "rPh": phonetic += 1
                case "t": inText = phonetic == 0
                default: break
                }
            case .text(let text):
                guard inText else { return }
                kept += text.utf8.count
                guard kept <= WorkbookReader.maximumCellText else { throw WorkbookReader.tooLarge }
                current += text
            case .end(let name):
                switch name {
                case "si":
                    // Each string costs its storage even when empty: a part of a million `<si/>`
                    // is refused before it holds a million strings.
                    kept += 16
                    guard kept <= WorkbookReader.maximumCellText * 2 else { throw WorkbookReader.tooLarge }
                    strings.append(OOXMLEscape.decoded(current))
                case "rPh": phonetic -= 1
                case "t": inText = false
                default: break
                }
            }
        }
        return strings
    }
}

/// `xl/styles.xml`: for each cell style (`<cellXfs>` index), whether its number format shows a date.
private enum DateStyles {
    static func read(_ part: ZipPackage.Part, deadline: Date) throws -> [Bool] {
        var customFormats: [Int: String] = [:]
        var styleFormats: [Int] = []
        var inCellStyles = false
        try XMLStream.read(part, attributesOf: ["numFmt", "xf"], deadline: deadline) { event in
            switch event {
            case .start(let name, let attributes):
                switch name {
                case "numFmt":
                    if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
                case "cellXfs": inCellStyles = true
                case "xf" where inCellStyles: styleFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
                default: break
                }
            case .end(let name): if name == "cellXfs" { inCellStyles = false }
            case .text: break
            }
        }
        return styleFormats.map { id in
            if let code = customFormats[id] { return isDateFormat(code) }
            return (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
        }
    }

    /// A format code shows a date when, outside quoted text and `[...]` sections, it has a
    /// day or year part (`dd/mm/yyyy`, `mm/yyyy`, `d-mmm`).
    static func isDateFormat(_ code: String) -> Bool {
        var plain = ""
        var quoted = false, bracket = false, escaped = false
        for character in code {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            default: if !quoted && !bracket { plain.append(character) }
            }
        }
        let lower = plain.lowercased()
        return lower.contains("y") || lower.contains("d")
    }
}

/// A worksheet's cells, streamed: `<row r>`, `<c r t s>` with `<v>`, `<f>` or `<is><t>`. Only
/// cells that hold something are kept, straight into their row: a sheet of a million empty
/// formatted cells costs nothing, and one whose last formatted row is 1,048,576 reads.
private struct SheetReader {
    let strings: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    var rows: [[String]] = []
    var formulasWithoutValue: [(row: Int, column: Int)] = []
    /// Bytes of cell text kept so far.
    private var kept = 0

    init(strings: [String], dateStyles: [Bool], date1904: Bool) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    mutating func read(_ part: ZipPackage.Part, deadline: Date) throws {
        var cells = Cells()
        try XMLStream.read(part, attributesOf: ["row", "c"], deadline: deadline) { event in
            if let cell = try cells.take(event) { try keep(cell) }
        }
    }

    private mutating func keep(_ cell: Cells.Cell) throws {
        let text: String
        if cell.hasFormula && cell.value.isEmpty && cell.inline.isEmpty {
            text = ""
        } else {
            text = value(of: cell)
        }
        guard !text.isEmpty || cell.hasFormula else { return }
        guard cell.row <= WorkbookReader.maximumRows, cell.column <= WorkbookReader.maximumColumns else {
            throw WorkbookReader.tooLarge
        }
        if text.isEmpty {
            formulasWithoutValue.append((cell.row, cell.column))
            return
        }
        kept += text.utf8.count + 1
        guard kept <= WorkbookReader.maximumCellText else { throw WorkbookReader.tooLarge }
        while rows.count < cell.row { rows.append([]) }
        while rows[cell.row - 1].count < cell.column { rows[cell.row - 1].append("") }
        rows[cell.row - 1][cell.column - 1] = text
    }

    func value(of cell: Cells.Cell) -> String {
        switch cell.type {
        case "s": return Int(cell.value).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "inlineStr": return OOXMLEscape.decoded(cell.inline)
        case "str", "e": return OOXMLEscape.decoded(cell.value)
        case "b": return cell.value == "1" ? "TRUE" : "FALSE"
        default:
            guard let number = Self.number(cell.value) else { return cell.value }
            if let style = cell.style, dateStyles.indices.contains(style), dateStyles[style] {
                return Self.date(number, date1904: date1904) ?? cell.value
            }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return cell.value
        }
    }

    /// A number as SpreadsheetML stores it: decimal digits with an optional sign, point and
    /// exponent. Not hexadecimal (`0x11`), `inf` or `nan`, which Swift's parser would take.
    static func number(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || [0x2B, 0x2D, 0x2E, 0x45, 0x65].contains($0) })
        else { return nil }
        return Double(text)
    }

    /// An Excel date serial as the period column wants it: `2026-10` for the first of a month
    /// (“10/2026” typed into a cell), else `2026-10-15`. Days since 1899-12-30, or since
    /// 1904-01-01 in a workbook of the 1904 date system (old Mac Excel).
    static func date(_ serial: Double, date1904: Bool = false) -> String? {
        guard serial >= (date1904 ? 0 : 1), serial < 2_958_466 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let origin = date1904 ? DateComponents(year: 1904, month: 1, day: 1) : DateComponents(year: 1899, month: 12, day: 30)
        guard let start = calendar.date(from: origin),
              let day = calendar.date(byAdding: .day, value: Int(serial.rounded(.down)), to: start) else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day else { return nil }
        let text = String(format: "%04d-%02d", year, month)
        return dayOfMonth == 1 ? text : text + String(format: "-%02d", dayOfMonth)
    }

    /// The cells of the sheet as they stream by; `take` returns each cell as it ends.
    struct Cells {
        struct Cell {
            var row: Int
            var column: Int
            var type: String
            var style: Int?
            var value = ""
            var inline = ""
            var hasFormula = false
        }

        private var row = 0
        private var column = 0
        private var cell: Cell?
        private var inValue = false, inInlineText = false

        mutating func take(_ event: XMLStream.Event) throws -> Cell? {
            switch event {
            case .start(let name, let attributes):
                switch name {
                case "row":
                    row = attributes["r"].flatMap(Int.init) ?? row + 1
                    column = 0
                case "c":
                    if let reference = attributes["r"], let (cellRow, cellColumn) = Self.position(reference) {
                        row = cellRow
                        column = cellColumn
                    } else {
                        column += 1
                    }
                    cell = Cell(row: max(row, 1), column: max(column, 1), type: attributes["t"] ?? "n",
                                style: attributes["s"].flatMap(Int.init))
                case "v": inValue = true
                case "f": cell?.hasFormula = true
                case "t": inInlineText = cell?.type == "inlineStr"
                default: break
                }
            case .text(let text):
                // A value or an inline string is short; one that is not is refused as too large
                // rather than grown without end.
                if inValue, cell != nil {
                    cell?.value += text
                    if (cell?.value.utf8.count ?? 0) > 32_767 { throw WorkbookReader.tooLarge }
                } else if inInlineText, cell != nil {
                    cell?.inline += text
                    if (cell?.inline.utf8.count ?? 0) > 32_767 * 6 { throw WorkbookReader.tooLarge }
                }
            case .end(let name):
                switch name {
                case "c":
                    defer { cell = nil }
                    return cell
                case "v": inValue = false
                case "t": inInlineText = false
                default: break
                }
            }
            return nil
        }

        /// `F7` → (7, 6).
        static func position(_ reference: String) -> (Int, Int)? {
            var column = 0
            var digits = Substring(reference)
            for character in reference {
                guard let ascii = character.asciiValue, character.isLetter else { break }
                column = column * 26 + Int(ascii & 0xDF) - 64
                digits = digits.dropFirst()
                if column > 20_000 { return nil }
            }
            guard column > 0, let row = Int(digits), row > 0 else { return nil }
            return (row, column)
        }
    }
}

/// SpreadsheetML's escape of characters XML cannot hold: `_x000D_` is a carriage return,
/// `_x005F_` a literal underscore (so `_x005F_x000D_` is the text `_x000D_`).
enum OOXMLEscape {
    static func decoded(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
               let code = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)])), radix: 16),
               let scalar = Unicode.Scalar(code) {
                out.append(scalar)
                index += 7
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        scalars = []
        return String(out)
    }
}
