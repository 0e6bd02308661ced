import Foundation

/// One commune's DTI and pillar scores over the periods up to one (the last 12 by default):
/// months, quarters or years, in the units of the register in force at the last one.
public struct CommuneTrend: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var period: Span
        /// Nil when the commune was not ranked in the period (no report, or no DTI).
        public var dti: Double?
        public var pillars: [Double?]
        public var rank: Int?
        /// How many communes of the province were ranked in the period: the rank is “35/38”.
        public var rankedCount: Int? = nil
        public var imputedFrom: Period?
        /// Before a reform: summed over some predecessors only (drawn hollow).
        public var approximate: Approximation?
        /// Figures of a month before a reform went into this point, through the succession table.
        public var acrossReform = false
    }

    public var unit: AdministrativeUnit
    /// Oldest first, one per period, gaps included.
    public var points: [Point]

    /// Where the reform falls: the index of the first point made wholly in the new units after
    /// one that was not (the chart draws a line there).
    public var reformIndex: Int? {
        points.indices.dropFirst().first { points[$0 - 1].acrossReform && !points[$0].acrossReform }
    }
}

extension ResultsBuilder {
    /// The trend of commune `code` over the `count` periods ending with `period`, in the units
    /// of the register this builder expresses `period` in (see `Pipeline.trend`).
    public func trend(communeCode code: String, through period: Span, count: Int) throws -> CommuneTrend? {
        let builder = self
        guard let target = builder.register(for: period), let unit = target.unit(code: code) else { return nil }
        var periods = [period]
        while periods.count < count { periods.insert(periods[0].previous, at: 0) }
        let unranked = { (period: Span) in
            CommuneTrend.Point(period: period, dti: nil, pillars: Array(repeating: nil, count: self.indicatorSet.pillars.count),
                               rank: nil, imputedFrom: nil)
        }
        // Months before the first register imported, or that no succession table joins to
        // today's units, are gaps.
        let expressible = periods.filter { span in
            span.months.contains { month in builder.crossing(from: month, to: target) != nil }
        }
        var points = Dictionary(uniqueKeysWithValues: periods.map { ($0, unranked($0)) })
        try builder.walk(expressible, provinces: [unit.provinceCode]) { current, results in
            guard let province = results.first(where: { $0.provinceCode == unit.provinceCode }),
                  let result = province.communes.first(where: { $0.unit.communeCode == code }),
                  let rank = result.rank else { return }
            points[current] = CommuneTrend.Point(period: current, dti: result.score.dti, pillars: result.score.pillars,
                                                 rank: rank, rankedCount: province.ranked.count, imputedFrom: result.imputedFrom,
                                                 approximate: result.approximate, acrossReform: province.acrossReform)
        }
        return CommuneTrend(unit: unit, points: periods.map { points[$0]! })
    }
}

