/// What a period's ranking is set against, beyond its own figures: each commune's last
/// standing and the scores of the periods those were in (for movement), the data-quality
/// history (for flags) and the month's state (who sent, when). `ProvinceResult.rank` reads it
/// while it builds each result, so a result is whole when it is made.
public struct Comparison {
    /// Each commune's standing when its last report was ranked, within the comparison window.
    public var previous: [String: Standing] = [:]
    /// Each really reported, ranked commune's DTI, by earlier period: the field against which
    /// a rank change is counted.
    var scoresByPeriod: [Span: [String: Double]] = [:]
    /// The quality flags of this month's submissions, when asked for.
    var quality: QualityJudge?
    /// The state of the month, when the reports were asked for with it.
    public var status: MonthStatus?

    public init() {}

    init(previous: [String: Standing], scoresByPeriod: [Span: [String: Double]], quality: QualityJudge?, status: MonthStatus?) {
        self.previous = previous
        self.scoresByPeriod = scoresByPeriod
        self.quality = quality
        self.status = status
    }

    /// Sets each ranked commune's rank change against its previous standing, counted among the
    /// communes of the province ranked both now and in that earlier period: a commune above it
    /// that did not report in one of the two moves it neither up nor down.
    func setRankChanges(_ communes: inout [CommuneResult]) {
        var groups: [Span: [Int]] = [:]
        for index in communes.indices where communes[index].rank != nil {
            if let previous = communes[index].previous { groups[previous.period, default: []].append(index) }
        }
        for (period, members) in groups {
            let then = scoresByPeriod[period] ?? [:]
            let both = communes.indices.filter { index in
                communes[index].rank != nil && communes[index].score.dti != nil && then[communes[index].unit.communeCode] != nil
            }
            let now = Dictionary(uniqueKeysWithValues: Ranking.competition(both.map {
                (key: $0, value: communes[$0].score.dti!)
            }).map { ($0.key, $0.rank) })
            let before = Dictionary(uniqueKeysWithValues: Ranking.competition(both.map {
                (key: $0, value: then[communes[$0].unit.communeCode]!)
            }).map { ($0.key, $0.rank) })
            for member in members {
                guard let rankNow = now[member], let rankBefore = before[member] else { continue }
                communes[member].rankChange = rankBefore - rankNow
            }
        }
    }
}

/// The data-quality flags of one month's real reports (`DataQuality`): each judged against
/// the commune's reports of the `DataQuality.historyMonths` before, and against the month's
/// other submissions (identical figures).
struct QualityJudge {
    let period: Period
    let indicatorSet: IndicatorSet
    let history: [String: [DataQuality.Report]]
    let identical: [String: [String]]

    func flags(_ code: String, figures: Figures, raw: [Double?]) -> [QualityFlag] {
        let report = DataQuality.Report(period: period, figures: figures, raw: raw, indicatorSet: indicatorSet)
        let oldest = period.ordinal - DataQuality.historyMonths
        return DataQuality.flags(report, history: (history[code] ?? []).filter { $0.period.ordinal >= oldest },
                                 identicalTo: identical[code] ?? [], indicatorSet: indicatorSet)
    }
}

/// Each commune's real reports of the `DataQuality.historyMonths` before the month being
/// ranked, carried forward from month to month as a walk ranks them.
struct QualityHistory {
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

    /// The judge of `figures`, the month's own submissions (carried-forward ones left out).
    func judge(_ figures: PeriodFigures, in register: RegisterVersion, indicatorSet: IndicatorSet) -> QualityJudge {
        let month = figures.period.first
        let own = figures.submissions.filter { $0.value.period == month && register.unit(code: $0.key) != nil }
        return QualityJudge(period: month, indicatorSet: indicatorSet, history: reports,
                            identical: DataQuality.identicalFigures(own.mapValues(\.figures)))
    }

    /// Remembers the month's real reports in `results` and forgets those older than the window.
    mutating func remember(_ results: [ProvinceResult], indicatorSet: IndicatorSet) {
        guard let month = results.first?.period.first else { return }
        let oldest = month.ordinal - DataQuality.historyMonths
        results.forEachCommune { commune in
            guard commune.imputedFrom == nil else { return }
            let report = DataQuality.Report(period: month, figures: commune.submission.figures, raw: commune.score.raw,
                                            indicatorSet: indicatorSet)
            // Mutated in place in the dictionary: no copy of the history per commune.
            reports[commune.unit.communeCode, default: []].removeAll { $0.period.ordinal < oldest }
            reports[commune.unit.communeCode]!.append(report)
        }
    }
}

extension DataQuality {
    /// `identicalFigures(_:)` of stored submissions.
    public static func identicalFigures(_ submissions: [String: StoredSubmission]) -> [String: [String]] {
        identicalFigures(submissions.mapValues(\.figures))
    }
}
