@testable import DTICore
import DTISQLite
import Testing

struct CSVReaderTests {
    func records(_ text: String, delimiter: Character = ",") throws -> [(Int, [String])] {
        var reader = CSVReader(bytes: Array(text.utf8), delimiter: delimiter.asciiValue!)
        var fields: [CSVReader.Field] = []
        var out: [(Int, [String])] = []
        while let line = try reader.next(into: &fields) { out.append((line, fields.map(reader.string))) }
        return out
    }

    @Test func quotedDelimitersQuotesAndLineBreaksStayInOneField() throws {
        let result = try records("a,b\n1,\"x, \"\"y\"\"\nz\"\n2,w")
        #expect(result.map(\.1) == [["a", "b"], ["1", "x, \"y\"\nz"], ["2", "w"]])
        #expect(result.map(\.0) == [1, 2, 4])  // the record after a two-line field starts on line 4
    }

    @Test func crlfAndMissingFinalNewline() throws {
        #expect(try records("a;b\r\n1;2", delimiter: ";").map(\.1) == [["a", "b"], ["1", "2"]])
    }

    @Test func unclosedQuoteIsAnErrorAtItsLine() {
        #expect(throws: CSVReader.QuoteError(kind: .unclosed, line: 2, column: 2)) {
            try records("a,b\n1,\"never closed\n3,4\n")
        }
    }

    @Test func detectsSemicolonEvenWhenALabelHoldsAComma() {
        let header = Array("Mã xã;Tổng số thôn, tổ dân phố;Kỳ báo cáo\n".utf8)
        #expect(CSVReader.detectDelimiter(in: header) == UInt8(ascii: ";"))
        #expect(CSVReader.detectDelimiter(in: Array("a\tb\tc\n".utf8)) == UInt8(ascii: "\t"))
        #expect(CSVReader.detectDelimiter(in: Array("\"x;y\",b,c\n".utf8)) == UInt8(ascii: ","))
        // Ties: a comma before a semicolon before a tab; nothing at all reads as commas.
        #expect(CSVReader.detectDelimiter(in: Array("a,b;c\n".utf8)) == UInt8(ascii: ","))
        #expect(CSVReader.detectDelimiter(in: Array("a;b\tc\n".utf8)) == UInt8(ascii: ";"))
        #expect(CSVReader.detectDelimiter(in: Array("abc\n".utf8)) == UInt8(ascii: ","))
        // Only the first lines count: a line of tabs after the twentieth decides nothing.
        let late = Array((String(repeating: "a;b\n", count: 20) + "a\tb\tc\td\n").utf8)
        #expect(CSVReader.detectDelimiter(in: late) == UInt8(ascii: ";"))
    }

    /// The delimiter is found as the rule says, whatever the bytes: random text of quotes, line
    /// breaks, the three delimiters, letters and Vietnamese letters, from any offset, against
    /// the rule written plainly (each line outside quotes split and counted).
    @Test func theDelimiterFoundIsTheOneTheRuleSays() {
        let pieces = ["\"", "\n", ",", ";", "\t", "a", "7", "ệ", "\r\n", "x y"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...120, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            let offset = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            #expect(CSVReader.detectDelimiter(in: bytes, from: offset) == plainDelimiter(Array(bytes[offset...])), "\(text)")
        }
    }

    /// The rule: the first `linesRead` lines, line breaks inside quotes not ending one; the
    /// most of each delimiter outside quotes on any line; `,` then `;` then tab on a tie.
    private func plainDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var lines: [[UInt8]] = [[]], inQuotes = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == UInt8(ascii: "\n") { lines.append([]) } else { lines[lines.count - 1].append(byte) }
        }
        let first = lines.prefix(CSVReader.linesRead + 1)  // the line after the last break counted is cut short
        func most(_ delimiter: Character) -> Int {
            first.enumerated().map { index, line in
                index < CSVReader.linesRead ? line.filter { $0 == delimiter.asciiValue! }.count : 0
            }.max() ?? 0
        }
        let (commas, semicolons, tabs) = (most(","), most(";"), most("\t"))
        if commas >= semicolons && commas >= tabs { return UInt8(ascii: ",") }
        return semicolons >= tabs ? UInt8(ascii: ";") : UInt8(ascii: "\t")
    }

    /// Excel with a Vietnamese locale saves `;`; a title row above the header has none (or a
    /// comma): the header row decides (issue 33, item 1).
    @Test func theHeaderRowDecidesNotATitleAboveIt() {
        let file = Array("BÁO CÁO CHUYỂN ĐỔI SỐ THÁNG 03/2026\nUBND XÃ BÌNH LƯ, TỈNH LAI CHÂU\nma_xa;ky_bao_cao;villages_total;villages_4g\n03390;2026-03;12;12\n".utf8)
        #expect(CSVReader.detectDelimiter(in: file) == UInt8(ascii: ";"))
        let tabbed = Array("Báo cáo, tháng 3\nma_xa\tky_bao_cao\tvillages_total\n".utf8)
        #expect(CSVReader.detectDelimiter(in: tabbed) == UInt8(ascii: "\t"))
    }
}
