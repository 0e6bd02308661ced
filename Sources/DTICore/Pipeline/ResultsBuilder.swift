/// Scores and ranks every province for a run of periods from the store, with each commune's
/// change against the last earlier period (within `comparisonWindow` months) in which it reported.
///
/// Periods are walked in order, carrying each commune's latest standing forward, so a report
/// for sixty months ranks each month once and never rescans the history.
public struct ResultsBuilder: Sendable {
    public let store: DTIStore
    public let indicatorSet: IndicatorSet
    public let directory: UnitDirectory

    public init(store: DTIStore, indicatorSet: IndicatorSet, directory: UnitDirectory) {
        self.store = store
        self.indicatorSet = indicatorSet
        self.directory = directory
    }

    public enum BuildError: Error, CustomStringConvertible {
        case noRegister(Period)
        public var description: String {
            switch self {
            case .noRegister(let period):
                "no unit register is in force for \(period); import one with: dti units import FILE"
            }
        }
    }

    /// The given provinces, ranked; or, when `provinces` is nil, every province of the
    /// period's register where a commune has reported in this period or an earlier one (so a
    /// month nobody reported still gets a report).
    public func results(for period: Period, provinces: Set<String>? = nil,
                        qualityFlags: Bool = false) throws -> [ProvinceResult] {
        var results: [ProvinceResult] = []
        try walk([period], provinces: provinces, qualityFlags: qualityFlags) { _, ranked in results = ranked }
        return results
    }

    /// Calls `body` with each period's results, oldest first, as `results(for:provinces:)`
    /// gives them. With `qualityFlags`, each submission's `DataQuality` flags are set (this
    /// reads a year of history first, so exports and national reports go without).
    public func walk(_ periods: [Period], provinces: Set<String>? = nil, qualityFlags: Bool = false,
                     _ body: (Period, [ProvinceResult]) throws -> Void) throws {
        var lastReport: [String: LastReport] = [:]
        var reportedSoFar: Set<String> = []  // commune codes with a submission up to the period
        var scoresByPeriod: [Period: [String: Double]] = [:]  // each ranked commune's DTI, in the window
        var history = FiguresHistory()
        var previousPeriod: Period?
        for period in periods.sorted() {
            if previousPeriod == nil || previousPeriod!.next != period {
                (lastReport, reportedSoFar, scoresByPeriod) = try lastReports(before: period)
                if qualityFlags { history = try FiguresHistory(store: store, before: period, indicatorSet: indicatorSet) }
            }
            var current = try rankings(for: period)
            if qualityFlags { history.flag(&current, in: period, indicatorSet: indicatorSet) }
            for provinceIndex in current.indices {
                for communeIndex in current[provinceIndex].communes.indices {
                    let code = current[provinceIndex].communes[communeIndex].unit.communeCode
                    current[provinceIndex].communes[communeIndex].previous = lastReport[code]?.standing
                }
            }
            for provinceIndex in current.indices {
                Self.setRankChanges(&current[provinceIndex], scoresByPeriod: scoresByPeriod)
            }
            // Movement is measured against real reports only, never against imputed figures.
            for result in current.lazy.flatMap(\.communes) where result.imputedFrom == nil {
                lastReport[result.unit.communeCode] = LastReport(result, in: period)
                reportedSoFar.insert(result.unit.communeCode)
            }
            scoresByPeriod[period] = Self.scores(current)
            scoresByPeriod = scoresByPeriod.filter { $0.key.ordinal >= period.ordinal - Self.comparisonWindow }
            previousPeriod = period
            let register = directory.version(for: period)!  // `rankings` has checked
            let wanted = provinces ?? Set(reportedSoFar.compactMap { register.unit(code: $0)?.provinceCode })
            try body(period, current.filter { wanted.contains($0.provinceCode) })
        }
    }

    /// Each commune's real reports of the `DataQuality.historyMonths` before the period being
    /// ranked, carried forward like `lastReport`.
    struct FiguresHistory {
        private var reports: [String: [DataQuality.Report]] = [:]

        init() {}

        init(store: DTIStore, before period: Period, indicatorSet: IndicatorSet) throws {
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
    static func setRankChanges(_ province: inout ProvinceResult, scoresByPeriod: [Period: [String: Double]]) {
        var groups: [Period: [Int]] = [:]
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

        init(_ result: CommuneResult, in period: Period) {
            standing = result.rank.flatMap { rank in result.score.dti.map { Standing(period: period, rank: rank, dti: $0) } }
        }
    }

    /// How far back a commune's last report is looked for: a rank from more than a year ago
    /// says little about this month's movement.
    public static let comparisonWindow = 12

    /// Each commune's latest report in the `comparisonWindow` months before `period`, and
    /// the communes that have reported at any time before it. Reads a few thousand index
    /// entries per month of the window, never the whole history, unless a province of the
    /// register has not reported within the window at all.
    private func lastReports(before period: Period) throws -> ([String: LastReport], Set<String>, [Period: [String: Double]]) {
        var scores: [Period: [String: Double]] = [:]
        var latest: [String: Period] = [:]
        var seen: Set<String> = []
        for back in 1...Self.comparisonWindow {
            let earlier = Period(ordinal: period.ordinal - back)
            for code in try store.communeCodes(in: earlier) where latest[code] == nil {
                latest[code] = earlier
                seen.insert(code)
            }
        }
        var reports: [String: LastReport] = [:]
        for earlier in Set(latest.values).sorted() {
            let ranked = try rankings(for: earlier)
            scores[earlier] = Self.scores(ranked)
            for result in ranked.lazy.flatMap(\.communes)
            where latest[result.unit.communeCode] == earlier && result.imputedFrom == nil {
                reports[result.unit.communeCode] = LastReport(result, in: earlier)
            }
        }
        if let register = directory.version(for: period) {
            let provincesSeen = Set(seen.compactMap { register.unit(code: $0)?.provinceCode })
            if provincesSeen.count < register.provinceCodes.count {
                seen.formUnion(try store.communeCodesWithSubmissions(through: period.previous))
            }
        }
        return (reports, seen, scores)
    }

    /// Rankings of every province of the period's register, without movement. With
    /// carry-forward, a commune missing from the period is ranked on its latest submission of
    /// the months before (at most `carryForwardMonths` back), when it is a unit of this
    /// period's register.
    func rankings(for period: Period) throws -> [ProvinceResult] {
        guard let register = directory.version(for: period) else { throw BuildError.noRegister(period) }
        var submissions = try store.currentSubmissions(for: period)
        if indicatorSet.carryForwardMonths > 0 {
            for back in 1...indicatorSet.carryForwardMonths {
                for (code, earlier) in try store.currentSubmissions(for: Period(ordinal: period.ordinal - back))
                where submissions[code] == nil && register.unit(code: code) != nil {
                    submissions[code] = earlier
                }
            }
        }
        return register.provinceCodes.map { province in
            ProvinceResult.rank(period: period, register: register, provinceCode: province,
                                submissions: submissions, indicatorSet: indicatorSet)
        }
    }
}
