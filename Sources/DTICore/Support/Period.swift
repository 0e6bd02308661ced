/// A reporting period (kỳ báo cáo): one calendar month.
public struct Period: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// Creates a period, or nil when the month is not 1...12 or the year is implausible.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1900...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM` (canonical) or `MM/YYYY` (how Vietnamese-locale Excel writes it).
    public init?(_ text: some StringProtocol) {
        guard let (year, month) = Self.yearAndMonth(text) else { return nil }
        self.init(year: year, month: month)
    }

    /// The numbers of a text shaped as a month (`YYYY-MM` or `MM/YYYY`), whether or not they
    /// make one: `2026-13` gives (2026, 13).
    static func yearAndMonth(_ text: some StringProtocol) -> (year: Int, month: Int)? {
        let text = text.trimmingWhitespace()
        let dash = text.split(separator: "-", omittingEmptySubsequences: false)
        let slash = text.split(separator: "/", omittingEmptySubsequences: false)
        let yearText: Substring, monthText: Substring
        if dash.count == 2, dash[0].count == 4, (1...2).contains(dash[1].count) {
            (yearText, monthText) = (dash[0], dash[1])
        } else if slash.count == 2, slash[1].count == 4, (1...2).contains(slash[0].count) {
            (yearText, monthText) = (slash[1], slash[0])
        } else {
            return nil
        }
        guard yearText.allSatisfy(\.isASCIIDigit), monthText.allSatisfy(\.isASCIIDigit),
              let year = Int(yearText), let month = Int(monthText)
        else { return nil }
        return (year, month)
    }

    /// Months since year 0; consecutive periods differ by one.
    public var ordinal: Int { year * 12 + (month - 1) }

    public init(ordinal: Int) {
        self.year = ordinal / 12
        self.month = ordinal % 12 + 1
    }

    public var previous: Period { Period(ordinal: ordinal - 1) }
    public var next: Period { Period(ordinal: ordinal + 1) }

    /// "2025-07": written digit by digit (a key of every row stored and every query bound).
    public var description: String {
        guard (1000...9999).contains(year), (1...12).contains(month) else {
            return "\(year)-\(month < 10 ? "0" : "")\(month)"
        }
        func digit(_ value: Int) -> UInt8 { UInt8(truncatingIfNeeded: 0x30 + value) }
        return String(unsafeUninitializedCapacity: 7) { text in
            (text[0], text[1], text[2], text[3]) = (digit(year / 1000), digit(year / 100 % 10), digit(year / 10 % 10), digit(year % 10))
            (text[4], text[5], text[6]) = (UInt8(ascii: "-"), digit(month / 10), digit(month % 10))
            return 7
        }
    }

    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.ordinal < rhs.ordinal }

    /// The instant a month's figures are due: the end of day `day` of the next month, Vietnam
    /// time (a file that reached the department before it is on time).
    public func deadline(day: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .vietnam
        let next = self.next
        let start = calendar.date(from: DateComponents(year: next.year, month: next.month, day: day))!
        return calendar.date(byAdding: .day, value: 1, to: start)!
    }

    /// The month as a reader says it: “tháng 10/2026”, “October 2026”.
    public func monthName(_ language: Language) -> String {
        switch language {
        case .vi: return "tháng \(month)/\(year)"
        case .en:
            let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
            return "\(names[month - 1]) \(year)"
        }
    }

    /// The month a date falls in, in the given time zone (Vietnam by default).
    public static func containing(_ date: Date, timeZone: TimeZone = .vietnam) -> Period {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month], from: date)
        return Period(year: parts.year!, month: parts.month!)!
    }

    /// Noon UTC on the last day of the month: a fixed timestamp derived from the data,
    /// used where a file format wants a creation time and output must be reproducible.
    public var endOfMonthTimestamp: Int {
        let nextMonth = next
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: nextMonth.year, month: nextMonth.month, day: 1))!
        return Int(start.timeIntervalSince1970) - 12 * 3600
    }
}

import Foundation

extension TimeZone {
    /// Indochina Time, the zone every Vietnamese office works in.
    public static let vietnam = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!
}

extension Calendar {
    /// The Gregorian calendar in Vietnam time: whose days a deadline counts.
    public static let vietnam: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .vietnam
        return calendar
    }()
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let scalars = Substring(self)
        let start = scalars.firstIndex { !$0.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.isWhitespace }.map { scalars.index(after: $0) } ?? start
        return scalars[start..<end]
    }
}
