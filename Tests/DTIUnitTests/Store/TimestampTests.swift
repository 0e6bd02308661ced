@testable import DTICore
import DTISQLite
import Foundation
import Testing

/// The fast reader and writer of stored times agree with Foundation's ISO 8601 formatter.
struct TimestampTests {
    @Test func readsWhatTheFormatterWritesAndFallsBackForOtherForms() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            // 1900 to 2200, to the second.
            let instant = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator)))
            let text = formatter.string(from: instant)
            #expect(Timestamp.date(text) == instant, "\(text)")
        }
        #expect(Timestamp.date("2024-02-29T23:59:59Z") == formatter.date(from: "2024-02-29T23:59:59Z"))
        #expect(Timestamp.date("2026-11-03T08:00:00+07:00") == formatter.date(from: "2026-11-03T01:00:00Z"))
        #expect(Timestamp.date("2026-13-03T08:00:00Z") == nil)
        #expect(Timestamp.date("yesterday") == nil)
    }

    /// The store's times are written without a formatter per call (every upload writes
    /// several): the same text the formatter writes, a fraction of a second dropped as it drops it.
    @Test func writesWhatTheFormatterWrites() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let instant = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator))
                               + Double(Int.random(in: 0..<1000, using: &generator)) / 1000)
            #expect(Timestamp.text(instant) == formatter.string(from: instant), "\(instant.timeIntervalSince1970)")
        }
        #expect(Timestamp.text(Date(timeIntervalSince1970: 1_709_251_199.999)) == "2024-02-29T23:59:59Z")
    }
}
