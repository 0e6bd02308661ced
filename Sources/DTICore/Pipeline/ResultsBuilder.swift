/// Scores and ranks every province for a run of periods from the store, with each commune's
/// change against the last earlier period (within `comparisonWindow` months) in which it reported.
///
/// Periods are walked in order, carrying each commune's latest standing forward, so a report
/// for sixty months ranks each month once and never rescans the history.
public struct ResultsBuilder: Sendable {
    public let store: any DataStore
    public let indicatorSet: IndicatorSet
    public let directory: UnitDirectory
    /// The reforms the store knows (`dti units import-succession`).
    public let successions: [Succession]
    /// Express every period in the units of the register in force this month, when later than
    /// the period's own (`--as-of`): figures before a reform go through its succession table.
    public let asOf: Period?

    public init(store: any DataStore, indicatorSet: IndicatorSet, directory: UnitDirectory,
                successions: [SuccessionTable] = [], asOf: Period? = nil) {
        self.store = store
        self.indicatorSet = indicatorSet
        self.directory = directory
        self.successions = successions.map(Succession.init)
        self.asOf = asOf
    }

    /// The register whose units a period is expressed in: the one in force at its end, or at
    /// `asOf` when later.
    public func register(for period: Span) -> RegisterVersion? {
        directory.version(for: max(period.last, asOf ?? period.last))
    }

    /// How a month's figures reach the units of `target`: directly (the same units), through
    /// a succession table (a reform between them), or not at all (nil).
    func crossing(from month: Period, to target: RegisterVersion) -> (direct: Bool, succession: Succession?)? {
        guard let own = directory.version(for: month) else { return nil }
        if directory.sameUnits(own, target) { return (true, nil) }
        // The table's old register, or an earlier one with the same units (2024 under the
        // units of March 2025), leads to its new one, or a later one with the same units.
        for succession in successions {
            if let old = directory.versions.first(where: { $0.inForce == succession.table.old }), directory.sameUnits(own, old),
               let new = directory.versions.first(where: { $0.inForce == succession.table.new }), directory.sameUnits(new, target) {
                return (false, succession)
            }
        }
        return nil
    }

    /// A month's submissions in the units of `target`, with the succession used if any.
    private func submissions(for month: Period, in target: RegisterVersion) throws -> ([String: StoredSubmission], Succession?)? {
        guard let crossing = crossing(from: month, to: target) else { return nil }
        let own = try store.currentSubmissions(for: month)
        return (crossing.succession.map { $0.convert(own) } ?? own, crossing.succession)
    }

    public enum BuildError: Error, CustomStringConvertible {
        case noRegister(Period)
        case noSuccession(Period, String)
        public var description: String {
            switch self {
            case .noRegister(let period):
                "no unit register is in force for \(period); import one with: dti units import FILE"
            case .noSuccession(let period, let register):
                "\(period) cannot be expressed in the units of register \(register): no succession table joins them; import one with: dti units import-succession data/registers/vn_succession_2025-07.csv"
            }
        }
    }

    /// The given provinces, ranked; or, when `provinces` is nil, every province of the
    /// period's register where a commune has reported in this period or an earlier one (so a
    /// month nobody reported still gets a report).
    public func results(for period: Span, provinces: Set<String>? = nil,
                        qualityFlags: Bool = false) throws -> [ProvinceResult] {
        var results: [ProvinceResult] = []
        try walk([period], provinces: provinces, qualityFlags: qualityFlags) { _, ranked in results = ranked }
        return results
    }

    public func results(for month: Period, provinces: Set<String>? = nil, qualityFlags: Bool = false) throws -> [ProvinceResult] {
        try results(for: Span(month), provinces: provinces, qualityFlags: qualityFlags)
    }

    /// Calls `body` with each period's results, oldest first, as `results(for:provinces:)`
    /// gives them. With `qualityFlags`, each submission's `DataQuality` flags are set (this
    /// reads a year of history first, so exports and national reports go without; quarters
    /// and years have none: the flags judge a month against the months before).
    public func walk(_ periods: [Span], provinces: Set<String>? = nil, qualityFlags: Bool = false,
                     _ body: (Span, [ProvinceResult]) throws -> Void) throws {
        var lastReport: [String: LastReport] = [:]
        var reportedSoFar: Set<String> = []  // commune codes with a submission up to the period
        var scoresByPeriod: [Span: [String: Double]] = [:]  // each ranked commune's DTI, in the window
        var history = FiguresHistory()
        var previousPeriod: Span?
        for period in periods.sorted() {
            let flagged = qualityFlags && period.kind == .month
            if previousPeriod != period.previous {
                (lastReport, reportedSoFar, scoresByPeriod) = try lastReports(before: period)
                if flagged { history = try FiguresHistory(store: store, before: period.first, indicatorSet: indicatorSet) }
            }
            var current = try rankings(for: period)
            if flagged { history.flag(&current, in: period.first, indicatorSet: indicatorSet) }
            for provinceIndex in current.indices {
                for communeIndex in current[provinceIndex].communes.indices {
                    let code = current[provinceIndex].communes[communeIndex].unit.communeCode
                    current[provinceIndex].communes[communeIndex].previous = lastReport[code]?.standing
                }
                Self.setRankChanges(&current[provinceIndex], scoresByPeriod: scoresByPeriod)
            }
            // A quarter or a year is compared with the one before only.
            if period.kind != .month { lastReport = [:] }
            // Movement is measured against real reports only, never against imputed figures.
            for result in current.lazy.flatMap(\.communes) where result.imputedFrom == nil {
                lastReport[result.unit.communeCode] = LastReport(result, in: period)
                reportedSoFar.insert(result.unit.communeCode)
            }
            for partial in current.lazy.flatMap(\.insufficient) { reportedSoFar.insert(partial.unit.communeCode) }
            scoresByPeriod[period] = Self.scores(current)
            scoresByPeriod = scoresByPeriod.filter { $0.key.first.ordinal >= period.first.ordinal - Self.comparisonWindow }
            previousPeriod = period
            let register = self.register(for: period)!  // `rankings` has checked
            let wanted = provinces ?? Set(reportedSoFar.compactMap { register.unit(code: $0)?.provinceCode })
            try body(period, current.filter { wanted.contains($0.provinceCode) })
        }
    }

    /// See `walk(_:provinces:qualityFlags:_:)`, month by month.
    public func walk(_ months: [Period], provinces: Set<String>? = nil, qualityFlags: Bool = false,
                     _ body: (Period, [ProvinceResult]) throws -> Void) throws {
        try walk(months.map(Span.init), provinces: provinces, qualityFlags: qualityFlags) { try body($0.first, $1) }
    }

    /// Each commune's real reports of the `DataQuality.historyMonths` before the period being
    /// ranked, carried forward like `lastReport`.
    struct FiguresHistory {
        private var reports: [String: [DataQuality.Report]] = [:]

        init() {}

        init(store: any DataStore, before period: Period, indicatorSet: IndicatorSet) throws {
            let first = Period(ordinal: period.ordinal - DataQuality.historyMonths)
            for entry in try store.currentFigures(from: first, through: period.previous) {
                let raw = indicatorSet.indicators.map { $0.formula.evaluate(entry.figures) }
                reports[entry.communeCode, default: []].append(
                    DataQuality.Report(period: entry.period, figures: entry.figures, raw: raw, indicatorSet: indicatorSet))
            }
        }

        /// Sets the quality flags of `results` (every province of `period`), then remembers
        /// their figures and forgets reports older than the window.
        mutating func flag(_ results: inout [ProvinceResult], in period: Period, indicatorSet: IndicatorSet) {
            var submitted: [String: StoredSubmission] = [:]
            for result in results.lazy.flatMap(\.communes) where result.imputedFrom == nil {
                submitted[result.unit.communeCode] = result.submission
            }
            let identical = DataQuality.identicalFigures(submitted)
            let oldest = period.ordinal - DataQuality.historyMonths
            for provinceIndex in results.indices {
                for communeIndex in results[provinceIndex].communes.indices {
                    let commune = results[provinceIndex].communes[communeIndex]
                    guard commune.imputedFrom == nil else { continue }
                    let code = commune.unit.communeCode
                    let report = DataQuality.Report(period: period, figures: commune.submission.figures, raw: commune.score.raw,
                                                    indicatorSet: indicatorSet)
                    // Mutated in place in the dictionary: no copy of the history per commune.
                    reports[code, default: []].removeAll { $0.period.ordinal < oldest }
                    results[provinceIndex].communes[communeIndex].qualityFlags = DataQuality.flags(
                        report, history: reports[code]!, identicalTo: identical[code] ?? [], indicatorSet: indicatorSet)
                    reports[code]!.append(report)
                }
            }
        }
    }

    /// Each really reported, ranked commune's DTI in `results`.
    static func scores(_ results: [ProvinceResult]) -> [String: Double] {
        var scores: [String: Double] = [:]
        for commune in results.lazy.flatMap(\.communes) where commune.imputedFrom == nil && commune.rank != nil {
            scores[commune.unit.communeCode] = commune.score.dti
        }
        return scores
    }

    /// Sets each ranked commune's rank change against its previous standing, counted among the
    /// communes of the province ranked both now and in that earlier period: a commune above it
    /// that did not report in one of the two moves it neither up nor down.
    static func setRankChanges(_ province: inout ProvinceResult, scoresByPeriod: [Span: [String: Double]]) {
        var groups: [Span: [Int]] = [:]
        for (index, commune) in province.communes.enumerated() where commune.rank != nil {
            if let previous = commune.previous { groups[previous.period, default: []].append(index) }
        }
        for (period, members) in groups {
            let then = scoresByPeriod[period] ?? [:]
            let both = province.communes.indices.filter { index in
                province.communes[index].rank != nil && province.communes[index].score.dti != nil
                    && then[province.communes[index].unit.communeCode] != nil
            }
            let now = Dictionary(uniqueKeysWithValues: Ranking.competition(both.map {
                (key: $0, value: province.communes[$0].score.dti!)
            }).map { ($0.key, $0.rank) })
            let before = Dictionary(uniqueKeysWithValues: Ranking.competition(both.map {
                (key: $0, value: then[province.communes[$0].unit.communeCode]!)
            }).map { ($0.key, $0.rank) })
            for member in members {
                guard let rankNow = now[member], let rankBefore = before[member] else { continue }
                province.communes[member].rankChange = rankBefore - rankNow
            }
        }
    }

    /// A commune's latest report: its standing when that report was ranked.
    struct LastReport {
        var standing: Standing?

        init(_ result: CommuneResult, in period: Span) {
            standing = result.rank.flatMap { rank in result.score.dti.map { Standing(period: period, rank: rank, dti: $0) } }
        }
    }

    /// How far back a commune's last report is looked for: a rank from more than a year ago
    /// says little about this month's movement.
    public static let comparisonWindow = 12

    /// Each commune's latest report in the `comparisonWindow` months before `period`, and
    /// the communes that have reported at any time before it. Reads a few thousand index
    /// entries per month of the window, never the whole history, unless a province of the
    /// register has not reported within the window at all. A quarter or a year looks at the
    /// span of its kind just before it only.
    private func lastReports(before period: Span) throws -> ([String: LastReport], Set<String>, [Span: [String: Double]]) {
        var scores: [Span: [String: Double]] = [:]
        var latest: [String: Span] = [:]
        var seen: Set<String> = []
        // Earlier periods are ranked in the units of this one: across a reform, through its
        // succession table, and not at all without one.
        guard let target = register(for: period) else { return ([:], [], [:]) }
        var converted: [Span: [ProvinceResult]] = [:]
        func codes(in month: Period) throws -> Set<String> {
            guard let crossing = crossing(from: month, to: target) else { return [] }
            if crossing.direct { return try store.communeCodes(in: month) }
            let ranked = try rankings(for: Span(month), in: target)
            converted[Span(month)] = ranked
            return Set(ranked.lazy.flatMap(\.communes).map(\.unit.communeCode))
        }
        if period.kind == .month {
            for back in 1...Self.comparisonWindow {
                let earlier = Span(Period(ordinal: period.first.ordinal - back))
                for code in try codes(in: earlier.first) where latest[code] == nil {
                    latest[code] = earlier
                    seen.insert(code)
                }
            }
        } else {
            for month in period.previous.months {
                for code in try codes(in: month) where latest[code] == nil {
                    latest[code] = period.previous
                    seen.insert(code)
                }
            }
        }
        var reports: [String: LastReport] = [:]
        for earlier in Set(latest.values).sorted() {
            let ranked = try converted[earlier] ?? rankings(for: earlier, in: target)
            scores[earlier] = Self.scores(ranked)
            for result in ranked.lazy.flatMap(\.communes)
            where latest[result.unit.communeCode] == earlier && result.imputedFrom == nil {
                reports[result.unit.communeCode] = LastReport(result, in: earlier)
            }
        }
        let provincesSeen = Set(seen.compactMap { target.unit(code: $0)?.provinceCode })
        if provincesSeen.count < target.provinceCodes.count {
            seen.formUnion(try store.communeCodesWithSubmissions(through: period.first.previous))
        }
        return (reports, seen, scores)
    }

    /// Rankings of every province of the period's register, without movement.
    /// In the units of `target` when given (a later register than the period's own).
    func rankings(for period: Span, in target: RegisterVersion? = nil) throws -> [ProvinceResult] {
        period.kind == .month ? try rankings(forMonth: period.first, in: target) : try rankings(forSpan: period, in: target)
    }

    /// A month's rankings. With carry-forward, a commune missing from the month is ranked on
    /// its latest submission of the months before (at most `carryForwardMonths` back), when it
    /// is a unit of this month's register.
    private func rankings(forMonth period: Period, in target: RegisterVersion?) throws -> [ProvinceResult] {
        guard let register = target ?? register(for: Span(period)) else { throw BuildError.noRegister(period) }
        guard let (converted, succession) = try submissions(for: period, in: register) else {
            throw BuildError.noSuccession(period, register.name)
        }
        var submissions = converted
        if let succession {
            // Before the reform: summed predecessors, ranked in today's units; no carry-forward.
            return register.provinceCodes.map { province in
                var result = ProvinceResult.rank(period: Span(period), register: register, provinceCode: province,
                                                 submissions: submissions, indicatorSet: indicatorSet)
                for index in result.communes.indices {
                    result.communes[index].approximate = succession.approximation(of: result.communes[index].unit.communeCode)
                }
                result.acrossReform = true
                return result
            }
        }
        if indicatorSet.carryForwardMonths > 0 {
            for back in 1...indicatorSet.carryForwardMonths {
                for (code, earlier) in try store.currentSubmissions(for: Period(ordinal: period.ordinal - back))
                where submissions[code] == nil && register.unit(code: code) != nil {
                    submissions[code] = earlier
                }
            }
        }
        return register.provinceCodes.map { province in
            ProvinceResult.rank(period: Span(period), register: register, provinceCode: province,
                                submissions: submissions, indicatorSet: indicatorSet)
        }
    }

    /// A quarter's or a year's rankings, in the units of the register in force at its end: a
    /// commune's figures gathered by `SpanFigures` from the months it reported, ranked when
    /// those are at least `IndicatorSet.spanMinMonthsShare` of the span's months. Months under
    /// a register with other units (before the July 2025 reform) do not count.
    private func rankings(forSpan span: Span, in target: RegisterVersion?) throws -> [ProvinceResult] {
        guard let register = target ?? register(for: span) else { throw BuildError.noRegister(span.last) }
        var reports: [String: [StoredSubmission]] = [:]
        var approximate: [String: Approximation] = [:]
        var acrossReform = false
        for month in span.months {
            guard let (submissions, succession) = try submissions(for: month, in: register) else { continue }
            acrossReform = acrossReform || succession != nil
            for (code, submission) in submissions where register.unit(code: code) != nil {
                reports[code, default: []].append(submission)
                if let approximation = succession?.approximation(of: code) { approximate[code] = approximation }
            }
        }
        let minimum = span.minimumMonths(share: indicatorSet.spanMinMonthsShare)
        var submissions: [String: StoredSubmission] = [:]
        var partial: [String: [PartialReporter]] = [:]
        for (code, monthly) in reports {
            if monthly.count >= minimum {
                submissions[code] = SpanFigures.combine(monthly, indicatorSet: indicatorSet)
            } else if let unit = register.unit(code: code) {
                partial[unit.provinceCode, default: []].append(PartialReporter(unit: unit, months: monthly.map(\.period)))
            }
        }
        return register.provinceCodes.map { province in
            var result = ProvinceResult.rank(period: span, register: register, provinceCode: province,
                                             submissions: submissions, indicatorSet: indicatorSet)
            let short = (partial[province] ?? []).sorted { $0.unit.communeCode < $1.unit.communeCode }
            let shortCodes = Set(short.map(\.unit.communeCode))
            result.missing.removeAll { shortCodes.contains($0.communeCode) }
            for index in result.communes.indices {
                result.communes[index].approximate = approximate[result.communes[index].unit.communeCode]
            }
            result.insufficient = short
            result.minimumMonths = minimum
            result.acrossReform = acrossReform
            return result
        }
    }
}
