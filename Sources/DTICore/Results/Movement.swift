/// Where each commune stood when its last report was ranked, carried forward as a walk ranks
/// period after period: what this period's movement is measured against. Movement is
/// measured against real reports only, never against imputed figures.
struct Movement {
    /// Each commune's standing at its latest real report (absent when that report had no rank).
    private(set) var standings: [String: Standing] = [:]
    /// The communes that have reported at any time up to the period.
    private(set) var reportedSoFar: Set<String> = []
    /// Each really reported, ranked commune's DTI, by period, within the comparison window.
    private(set) var scoresByPeriod: [Span: [String: Double]] = [:]

    init() {}

    /// How far back a commune's last report is looked for: a rank from more than a year ago
    /// says little about this month's movement.
    static let comparisonWindow = 12

    /// Remembers `results`, the rankings of `period`, for the periods after it.
    mutating func remember(_ results: [ProvinceResult], in period: Span) {
        // A quarter or a year is compared with the one before only.
        if period.kind != .month { standings = [:] }
        results.forEachCommune { result in
            guard result.imputedFrom == nil else { return }
            standings[result.unit.communeCode] = Self.standing(result, in: period)
            reportedSoFar.insert(result.unit.communeCode)
        }
        for partial in results.lazy.flatMap(\.insufficient) { reportedSoFar.insert(partial.unit.communeCode) }
        scoresByPeriod[period] = Self.scores(results)
        scoresByPeriod = scoresByPeriod.filter { $0.key.first.ordinal >= period.first.ordinal - Self.comparisonWindow }
    }

    /// A commune's standing when a report was ranked; nil when it had no rank.
    static func standing(_ result: CommuneResult, in period: Span) -> Standing? {
        result.rank.flatMap { rank in result.score.dti.map { Standing(period: period, rank: rank, dti: $0) } }
    }

    /// Each really reported, ranked commune's DTI in `results`.
    static func scores(_ results: [ProvinceResult]) -> [String: Double] {
        var scores: [String: Double] = [:]
        results.forEachCommune { commune in
            if commune.imputedFrom == nil && commune.rank != nil { scores[commune.unit.communeCode] = commune.score.dti }
        }
        return scores
    }

    /// The movement before `period`, when a walk starts there: each commune's latest report
    /// in the `comparisonWindow` months before it, and the communes that have reported at any
    /// time before it. Reads a few thousand index entries per month of the window, never the
    /// whole history, unless a province of the register has not reported within the window
    /// at all. A quarter or a year looks at the span of its kind just before it only.
    init(before period: Span, builder: ResultsBuilder) throws {
        // Earlier periods are ranked in the units of this one: across a reform, through its
        // succession table, and not at all without one.
        guard let target = builder.register(for: period) else { return }
        var latest: [String: Span] = [:]
        var converted: [Span: [ProvinceResult]] = [:]
        func codes(in month: Period) throws -> Set<String> {
            guard let crossing = builder.crossing(from: month, to: target) else { return [] }
            if crossing.direct { return try builder.store.communeCodes(in: month) }
            let ranked = try builder.rankings(for: Span(month), in: target)
            converted[Span(month)] = ranked
            return Set(ranked.lazy.flatMap(\.communes).map(\.unit.communeCode))
        }
        let earlier: [(span: Span, month: Period)] = period.kind == .month
            ? (1...Self.comparisonWindow).map { back in
                let month = Period(ordinal: period.first.ordinal - back)
                return (Span(month), month)
            }
            : period.previous.months.map { (period.previous, $0) }
        for (span, month) in earlier {
            for code in try codes(in: month) where latest[code] == nil {
                latest[code] = span
                reportedSoFar.insert(code)
            }
        }
        for span in Set(latest.values).sorted() {
            let ranked = try converted[span] ?? builder.rankings(for: span, in: target)
            scoresByPeriod[span] = Self.scores(ranked)
            for result in ranked.lazy.flatMap(\.communes)
            where latest[result.unit.communeCode] == span && result.imputedFrom == nil {
                standings[result.unit.communeCode] = Self.standing(result, in: span)
            }
        }
        let provincesSeen = Set(reportedSoFar.compactMap { target.unit(code: $0)?.provinceCode })
        if provincesSeen.count < target.provinceCodes.count {
            reportedSoFar.formUnion(try builder.store.communeCodesWithSubmissions(through: period.first.previous))
        }
    }
}
