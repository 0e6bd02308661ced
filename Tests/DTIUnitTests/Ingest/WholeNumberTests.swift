import DTICore
import DTITestSupport
import DTISQLite
import Testing

struct WholeNumberTests {
    @Test(arguments: [("1240", 1240), ("1.240", 1240), ("1,240", 1240), ("1 240", 1240), ("1\u{00A0}240", 1240),
                      ("1\u{202F}240", 1240), ("1.000.000", 1_000_000), (" 42 ", 42), ("0", 0), ("-3", -3)])
    func acceptsWholeCountsWithThousandsSeparators(text: String, expected: Int) {
        #expect(WholeNumber.parse(text) == .success(expected))
    }

    @Test(arguments: ["0,71", "1.5", "12.34", "1.24", "1.2345", "1,240.5", "1.240,000", "12a", "1..240", ".240", "240."])
    func refusesAnythingThatIsNotAWholeCount(text: String) {
        #expect(WholeNumber.parse(text) == .failure(.notWhole))
    }

    @Test func blankCellIsReportedAsBlank() {
        #expect(WholeNumber.parse("  ") == .failure(.blank))
    }

    @Test func absurdlyLargeFigureIsRefused() {
        #expect(WholeNumber.parse("12345678901234567") == .failure(.tooLarge))
    }

    /// Digits alone, as most cells are, read as plain arithmetic says: up to 15 digits and at
    /// most `maximum`; leading zeros count as digits.
    @Test func digitsAloneAreReadAsTheirValue() {
        var generator = SystemRandomNumberGenerator()
        var cases = ["0", "7", "007", "000000000001", "999999999999", "1000000000000", "0000000000001",
                     "000000000000001", "0000000000000001", "123456789012345", "9999999999999999"]
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...16, using: &generator)
            cases.append(String((0..<count).map { _ in "0123456789".randomElement(using: &generator)! }))
        }
        for text in cases {
            let value = text.count > 15 ? nil : Int(text).flatMap { $0 > WholeNumber.maximum ? nil : $0 }
            #expect(WholeNumber.parse(text) == (value.map { .success($0) } ?? .failure(.tooLarge)), "\(text)")
        }
    }
}
