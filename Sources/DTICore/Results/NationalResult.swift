import Foundation

/// Every province of one period side by side: the view of a ministry, or of one server that
/// serves the whole country. Communes keep their province rank and gain a national one.
public struct NationalResult: Sendable {
    public struct Entry: Sendable {
        /// Competition rank on the DTI among the ranked communes of every province.
        public var nationalRank: Int
        public var province: ProvinceResult.Summary
        public var commune: CommuneResult
    }

    public var period: Span
    /// The register whose units the provinces are ranked in.
    public var registerVersion: String
    /// When the national reports are made (`ReportClock`), said in them.
    public var madeAt: Date?
    /// Provinces by mean DTI, best first; provinces with no ranked commune last, by code.
    public var provinces: [ProvinceResult.Summary]
    /// Ranked communes by national rank, then commune code.
    public var ranked: [Entry]
    /// The period before, and each province's mean DTI then (by code), when known: the
    /// province table gives the change.
    public var previous: (period: Span, means: [String: Double])?
    /// For a quarter or a year: how many communes of the country reported in each month (the
    /// provinces' counts summed; a month that cannot count in one province cannot nationally).
    public var monthlyReporting: [MonthReporting] = []

    public init(period: Span, provinces results: [ProvinceResult], pillarCount: Int) {
        self.period = period
        registerVersion = results.first?.registerVersion ?? ""
        let summaries = results.map { ProvinceResult.Summary($0, pillarCount: pillarCount) }
        let provinceRanks = Ranking.competition(summaries.compactMap { summary in
            summary.meanDTI.map { (key: summary.code, value: $0) }
        })
        let byCode = Dictionary(uniqueKeysWithValues: summaries.map { ($0.code, $0) })
        var ordered = provinceRanks.map { entry in
            var summary = byCode[entry.key]!
            summary.rank = entry.rank
            return summary
        }
        ordered += summaries.filter { $0.meanDTI == nil }.sorted { $0.code < $1.code }
        provinces = ordered

        // Positions, not copies, until each entry is made once.
        var positions: [String: (province: Int, commune: Int)] = [:]
        var scores: [(key: String, value: Double)] = []
        for provinceIndex in results.indices {
            for communeIndex in results[provinceIndex].communes.indices where results[provinceIndex].communes[communeIndex].rank != nil {
                guard let dti = results[provinceIndex].communes[communeIndex].score.dti else { continue }
                let code = results[provinceIndex].communes[communeIndex].unit.communeCode
                positions[code] = (provinceIndex, communeIndex)
                scores.append((code, dti))
            }
        }
        if let months = results.first?.monthlyReporting.map(\.month) {
            monthlyReporting = months.indices.map { index in
                let parts = results.map { $0.monthlyReporting.indices.contains(index) ? $0.monthlyReporting[index] : nil }
                let counted = parts.allSatisfy { $0?.reported != nil }
                return MonthReporting(month: months[index],
                                      reported: counted ? parts.reduce(0) { $0 + ($1?.reported ?? 0) } : nil,
                                      expected: parts.reduce(0) { $0 + ($1?.expected ?? 0) })
            }
        }
        ranked = Ranking.competition(scores).map { entry in
            let position = positions[entry.key]!
            return Entry(nationalRank: entry.rank, province: summaries[position.province],
                         commune: results[position.province].communes[position.commune])
        }
    }

    public var expectedCount: Int { provinces.reduce(0) { $0 + $1.expected } }
    public var reportingCount: Int { provinces.reduce(0) { $0 + $1.reporting } }
    /// Over every province, when each one's status is known.
    public var acceptedCount: Int? { provinces.allSatisfy { $0.accepted != nil } ? provinces.reduce(0) { $0 + $1.accepted! } : nil }
    public var onTimeCount: Int? { provinces.allSatisfy { $0.onTime != nil } ? provinces.reduce(0) { $0 + $1.onTime! } : nil }

    /// Mean DTI of every ranked commune in the country.
    public var meanDTI: Double? {
        ranked.isEmpty ? nil : ranked.reduce(0) { $0 + ($1.commune.score.dti ?? 0) } / Double(ranked.count)
    }
}

extension ProvinceResult {
    /// One line per province in national tables.
    public struct Summary: Sendable {
        public var code: String
        public var name: String
        public var expected: Int
        public var reporting: Int
        /// Communes with accepted figures, and of them on time, when the month's status is known.
        public var accepted: Int?
        public var onTime: Int?
        public var meanDTI: Double?
        public var pillarMeans: [Double?]
        /// Rank of the province by mean DTI; nil when none of its communes is ranked.
        public var rank: Int?

        init(_ result: ProvinceResult, pillarCount: Int) {
            code = result.provinceCode
            name = result.provinceName
            expected = result.expectedCount
            reporting = result.communes.count - result.imputed.count
            accepted = result.status?.accepted
            onTime = result.status?.onTime
            meanDTI = result.meanDTI
            pillarMeans = result.pillarMeans(count: pillarCount)
        }
    }
}
