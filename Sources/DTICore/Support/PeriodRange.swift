/// A run of consecutive months, written `2021-01..2025-12` (or a single `2025-12`).
public struct PeriodRange: Hashable, Sendable, CustomStringConvertible {
    public let first: Period
    public let last: Period

    public init?(first: Period, last: Period) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "..", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first.flatMap(Period.init), let last = parts.count == 2 ? Period(parts[1]) : first,
              let range = PeriodRange(first: first, last: last) else { return nil }
        self = range
    }

    public var periods: [Period] { (first.ordinal...last.ordinal).map(Period.init(ordinal:)) }

    public var count: Int { last.ordinal - first.ordinal + 1 }

    public var description: String { first == last ? first.description : "\(first)..\(last)" }
}
