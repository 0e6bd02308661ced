import Foundation
import CLibXML2
import ZIPFoundation

/// The first visible worksheet of an `.xlsx`, as the texts Excel shows in its cells.
public struct WorkbookTable: Sendable {
    /// The sheet's name, as its tab shows it.
    public var sheet: String
    /// `rows[0]` is row 1 of the sheet, `rows[r][0]` its column A; blank cells are "".
    public var rows: [[String]]
    /// Cells holding a formula with no saved result (a file written by a program, never
    /// opened in Excel), as Excel names them: `F7`.
    public var formulasWithoutValue: [(row: Int, column: Int)] = []

    /// The table as CSV text (every field quoted), so one validator reads both formats and a
    /// row of the sheet is a record of the text: row numbers stay the sheet's.
    func csv() -> [UInt8] {
        var out: [UInt8] = []
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard !cell.isEmpty else { continue }
                out.append(UInt8(ascii: "\""))
                for byte in cell.utf8 {
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                    out.append(byte)
                }
                out.append(UInt8(ascii: "\""))
            }
            out += [0x0D, 0x0A]
        }
        return out
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

/// Reads a workbook with ZIPFoundation (the package) and libxml2's reader (the XML):
/// shared and inline strings, numbers stored as numbers or as text, dates (by the cell's number
/// format), booleans, error values, and formulas by their saved result. Merged cells hold
/// their value in the top-left cell, as Excel stores them.
enum WorkbookReader {
    /// What a workbook may unpack to: a commune's month is a few KB; this stops a zip bomb.
    static let maximumUnpackedBytes = 64 << 20
    static let maximumRows = 100_000
    /// Columns beyond this are not read (a submission has 18).
    static let maximumColumns = 512

    struct Problem: Error {
        var code: IssueCode
        var message: LocalizedText
    }

    static func read(_ bytes: [UInt8]) -> Result<WorkbookTable, Problem> {
        do {
            return .success(try Package(bytes).table())
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(unreadable)
        }
    }

    static let unreadable = Problem(code: .workbookUnreadable, message: LocalizedText(
        vi: "Tệp là tệp nén nhưng không phải bảng tính Excel đọc được (hoặc tệp đã hỏng). Mở tệp trong Excel, chọn Tệp › Lưu thành › “Sổ làm việc Excel (.xlsx)” rồi gửi lại.",
        en: "The file is a zip archive but not a readable Excel workbook (or it is damaged). Open it in Excel, choose File › Save As › “Excel Workbook (.xlsx)” and send it again."))

    static let tooLarge = Problem(code: .workbookTooLarge, message: LocalizedText(
        vi: "Bảng tính giải nén ra quá lớn (hơn \(maximumUnpackedBytes >> 20) MB hoặc hơn \(maximumRows) dòng); báo cáo của một xã chỉ vài dòng. Hãy gửi đúng tệp mẫu báo cáo.",
        en: "The workbook unpacks to too much (over \(maximumUnpackedBytes >> 20) MB or \(maximumRows) rows); a commune's report is a few rows. Send the reporting template."))

    /// The zip package and the parts read from it, within the unpacking budget.
    private final class Package {
        let archive: Archive
        var budget = WorkbookReader.maximumUnpackedBytes

        /// The package is read from a private temporary file, not from memory: ZIPFoundation
        /// 0.9.20's in-memory archive traps on a crafted zip whose offsets point past its end
        /// (found by fuzzing); reading a file past its end only reads nothing.
        init(_ bytes: [UInt8]) throws {
            var template = Array((FileManager.default.temporaryDirectory.path + "/dti-workbook-XXXXXX").utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw WorkbookReader.unreadable }
            let path = String(cString: template)
            defer { unlink(path) }  // the archive keeps its open file; nothing is left on disk
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: Data(bytes))
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        }

        /// A part's bytes, or nil when the package has none of that name.
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(budget) else { throw WorkbookReader.tooLarge }
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                // The size a zip declares may lie; the bytes actually inflated are counted.
                guard chunk.count <= self.budget else { throw WorkbookReader.tooLarge }
                self.budget -= chunk.count
                data.append(chunk)
            }
            return data
        }

        func table() throws -> WorkbookTable {
            guard let workbook = try part("xl/workbook.xml") else { throw WorkbookReader.unreadable }
            let sheets = try XMLElements.collect(workbook, names: ["sheet"])
            guard let sheet = sheets.first(where: { ($0.attributes["state"] ?? "visible") == "visible" }),
                  let relation = sheet.attributes["r:id"] ?? sheet.attributes.first(where: { $0.key.hasSuffix(":id") })?.value
            else { throw WorkbookReader.unreadable }
            let relations = try part("xl/_rels/workbook.xml.rels").map { try XMLElements.collect($0, names: ["Relationship"]) } ?? []
            guard let target = relations.first(where: { $0.attributes["Id"] == relation })?.attributes["Target"] else {
                throw WorkbookReader.unreadable
            }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            let strings = try part("xl/sharedStrings.xml").map(SharedStrings.read) ?? []
            let dateStyles = try part("xl/styles.xml").map(DateStyles.read) ?? []
            guard let sheetXML = try part(path) else { throw WorkbookReader.unreadable }
            var reader = SheetReader(strings: strings, dateStyles: dateStyles)
            try reader.read(sheetXML)
            return WorkbookTable(sheet: sheet.attributes["name"] ?? "", rows: reader.rows,
                                 formulasWithoutValue: reader.formulasWithoutValue)
        }
    }
}

/// An XML part read as a stream of events by libxml2's reader: no network, no DTD loaded, no
/// entity expanded, errors not printed. Foundation's `XMLParser` is not used: it crashes on a
/// start tag with an attribute that has no value (found by fuzzing).
enum XMLStream {
    enum Event {
        case start(name: String, attributes: [String: String])
        case text(String)
        case end(name: String)
    }

    static func read(_ data: Data, _ handle: (Event) throws -> Void) throws {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard !data.isEmpty, let reader = data.withUnsafeBytes({ bytes in
            xmlReaderForMemory(bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, nil, options)
        }) else { throw WorkbookReader.unreadable }
        defer { xmlFreeTextReader(reader) }
        func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
            pointer.map { String(cString: $0) } ?? ""
        }
        while true {
            let step = xmlTextReaderRead(reader)
            if step == 0 { return }
            guard step == 1 else { throw WorkbookReader.unreadable }
            switch xmlTextReaderNodeType(reader) {
            case 1:  // element
                let name = string(xmlTextReaderConstName(reader))
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                var attributes: [String: String] = [:]
                while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                    attributes[string(xmlTextReaderConstName(reader))] = string(xmlTextReaderConstValue(reader))
                }
                xmlTextReaderMoveToElement(reader)
                try handle(.start(name: name, attributes: attributes))
                if empty { try handle(.end(name: name)) }
            case 3, 4, 14:  // text, CDATA, significant white space
                try handle(.text(string(xmlTextReaderConstValue(reader))))
            case 15:  // end of element
                try handle(.end(name: string(xmlTextReaderConstName(reader))))
            default:
                break
            }
        }
    }
}

/// Elements of a small XML part with their attributes (workbook.xml, its relationships).
private enum XMLElements {
    struct Element {
        var attributes: [String: String]
    }

    static func collect(_ data: Data, names: Set<String>) throws -> [Element] {
        var found: [Element] = []
        try XMLStream.read(data) { event in
            if case .start(let name, let attributes) = event, names.contains(name) { found.append(Element(attributes: attributes)) }
        }
        return found
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, its rich-text runs joined, phonetic hints left out.
private enum SharedStrings {
    static func read(_ data: Data) throws -> [String] {
        var strings: [String] = []
        var current = ""
        var inText = false
        var phonetic = 0
        try XMLStream.read(data) { event in
            switch event {
            case .start(let name, _):
                switch name {
                case "si": current = ""
                case "rPh": phonetic += 1
                case "t": inText = phonetic == 0
                default: break
                }
            case .text(let text): if inText { current += text }
            case .end(let name):
                switch name {
                case "si": strings.append(current)
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
    static func read(_ data: Data) throws -> [Bool] {
        var customFormats: [Int: String] = [:]
        var styleFormats: [Int] = []
        var inCellStyles = false
        try XMLStream.read(data) { event in
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

/// A worksheet's cells, streamed: `<row r>`, `<c r t s>` with `<v>`, `<f>` or `<is><t>`.
private struct SheetReader {
    let strings: [String]
    let dateStyles: [Bool]
    var rows: [[String]] = []
    var formulasWithoutValue: [(row: Int, column: Int)] = []

    init(strings: [String], dateStyles: [Bool]) {
        self.strings = strings
        self.dateStyles = dateStyles
    }

    mutating func read(_ data: Data) throws {
        var cells = Cells()
        try XMLStream.read(data) { event in try cells.take(event) }
        for cell in cells.cells {
            guard cell.column <= WorkbookReader.maximumColumns else { continue }
            let text: String
            if cell.hasFormula && cell.value.isEmpty && cell.inline.isEmpty {
                formulasWithoutValue.append((cell.row, cell.column))
                text = ""
            } else {
                text = value(of: cell)
            }
            guard !text.isEmpty else { continue }
            while rows.count < cell.row { rows.append([]) }
            while rows[cell.row - 1].count < cell.column { rows[cell.row - 1].append("") }
            rows[cell.row - 1][cell.column - 1] = text
        }
    }

    func value(of cell: Cells.Cell) -> String {
        switch cell.type {
        case "s": return Int(cell.value).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "inlineStr": return cell.inline
        case "str", "e": return cell.value
        case "b": return cell.value == "1" ? "TRUE" : "FALSE"
        default:
            guard let number = Double(cell.value) else { return cell.value }
            if let style = cell.style, dateStyles.indices.contains(style), dateStyles[style] { return Self.date(number) ?? cell.value }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return cell.value
        }
    }

    /// An Excel date serial (days since 1899-12-30) as the period column wants it: `2026-10`
    /// for the first of a month (“10/2026” typed into a cell), else `2026-10-15`.
    static func date(_ serial: Double) -> String? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let origin = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        guard let day = calendar.date(byAdding: .day, value: Int(serial.rounded(.down)), to: origin) else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        let month = String(format: "%04d-%02d", parts.year!, parts.month!)
        return parts.day == 1 ? month : month + String(format: "-%02d", parts.day!)
    }

    /// The cells of the sheet as they stream by.
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

        var cells: [Cell] = []
        private var row = 0
        private var column = 0
        private var cell: Cell?
        private var inValue = false, inInlineText = false

        mutating func take(_ event: XMLStream.Event) throws {
            switch event {
            case .start(let name, let attributes):
                switch name {
                case "row":
                    row = attributes["r"].flatMap(Int.init) ?? row + 1
                    column = 0
                    guard row <= WorkbookReader.maximumRows else { throw WorkbookReader.tooLarge }
                case "c":
                    if let reference = attributes["r"], let (cellRow, cellColumn) = Self.position(reference) {
                        row = cellRow
                        column = cellColumn
                    } else {
                        column += 1
                    }
                    guard row <= WorkbookReader.maximumRows else { throw WorkbookReader.tooLarge }
                    cell = Cell(row: max(row, 1), column: column, type: attributes["t"] ?? "n",
                                style: attributes["s"].flatMap(Int.init))
                case "v": inValue = true
                case "f": cell?.hasFormula = true
                case "t": inInlineText = cell?.type == "inlineStr"
                default: break
                }
            case .text(let text):
                if inValue { cell?.value += text } else if inInlineText { cell?.inline += text }
            case .end(let name):
                switch name {
                case "c":
                    if let cell { cells.append(cell) }
                    cell = nil
                case "v": inValue = false
                case "t": inInlineText = false
                default: break
                }
            }
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
