/// What a report covers: a month (`2026-10`), a quarter (`2026-Q3`) or a year (`2026`).
///
/// A month is the period communes report; a quarter or a year gathers the months in it
/// (`SpanFigures`: stocks from the latest report, flows summed).
public struct Span: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case month, quarter, year

        /// Months in a span of this kind.
        public var length: Int {
            switch self {
            case .month: 1
            case .quarter: 3
            case .year: 12
            }
        }
    }

    public let kind: Kind
    /// The span's first month.
    public let first: Period

    public init(_ month: Period) {
        kind = .month
        first = month
    }

    public init?(year: Int, quarter: Int) {
        guard (1...4).contains(quarter), let first = Period(year: year, month: 3 * quarter - 2) else { return nil }
        kind = .quarter
        self.first = first
    }

    public init?(year: Int) {
        guard let first = Period(year: year, month: 1) else { return nil }
        kind = .year
        self.first = first
    }

    /// The span of `kind` that begins at or contains `month`.
    public init(_ kind: Kind, containing month: Period) {
        self.kind = kind
        first = Period(ordinal: month.ordinal - (month.month - 1) % kind.length)
    }

    /// Parses `2026-10` (or `10/2026`), `2026-Q3` and `2026`.
    public init?(_ text: some StringProtocol) {
        let text = text.trimmingWhitespace()
        if text.count == 4, text.allSatisfy(\.isASCIIDigit), let year = Int(text) {
            self.init(year: year)
        } else if let (year, quarter) = Self.yearAndQuarter(text) {
            self.init(year: year, quarter: quarter)
        } else if let month = Period(text) {
            self.init(month)
        } else {
            return nil
        }
    }

    /// The numbers of a text shaped as a quarter (`YYYY-Qn`), whether or not they make one.
    static func yearAndQuarter(_ text: some StringProtocol) -> (year: Int, quarter: Int)? {
        let text = text.trimmingWhitespace()
        guard text.count == 7, text.dropFirst(4).uppercased().hasPrefix("-Q"), text.prefix(4).allSatisfy(\.isASCIIDigit),
              let year = Int(text.prefix(4)), let quarter = Int(text.suffix(1)) else { return nil }
        return (year, quarter)
    }

    public var months: [Period] { (0..<kind.length).map { Period(ordinal: first.ordinal + $0) } }
    public var last: Period { Period(ordinal: first.ordinal + kind.length - 1) }
    /// The month, when the span is one.
    public var month: Period? { kind == .month ? first : nil }
    public var quarter: Int { (first.month - 1) / 3 + 1 }

    /// The span of the same kind just before: Q3 → Q2, 2026 → 2025, October → September.
    public var previous: Span { Span(kind, containing: Period(ordinal: first.ordinal - 1)) }
    /// The span of the same kind after.
    public var next: Span { Span(kind, containing: Period(ordinal: first.ordinal + kind.length)) }
    /// The same span a year earlier (for a year, the year before).
    public var yearEarlier: Span { Span(kind, containing: Period(ordinal: first.ordinal - 12)) }

    public var description: String {
        switch kind {
        case .month: first.description
        case .quarter: "\(first.year)-Q\(quarter)"
        case .year: "\(first.year)"
        }
    }

    /// The span in a file name: `2026-10`, `2026-Q3`, `2026-year` — a year's report is never
    /// read as a month of the province coded like it (`dti-2026-12` would be December).
    public var fileLabel: String { kind == .year ? "\(first.year)-year" : description }

    /// As a reader says it: “tháng 10/2026”, “quý III/2026”, “năm 2026”; “October 2026”, “Q3 2026”, “2026”.
    public func name(_ language: Language) -> String {
        switch (kind, language) {
        case (.month, _): first.monthName(language)
        case (.quarter, .vi): "quý \(["I", "II", "III", "IV"][quarter - 1])/\(first.year)"
        case (.quarter, .en): "Q\(quarter) \(first.year)"
        case (.year, .vi): "năm \(first.year)"
        case (.year, .en): "\(first.year)"
        }
    }

    /// A fixed creation time for files of the span: noon UTC on its last day.
    public var endOfMonthTimestamp: Int { last.endOfMonthTimestamp }

    /// The fewest months a commune must have reported in to be ranked for the span: the
    /// smallest count whose share of the span's months, rounded half-up to 2 decimals, reaches
    /// `share` (with 0.67: 2 of 3, 8 of 12; 1 of 1 for a month).
    public func minimumMonths(share: Double) -> Int {
        let length = kind.length
        return (1...length).first { Rounding.halfUp(Double($0) / Double(length)) >= share - 1e-9 } ?? length
    }

    public static func < (lhs: Span, rhs: Span) -> Bool {
        (lhs.first.ordinal, lhs.kind.length) < (rhs.first.ordinal, rhs.kind.length)
    }
}

/// A run of spans of one kind: `2021-01..2025-12`, `2026-Q1..2026-Q4`, `2021..2025`, or one span.
public struct SpanRange: Hashable, Sendable, CustomStringConvertible {
    public let first: Span
    public let last: Span

    public init?(first: Span, last: Span) {
        guard first.kind == last.kind, first <= last else { return nil }
        self.first = first
        self.last = last
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "..", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first.flatMap({ Span($0) }), let last = parts.count == 2 ? Span(parts[1]) : first,
              let range = SpanRange(first: first, last: last) else { return nil }
        self = range
    }

    public init(_ months: PeriodRange) {
        first = Span(months.first)
        last = Span(months.last)
    }

    public var spans: [Span] {
        var spans = [first]
        while spans.last! < last { spans.append(spans.last!.next) }
        return spans
    }

    public var kind: Span.Kind { first.kind }

    /// Every month of every span.
    public var months: [Period] { spans.flatMap(\.months) }

    public var description: String { first == last ? first.description : "\(first)..\(last)" }
}

extension SpanRange {
    /// Why `text` is not a period or a range of periods, in words an analyst can act on; nil
    /// when it is one. What a command line says when `--period` is refused.
    public static func problem(in text: String) -> LocalizedText? {
        guard SpanRange(text) == nil else { return nil }
        let parts = text.split(separator: "..", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let first = Span(parts[0]) else { return Span.problem(in: parts[0]) }
            guard let last = Span(parts[1]) else { return Span.problem(in: parts[1]) }
            if first.kind != last.kind {
                return LocalizedText(
                    vi: "hai đầu của khoảng “\(text)” phải cùng loại: cùng là tháng (2026-01..2026-06), quý (2026-Q1..2026-Q2) hoặc năm (2021..2025)",
                    en: "both ends of the range “\(text)” must be of one kind: months (2026-01..2026-06), quarters (2026-Q1..2026-Q2) or years (2021..2025)")
            }
            return LocalizedText(vi: "khoảng “\(text)” bị ngược: viết kỳ trước rồi đến kỳ sau (\(last)..\(first))",
                                 en: "the range “\(text)” runs backwards: write the earlier period first (\(last)..\(first))")
        }
        return Span.problem(in: text)
    }
}

extension Span {
    /// Why `text` is not a month, a quarter or a year (see `SpanRange.problem(in:)`).
    static func problem(in text: some StringProtocol) -> LocalizedText {
        let text = String(text.trimmingWhitespace())
        // Shaped as the parsers read a month or a quarter, with one that does not exist.
        if let month = Period.yearAndMonth(text)?.month, !(1...12).contains(month) {
            return LocalizedText(vi: "không có tháng \(month): tháng từ 01 đến 12 (“\(text)”)",
                                 en: "there is no month \(month): months run 01 to 12 (“\(text)”)")
        }
        if let quarter = yearAndQuarter(text)?.quarter, !(1...4).contains(quarter) {
            return LocalizedText(vi: "không có quý \(quarter): quý từ Q1 đến Q4 (“\(text)”)",
                                 en: "there is no quarter \(quarter): quarters run Q1 to Q4 (“\(text)”)")
        }
        return LocalizedText(
            vi: "không đọc được kỳ “\(text)”: viết tháng 2026-10 (hoặc 10/2026), quý 2026-Q3, năm 2026, hoặc một khoảng như 2026-01..2026-06",
            en: "“\(text)” is not a period: write a month 2026-10 (or 10/2026), a quarter 2026-Q3, a year 2026, or a range such as 2026-01..2026-06")
    }
}
