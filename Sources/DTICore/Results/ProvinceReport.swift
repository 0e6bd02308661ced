import Foundation

/// Everything one province's report for a period says, in one value the writers take whole:
/// the ranking (each commune's score, rank, movement and quality flags, and the month's
/// state), the warnings its accepted rows carried, and the province's means the period before
/// and a year before, for the comparisons.
public struct ProvinceReport: Sendable {
    public var result: ProvinceResult
    public var indicatorSet: IndicatorSet
    /// Warnings validation left on the rows ranked (accepted, but worth a look).
    public var warnings: [ValidationIssue]
    /// The province's means the period before, and the same period a year before (none for
    /// a year: the year before is the period before).
    public var previous: ProvinceMeans?
    public var yearAgo: ProvinceMeans?
    /// When the report is made (`ReportClock`): the reader is told, and a month's report made
    /// before its deadline is provisional.
    public var madeAt: Date?

    public init(result: ProvinceResult, indicatorSet: IndicatorSet, warnings: [ValidationIssue] = [],
                previous: ProvinceMeans? = nil, yearAgo: ProvinceMeans? = nil, madeAt: Date? = nil) {
        self.result = result
        self.indicatorSet = indicatorSet
        self.warnings = warnings
        self.previous = previous
        self.yearAgo = yearAgo
        self.madeAt = madeAt
    }
}

/// A province's means in one period, for comparing a report's month with the month before and
/// the same month a year earlier.
public struct ProvinceMeans: Sendable {
    public var period: Span
    public var meanDTI: Double?
    public var pillarMeans: [Double?]

    public init(_ result: ProvinceResult, pillarCount: Int) {
        period = result.period
        meanDTI = result.meanDTI
        pillarMeans = result.pillarMeans(count: pillarCount)
    }
}

/// The reports of a run of periods, as `ResultsBuilder.walk` ranks them: for each period the
/// `ProvinceReport` of every province asked for and, for the country, a `NationalResult`.
public struct ReportAssembly {
    let builder: ResultsBuilder
    /// Province reports list data-quality flags; the national ones do not.
    public var provinceReports = true
    public var national = false
    /// When the reports are made.
    public var madeAt = ReportClock.now

    public init(builder: ResultsBuilder, provinceReports: Bool = true, national: Bool = false) {
        self.builder = builder
        self.provinceReports = provinceReports
        self.national = national
    }

    /// Calls `body` with each period's province reports and national result (nil unless
    /// `national`), oldest first.
    public func walk(_ periods: [Span], provinces: Set<String>? = nil,
                     _ body: (Span, [ProvinceReport], NationalResult?) throws -> Void) throws {
        let indicatorSet = builder.indicatorSet
        var means = MeansCache(pillarCount: indicatorSet.pillars.count)
        try builder.walk(periods, provinces: provinces, qualityFlags: provinceReports, monthStatus: true) { period, results, all in
            var reports: [ProvinceReport] = []
            if provinceReports {
                for result in results {
                    let rows = Set(result.communes.map { FileLine(sha256: $0.submission.fileSHA256, line: $0.submission.line) })
                    let units = builder.register(for: period)!
                    reports.append(ProvinceReport(
                        result: result, indicatorSet: indicatorSet, warnings: try builder.store.warnings(forRows: rows),
                        previous: try means.of(result.provinceCode, in: period.previous, units: units, builder: builder),
                        // For a year, the year before is the previous span already.
                        yearAgo: period.kind == .year ? nil
                            : try means.of(result.provinceCode, in: period.yearEarlier, units: units, builder: builder),
                        madeAt: madeAt))
                }
            }
            means.remember(results, in: period)
            var nation: NationalResult?
            if national, !results.isEmpty {
                // The country is every province of the register, those nobody reported for too.
                let country = provinces == nil ? all.sorted { $0.provinceCode < $1.provinceCode } : results
                nation = NationalResult(period: period, provinces: country, pillarCount: indicatorSet.pillars.count)
                nation?.madeAt = madeAt
                if let units = builder.register(for: period) {
                    var before: [String: Double] = [:]
                    for province in country {
                        before[province.provinceCode] = try means.of(province.provinceCode, in: period.previous, units: units, builder: builder)?.meanDTI
                    }
                    if !before.isEmpty { nation?.previous = (period.previous, before) }
                }
            }
            try body(period, reports, nation)
        }
    }

    /// Each province's means by period, for the HTML report's comparisons: kept from the
    /// periods a report walks (the last 13), ranked afresh only for months before the first.
    struct MeansCache {
        let pillarCount: Int
        /// By period and the register whose units the means are in.
        private var byPeriod: [Span: [String: [String: ProvinceMeans]]] = [:]

        init(pillarCount: Int) {
            self.pillarCount = pillarCount
        }

        /// The province's means in `period`, in the units of `units` (the report's register):
        /// across a reform, its new communes' sums; nil when they cannot be had.
        mutating func of(_ province: String, in period: Span, units: RegisterVersion, builder: ResultsBuilder) throws -> ProvinceMeans? {
            if byPeriod[period]?[units.name] == nil {
                guard period.months.contains(where: { builder.crossing(from: $0, to: units) != nil }) else { return nil }
                remember(try builder.rankings(for: period, in: units), in: period)
            }
            guard let means = byPeriod[period]?[units.name]?[province], means.meanDTI != nil else { return nil }
            return means
        }

        mutating func remember(_ results: [ProvinceResult], in period: Span) {
            guard let units = results.first?.registerVersion else { return }
            byPeriod[period, default: [:]][units] = Dictionary(uniqueKeysWithValues: results.map {
                ($0.provinceCode, ProvinceMeans($0, pillarCount: pillarCount))
            })
            byPeriod = byPeriod.filter { $0.key.first.ordinal >= period.first.ordinal - 13 * period.kind.length }
        }
    }
}
