/// Rows of cells read one at a time from one byte buffer: a CSV file's text (`CSVReader`), or
/// the cells of a workbook's sheet (`SheetRecords`). Validation reads both the same way, each
/// cell a range of `bytes`, decoded only when needed.
protocol RecordReader {
    var bytes: [UInt8] { get }
    /// What separates cells in the text (a sheet says `,`, as the CSV it stands for would).
    var delimiter: UInt8 { get }
    /// Reads the next row into `fields` (reusing its storage); returns its line, or nil at the end.
    mutating func next(into fields: inout [CSVReader.Field]) throws(CSVReader.QuoteError) -> Int?
    func string(_ field: CSVReader.Field) -> String
    func isBlank(_ field: CSVReader.Field) -> Bool
    /// The same rows from the first again.
    func restarted() -> Self
    /// Bytes that identify a row of `fields` exactly, for the cache of headers already read.
    func key(of fields: [CSVReader.Field]) -> [UInt8]
}

extension CSVReader: RecordReader {
    func restarted() -> CSVReader { CSVReader(bytes: bytes, delimiter: delimiter, startingAt: origin) }

    func key(of fields: [CSVReader.Field]) -> [UInt8] {
        fields.isEmpty ? [] : [delimiter] + bytes[fields.first!.start..<fields.last!.end]
    }
}

/// A sheet's rows as records: every cell's text in one buffer, a row a list of ranges of it.
/// What validation reads of a workbook, with no text format in between.
struct SheetRecords: RecordReader {
    let bytes: [UInt8]
    var delimiter: UInt8 { UInt8(ascii: ",") }
    private let rows: [[CSVReader.Field]]
    private var index = 0

    init(_ table: WorkbookTable) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(table.rows.reduce(0) { $0 + $1.reduce(0) { $0 + $1.utf8.count } })
        rows = table.rows.map { row in
            // A row with no cells is one blank field, as a blank line of a CSV file is.
            guard !row.isEmpty else { return [CSVReader.Field(start: bytes.count, end: bytes.count, hasEscapedQuote: false)] }
            return row.map { cell in
                let start = bytes.count
                bytes += cell.utf8
                return CSVReader.Field(start: start, end: bytes.count, hasEscapedQuote: false)
            }
        }
        self.bytes = bytes
    }

    mutating func next(into fields: inout [CSVReader.Field]) -> Int? {
        guard index < rows.count else { return nil }
        index += 1
        fields = rows[index - 1]
        return index
    }

    func string(_ field: CSVReader.Field) -> String { String(decoding: bytes[field.start..<field.end], as: UTF8.self) }

    func isBlank(_ field: CSVReader.Field) -> Bool { CSVReader.isBlank(bytes[field.start..<field.end]) }

    func restarted() -> SheetRecords {
        var copy = self
        copy.index = 0
        return copy
    }

    /// Each cell's bytes followed by 0xFF, a byte UTF-8 never holds: cells `ab` and `a`, `b`
    /// differ, and no key of a CSV file (which starts with its delimiter) is a sheet's.
    func key(of fields: [CSVReader.Field]) -> [UInt8] {
        var key: [UInt8] = [0xFF]
        for field in fields { key += bytes[field.start..<field.end] + [0xFF] }
        return key
    }
}
