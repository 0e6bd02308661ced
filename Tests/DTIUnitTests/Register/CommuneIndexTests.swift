@testable import DTICore
import Testing

/// `CommuneIndex` numbers codes as a dictionary from each code to the count of codes before
/// it would: compared with one on random texts, through growth and reserved room.
struct CommuneIndexTests {
    @Test(arguments: [0, 5_000])
    func numbersCodesAsADictionaryWould(reserved: Int) {
        // Up to nine characters, so that some have more than seven bytes (no word).
        let texts = CommuneCodeKeyTests.texts(count: 6_000, maxLength: 9)
        var index = CommuneIndex(capacity: reserved), model: [String: Int] = [:]
        for (step, text) in texts.enumerated() {
            // Looked up before it is added: absent exactly when the model has no such key.
            #expect(index.number(of: text) == model[text], "\(Array(text.utf8))")
            let (number, inserted) = index.insert(text)
            if let known = model[text] {
                #expect(!inserted && number == known, "\(Array(text.utf8))")
            } else {
                #expect(inserted && number == model.count, "\(Array(text.utf8))")
                model[text] = model.count
            }
            if step == texts.count / 2 { index.reserveCapacity(20_000) }
        }
        #expect(index.count == model.count)
        for (text, number) in model { #expect(index.number(of: text) == number, "\(Array(text.utf8))") }
        #expect(model.count < texts.count && model.keys.contains { $0.utf8.count > 7 })  // repeats and long codes were tried
    }

    /// Codes of the register as they are written (five digits), all found among many.
    @Test func findsEveryCodeOfARegister() {
        var index = CommuneIndex()
        let codes = (0..<40_000).map { String(String($0 * 7 + 3).reversed()) } + ["03388", "3388", "00000", ""]
        for code in codes { index.insert(code) }
        var first: [String: Int] = [:]
        for (number, code) in codes.enumerated() where first[code] == nil { first[code] = number }
        #expect(index.count == first.count && first.count == codes.count)  // distinct, numbered in order
        for (code, number) in first { #expect(index.number(of: code) == number) }
        #expect(index.number(of: "33880") == nil && index.number(of: "0") == nil)
    }
}
