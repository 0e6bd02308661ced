import Foundation

/// Reads RFC 4180-style CSV from UTF-8 bytes without copying: each field is a range of the
/// buffer, decoded only when a caller needs it.
///
/// Tolerates what spreadsheets write: CRLF or LF, a missing final newline, quoted fields with
/// delimiters, doubled quotes and line breaks inside. Records are numbered by the physical
/// line they start on, so messages point where a spreadsheet user looks.
public struct CSVReader: Sendable {
    /// A field: `bytes[start..<end]`, with `""` still doubled when `hasEscapedQuote`.
    public struct Field: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var hasEscapedQuote: Bool
    }

    /// Malformed quoting, which makes the rest of the file unreadable.
    public struct QuoteError: Error, Equatable, Sendable {
        public enum Kind: Sendable { case unclosed, strayAfterClosing }
        public var kind: Kind
        public var line: Int
        public var column: Int
    }

    public let bytes: [UInt8]
    public let delimiter: UInt8
    /// Where the text starts (after any byte-order mark).
    let origin: Int
    private var position: Int
    private var line = 1

    static let quote = UInt8(ascii: "\"")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    public init(bytes: [UInt8], delimiter: UInt8, startingAt offset: Int = 0) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.origin = offset
        self.position = offset
    }

    /// Reads the next record into `fields` (reusing its storage) and returns the line it
    /// started on, or nil at the end of input.
    public mutating func next(into fields: inout [Field]) throws(QuoteError) -> Int? {
        fields.removeAll(keepingCapacity: true)
        guard position < bytes.count else { return nil }
        let startLine = line
        let count = bytes.count
        return try bytes.withUnsafeBufferPointer { (buffer) throws(QuoteError) -> Int? in
            var index = position
            while true {
                if index < count, buffer[index] == CSVReader.quote {
                    // Quoted field: runs to the next quote not doubled.
                    let openLine = line
                    let openColumn = fields.count + 1
                    let start = index + 1
                    var cursor = start
                    var escaped = false
                    while true {
                        guard cursor < count else {
                            throw QuoteError(kind: .unclosed, line: openLine, column: openColumn)
                        }
                        let byte = buffer[cursor]
                        if byte == CSVReader.quote {
                            if cursor + 1 < count, buffer[cursor + 1] == CSVReader.quote {
                                escaped = true
                                cursor += 2
                                continue
                            }
                            break
                        }
                        if byte == CSVReader.newline { line += 1 }
                        cursor += 1
                    }
                    fields.append(Field(start: start, end: cursor, hasEscapedQuote: escaped))
                    index = cursor + 1
                    // Only a delimiter or a line end may follow a closing quote (spaces tolerated).
                    while index < count, buffer[index] == UInt8(ascii: " ") { index += 1 }
                    if index < count, buffer[index] != delimiter, buffer[index] != CSVReader.newline,
                       buffer[index] != CSVReader.carriageReturn {
                        throw QuoteError(kind: .strayAfterClosing, line: line, column: fields.count)
                    }
                } else {
                    var cursor = index
                    while cursor < count {
                        let byte = buffer[cursor]
                        if byte == delimiter || byte == CSVReader.newline || byte == CSVReader.carriageReturn { break }
                        cursor += 1
                    }
                    fields.append(Field(start: index, end: cursor, hasEscapedQuote: false))
                    index = cursor
                }
                // At a delimiter, a line end, or the end of input.
                if index >= count {
                    position = count
                    return startLine
                }
                let byte = buffer[index]
                if byte == delimiter {
                    index += 1
                    if index >= count {
                        fields.append(Field(start: index, end: index, hasEscapedQuote: false))
                        position = count
                        return startLine
                    }
                    continue
                }
                if byte == CSVReader.carriageReturn { index += 1 }
                if index < count, buffer[index] == CSVReader.newline { index += 1 }
                line += 1
                position = index
                return startLine
            }
        }
    }

    /// The field's text, with doubled quotes undone.
    public func string(_ field: Field) -> String {
        guard field.hasEscapedQuote else { return String(decoding: bytes[field.start..<field.end], as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(field.end - field.start)
        var index = field.start
        while index < field.end {
            unescaped.append(bytes[index])
            // Inside a quoted field every quote is doubled: keep the first of each pair.
            index += bytes[index] == CSVReader.quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// True when the field holds nothing but spaces.
    public func isBlank(_ field: Field) -> Bool {
        Self.isBlank(bytes[field.start..<field.end])
    }

    /// True when `text` is nothing but spaces, tabs and no-break spaces.
    static func isBlank(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        while index < text.endIndex {
            switch text[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): index += 1
            case 0xC2 where index + 1 < text.endIndex && text[index + 1] == 0xA0: index += 2
            default: return false
            }
        }
        return true
    }

    /// Picks the delimiter of the table: `,`, `;` (Vietnamese-locale Excel) or tab, whichever
    /// splits some line of the first `linesRead` into the most fields. The header row decides,
    /// not a title row above it: “BÁO CÁO THÁNG 03/2026” has no `;`, the header sixteen.
    /// Delimiters inside quotes do not count; on a tie `,` wins, then `;`.
    public static func detectDelimiter(in bytes: [UInt8], from offset: Int = 0) -> UInt8 {
        var count = DelimiterCount()
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // This runs over every file before it is read: line by line, the line's end found
            // by `memchr` and each of its bytes counted where it falls (one addition a byte,
            // where looking at each byte for what it is cost ten instructions).
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
                counts.initialize(repeating: 0)
                var start = offset
                while start < buffer.count, count.lines < linesRead {
                    let end = memchr(base + start, Int32(newline), buffer.count - start)
                        .map { $0.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base) } ?? buffer.count
                    for index in start..<end { counts[Int(base[index])] &+= 1 }
                    guard counts[Int(quote)] == 0 else {
                        // Delimiters inside quotes do not count, and quotes may hold line
                        // breaks: from this line on, byte by byte.
                        count.scan(buffer, from: start)
                        return
                    }
                    let (comma, semicolon, tab) = (Int(UInt8(ascii: ",")), Int(UInt8(ascii: ";")), Int(UInt8(ascii: "\t")))
                    count.endLine(commas: counts[comma], semicolons: counts[semicolon], tabs: counts[tab])
                    (counts[comma], counts[semicolon], counts[tab]) = (0, 0, 0)
                    start = end + 1
                }
            }
        }
        return count.delimiter
    }

    /// The delimiters of the lines looked at so far: the most of each on one line.
    private struct DelimiterCount {
        var mostCommas = 0, mostSemicolons = 0, mostTabs = 0
        var lines = 0

        mutating func endLine(commas: Int, semicolons: Int, tabs: Int) {
            mostCommas = max(mostCommas, commas)
            mostSemicolons = max(mostSemicolons, semicolons)
            mostTabs = max(mostTabs, tabs)
            lines += 1
        }

        /// Counts on from `offset`, the start of a line outside quotes, one byte at a time.
        mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>, from offset: Int) {
            var commas = 0, semicolons = 0, tabs = 0
            var inQuotes = false
            var index = offset
            while index < buffer.count, lines < linesRead {
                let byte = buffer[index]
                index += 1
                switch byte {
                case quote: inQuotes.toggle()
                case _ where inQuotes: break
                case newline:
                    endLine(commas: commas, semicolons: semicolons, tabs: tabs)
                    (commas, semicolons, tabs) = (0, 0, 0)
                case UInt8(ascii: ","): commas += 1
                case UInt8(ascii: ";"): semicolons += 1
                case UInt8(ascii: "\t"): tabs += 1
                default: break
                }
            }
            if lines < linesRead { endLine(commas: commas, semicolons: semicolons, tabs: tabs) }
        }

        var delimiter: UInt8 {
            if mostCommas >= mostSemicolons && mostCommas >= mostTabs { return UInt8(ascii: ",") }
            return mostSemicolons >= mostTabs ? UInt8(ascii: ";") : UInt8(ascii: "\t")
        }
    }

    /// Lines looked at to find the delimiter: title rows, then the header.
    static let linesRead = 20
}
