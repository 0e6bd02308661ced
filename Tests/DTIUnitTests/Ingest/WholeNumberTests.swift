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
}
