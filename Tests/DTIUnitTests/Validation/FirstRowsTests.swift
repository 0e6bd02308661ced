@testable import DTICore
import Testing

/// `FirstRows` finds the row a key was first on as a dictionary of first lines would, in files
/// short enough to be searched as a list and long enough to move to its table.
struct FirstRowsTests {
    @Test(arguments: [10, 64, 65, 400])
    func findsTheFirstRowOfEachKeyAsADictionaryWould(rows: Int) {
        var generator = SystemRandomNumberGenerator()
        let months = [Period("2025-06")!, Period("2025-07")!, Period("2026-01")!]
        // Codes as the register writes them, some typed without their leading zero, some too
        // long for a machine word, some differing only by a NUL or a letter with a diacritic.
        let codes = ["03388", "3388", "03390", "00001", "1", "1\u{0}", "0339ư", "123456789", "12345678", ""]
        for _ in 0..<50 {
            var firstRows = FirstRows(), model: [String: Int] = [:]
            for line in 2..<(2 + rows) {
                // Mostly distinct keys (a file's communes), with repeats now and then.
                let code = generator.next() % 4 == 0 ? codes[Int(generator.next() % UInt64(codes.count))] : String(generator.next() % 100_000)
                let period = months[Int(generator.next() % UInt64(months.count))]
                let text = code + "|" + period.description
                let earlier = firstRows.earlierLine(of: RowKey(communeCode: code, period: period), recording: line)
                #expect(earlier == model[text], "\(Array(code.utf8)) \(period) at line \(line)")
                if model[text] == nil { model[text] = line }
            }
        }
    }
}
