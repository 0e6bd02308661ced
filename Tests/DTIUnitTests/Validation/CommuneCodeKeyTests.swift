@testable import DTICore
import Testing

/// Commune codes hashed as one word (`CommuneCode.word`): two codes get the same word exactly
/// when they are the same text, and a key hashed that way finds what a key of plain text finds.
struct CommuneCodeKeyTests {
    /// Texts of up to `maxLength` characters (four bytes each at most), from an alphabet with
    /// digits, NUL, a letter with a diacritic (two bytes in UTF-8) and a four-byte emoji.
    static func texts(count: Int, maxLength: Int = 7) -> [String] {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["0", "1", "2", "9", "\u{0}", "a", "ư", "🙂"]
        return (0..<count).map { _ in
            String((0..<Int(generator.next() % UInt64(maxLength + 1))).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
    }

    @Test func theSameWordIsTheSameCode() {
        let texts = Self.texts(count: 4_000)
        var byWord: [UInt64: String] = [:]
        for text in texts {
            let word = CommuneCode.word(text)
            // A word exactly for a text of at most seven bytes.
            #expect((word != nil) == (text.utf8.count <= 7), "\(Array(text.utf8))")
            guard let word else { continue }
            if let other = byWord.updateValue(text, forKey: word) { #expect(other == text, "\(Array(other.utf8)) and \(Array(text.utf8))") }
        }
        // Codes as the register writes them, and ones that differ only by a trailing NUL or length.
        #expect(CommuneCode.word("03388") != CommuneCode.word("3388"))
        #expect(CommuneCode.word("1") != CommuneCode.word("1\u{0}"))
        #expect(CommuneCode.word("") != CommuneCode.word("\u{0}"))
        #expect(CommuneCode.word("1234567") != nil && CommuneCode.word("12345678") == nil)
    }

    /// Sets of row keys and of commune keys hold what sets of their texts hold.
    @Test func keysFindWhatTheirTextsFind() {
        let texts = Self.texts(count: 3_000)
        let months = [Period("2025-06")!, Period("2025-07")!, Period("2026-01")!]
        var keys = Set<RowKey>(), plain = Set<String>(), communes = Set<CommuneKey>(), codes = Set<String>()
        for (index, text) in texts.enumerated() {
            let period = months[index % months.count]
            #expect(keys.insert(RowKey(communeCode: text, period: period)).inserted
                    == plain.insert(text + "|" + period.description).inserted)
            #expect(communes.insert(CommuneKey(text)).inserted == codes.insert(text).inserted)
        }
        #expect(keys.count == plain.count && communes.count == codes.count)
        #expect(keys.count < texts.count && communes.count < keys.count)  // the texts repeat: both ways were tried
    }
}
