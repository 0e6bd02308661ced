@testable import DTICore
import DTISQLite
import Foundation
import Testing

/// The fast reader of stored times agrees with Foundation's ISO 8601 formatter.
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
}
