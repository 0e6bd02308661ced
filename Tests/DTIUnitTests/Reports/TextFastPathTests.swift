@testable import DTICore
import Testing

/// The byte-level shortcuts on hot paths (a workbook's cells, a row's names and notes, a
/// period as a key) against the plain way each one replaced, on texts that test their edges:
/// every ASCII control, the noncharacters XML forbids, characters whose UTF-8 starts with the
/// same byte as those (U+FB01, U+FFFD, U+E000 live there too), and Vietnamese.
struct TextFastPathTests {
    static let texts: [String] = ["", "Xã Tả Lèng", "Phường Đoàn Kết", "ﬁle", "a\u{FFFD}b", "\u{E000}", "\u{FFFE}", "x\u{FFFF}",
                                  "tab\there", "line\nbreak", "cr\rlf", "\u{7F}del", "\u{85}next line", "😀 ok"]
        + (0..<0x20).map { "a\(Character(Unicode.Scalar(UInt8($0))))b" }

    /// XLSXText's rule scalar by scalar, as it was written before the shortcut.
    static func referenceCell(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { Quoted.isForbiddenInXML($0) ? "\u{FFFD}" : $0 }))
    }

    @Test(arguments: texts) func theByteCheckNeverMissesWhatXMLForbids(text: String) {
        let forbidden = text.unicodeScalars.contains(where: Quoted.isForbiddenInXML)
        if forbidden { #expect(Quoted.mayHoldForbiddenInXML(text)) }
        // Plain ASCII and Vietnamese letters take the short way.
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0xF000 }) { #expect(!Quoted.mayHoldForbiddenInXML(text)) }
        #expect(XLSXText.cell(text) == Self.referenceCell(text))
    }

    /// `Quoted.escaped`'s loop, character by character, as it ran before text with nothing to
    /// escape was returned as it is.
    static func referenceEscaped(_ text: String) -> String {
        text.map { character in
            character.unicodeScalars.contains(where: Quoted.isUnsafe)
                ? character.unicodeScalars.map { Quoted.isUnsafe($0) ? "\\u{\(String($0.value, radix: 16, uppercase: true))}" : String($0) }.joined()
                : String(character)
        }.joined()
    }

    @Test(arguments: texts) func aNameIsEscapedAsItAlwaysWas(text: String) {
        #expect(Quoted.escaped(text) == Self.referenceEscaped(text))
        // Escaped or not, a quoted text still keeps its limit.
        #expect(Quoted.escaped(text, limit: 3) == (text.count > 3 ? Self.referenceEscaped(String(text.prefix(3))) + "…" : Self.referenceEscaped(text)))
    }

    @Test func aCellLongerThanExcelAllowsIsStillCut() {
        let long = String(repeating: "ê", count: XLSXText.maximumLength + 5)
        let cell = XLSXText.cell(long)
        #expect(cell.utf16.count == XLSXText.maximumLength)
        #expect(cell.hasSuffix("…"))
    }

    @Test func aPeriodIsWrittenAsItAlwaysWas() {
        for ordinal in stride(from: 900 * 12, through: 10_050 * 12, by: 7) + [999 * 12, 1_000 * 12, 9_999 * 12 + 11, 10_000 * 12] {
            let period = Period(ordinal: ordinal)
            #expect(period.description == "\(period.year)-\(period.month < 10 ? "0" : "")\(period.month)")
        }
        #expect(Period(year: 2025, month: 7)?.description == "2025-07")
        #expect(Period("2026-12")?.description == "2026-12")
    }
}
