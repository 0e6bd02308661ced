/// A commune's standing in an earlier period, for month-over-month change.
public struct Standing: Sendable, Equatable {
    public var period: Span
    public var rank: Int
    public var dti: Double
}

/// One submitting commune's scores and rank for a period.
public struct CommuneResult: Sendable {
    public var unit: AdministrativeUnit
    public var submission: StoredSubmission
    public var score: CommuneScore
    /// Competition rank within the province; nil when no indicator applied (no DTI).
    public var rank: Int?
    /// The last earlier period in which the commune was ranked.
    public var previous: Standing?
    /// Set when the commune sent nothing for the period and its figures of this earlier
    /// period were carried forward (`IndicatorSet.carryForwardMonths`).
    public var imputedFrom: Period?
    /// What a person should check before believing this submission (`DataQuality`).
    public var qualityFlags: [QualityFlag] = []
    /// Set when the figures are those of a period before a reform, summed over some of the
    /// commune's predecessors only (`Succession`).
    public var approximate: Approximation?

    public var dtiChange: Double? {
        guard let dti = score.dti, let previous else { return nil }
        return dti - previous.dti
    }

    /// Places gained since `previous` (positive = moved up), counted among the communes ranked
    /// in both periods only, so that communes that did not report in one of them move nobody
    /// (`Comparison.setRankChanges`).
    public var rankChange: Int?
}

/// A district's standing (registers before July 2025 only): the mean DTI of its submitting communes.
public struct DistrictResult: Sendable {
    public var code: String
    public var name: String
    public var submitting: Int
    public var meanDTI: Double
    public var rank: Int
}

/// The ranking of one province for one period: a month, or a quarter or year (`Span`).
public struct ProvinceResult: Sendable {
    public var period: Span
    public var registerVersion: String
    public var provinceCode: String
    public var provinceName: String
    /// Ranked communes by rank then code, followed by any without a DTI.
    public var communes: [CommuneResult]
    /// Communes of the register that sent nothing for the period.
    public var missing: [AdministrativeUnit]
    public var districts: [DistrictResult]
    /// Who sent what and when against the deadline (`MonthStatus`), when the reports were
    /// asked for with it: splits the missing communes, gives the rates and marks late ones.
    public var status: MonthStatus.Province?
    /// For a quarter or a year: the communes that reported in too few of its months to be
    /// ranked, with the months they reported (they are not in `missing`).
    public var insufficient: [PartialReporter] = []
    /// For a quarter or a year: the months a commune must have reported in to be ranked.
    public var minimumMonths: Int?
    /// True when figures of a month before a reform were summed over predecessors (`Succession`).
    public var acrossReform = false
    /// For a quarter or a year: how many of the province's communes reported in each month.
    public var monthlyReporting: [MonthReporting] = []

    public var expectedCount: Int { communes.count + missing.count + insufficient.count }

    /// Ranks the figures of one province (spec steps 5 and 6), each commune's result made
    /// whole here: its score and rank, and against `comparison` its last standing, its rank
    /// change and its quality flags, and the province's part of the month's state. For a
    /// month, a submission of an earlier month is a carried-forward one; for a quarter or a
    /// year, each submission holds the commune's figures for the span (`SpanFigures`).
    public static func rank(_ figures: PeriodFigures, register: RegisterVersion, provinceCode: String,
                            indicatorSet: IndicatorSet, comparison: Comparison = Comparison()) -> ProvinceResult {
        let period = figures.period
        let units = register.units(inProvince: provinceCode)
        let partial = figures.partial.filter { $0.unit.provinceCode == provinceCode }
        let partialCodes = Set(partial.map(\.unit.communeCode))
        // Results are built once and moved, not copied through dictionaries: at national
        // scale this runs for every commune of every period. `units` is in code order, so
        // positions in `scored` break ties in code order as codes would.
        var reporting: [(unit: AdministrativeUnit, submission: StoredSubmission)] = []
        var missing: [AdministrativeUnit] = []
        for unit in units {
            guard let submission = figures.submissions[unit.communeCode] else {
                if !partialCodes.contains(unit.communeCode) { missing.append(unit) }
                continue
            }
            reporting.append((unit, submission))
        }
        let scores = indicatorSet.score(reporting.map(\.submission.figures))
        // Each result is made once here and later moved out of its slot into its place.
        var slots: [CommuneResult?] = zip(reporting, scores).map { commune, score in
            let code = commune.unit.communeCode
            let imputed = period.kind != .month || commune.submission.period == period.first ? nil : commune.submission.period
            return CommuneResult(
                unit: commune.unit, submission: commune.submission, score: score, previous: comparison.previous[code],
                imputedFrom: imputed,
                qualityFlags: imputed == nil ? comparison.quality?.flags(code, figures: commune.submission.figures, raw: score.raw) ?? [] : [],
                approximate: figures.approximations[code])
        }
        // A commune that misses a mandatory condition under `excluded` keeps its DTI, unranked.
        let excludes = indicatorSet.gateRule == .excluded
        let ranks = Ranking.competition(scores.indices.compactMap { index in
            excludes && !scores[index].failedGates.isEmpty ? nil : scores[index].dti.map { (key: index, value: $0) }
        })
        var ordered: [CommuneResult] = []
        ordered.reserveCapacity(slots.count)
        for entry in ranks {
            slots[entry.key]!.rank = entry.rank
            ordered.append(slots[entry.key].take()!)
        }
        // What is left has no rank: those kept out by a mandatory condition, then those without a DTI.
        for index in slots.indices where slots[index]?.score.dti != nil { ordered.append(slots[index].take()!) }
        for index in slots.indices where slots[index] != nil { ordered.append(slots[index].take()!) }
        comparison.setRankChanges(&ordered)
        return ProvinceResult(
            period: period, registerVersion: register.name, provinceCode: provinceCode,
            provinceName: units.first?.provinceName ?? provinceCode, communes: ordered, missing: missing,
            districts: rankDistricts(ordered), status: comparison.status?.province(provinceCode),
            insufficient: partial.sorted { $0.unit.communeCode < $1.unit.communeCode }, minimumMonths: figures.minimumMonths,
            acrossReform: figures.acrossReform,
            monthlyReporting: figures.reportersByMonth.map { month, communes in
                MonthReporting(month: month, reported: communes.map { reporters in units.count { reporters.contains($0.communeCode) } },
                               expected: units.count)
            })
    }

    /// Ranks `submissions` of one province for `period`, with nothing to compare them with.
    public static func rank(period: Span, register: RegisterVersion, provinceCode: String,
                            submissions: [String: StoredSubmission], indicatorSet: IndicatorSet) -> ProvinceResult {
        rank(PeriodFigures(period: period, submissions: submissions), register: register, provinceCode: provinceCode,
             indicatorSet: indicatorSet)
    }

    private static func rankDistricts(_ communes: [CommuneResult]) -> [DistrictResult] {
        var members: [String: (name: String, scores: [Double])] = [:]
        for index in communes.indices {
            guard let code = communes[index].unit.districtCode, let dti = communes[index].score.dti else { continue }
            members[code, default: (communes[index].unit.districtName ?? code, [])].scores.append(dti)
        }
        let means = members.mapValues { $0.scores.reduce(0, +) / Double($0.scores.count) }
        return Ranking.competition(means.map { (key: $0.key, value: $0.value) }).map { entry in
            DistrictResult(code: entry.key, name: members[entry.key]!.name, submitting: members[entry.key]!.scores.count,
                           meanDTI: means[entry.key]!, rank: entry.rank)
        }
    }
}

extension ProvinceResult {
    /// The ranked communes: the front of `communes` (which lists them first), shared rather
    /// than copied, so that asking for them often costs nothing.
    public var ranked: ArraySlice<CommuneResult> { communes.prefix { $0.rank != nil } }

    /// Communes whose submission has data-quality flags, by code.
    public var flagged: [CommuneResult] {
        communes.filter { !$0.qualityFlags.isEmpty }.sorted { $0.unit.communeCode < $1.unit.communeCode }
    }

    /// Communes ranked on figures carried forward from an earlier period.
    public var imputed: [CommuneResult] { communes.filter { $0.imputedFrom != nil } }

    /// The communes whose figures for the period reached the department after the deadline
    /// (none when the status is unknown).
    public var lateCodes: Set<String> {
        Set(status?.communes.filter { $0.kind.isAccepted && !$0.kind.isOnTime }.map(\.unit.communeCode) ?? [])
    }

    /// Mean DTI of the ranked communes.
    public var meanDTI: Double? { mean(ranked.compactMap(\.score.dti)) }

    /// Mean of each pillar over the communes where it applies, in the set's pillar order.
    public func pillarMeans(count: Int) -> [Double?] {
        (0..<count).map { index in mean(communes.compactMap { $0.score.pillars[index] }) }
    }

    /// Each ranked commune's rank on each pillar, by commune code, in the set's pillar order:
    /// competition ranks on the pillar score, as the official DTI publishes them (nil where
    /// the pillar does not apply).
    public func pillarRanks(count: Int) -> [String: [Int?]] {
        let ranked = self.ranked
        var ranks = Dictionary(uniqueKeysWithValues: ranked.map { ($0.unit.communeCode, [Int?](repeating: nil, count: count)) })
        for pillar in 0..<count {
            let scores = ranked.compactMap { commune in commune.score.pillars[pillar].map { (key: commune.unit.communeCode, value: $0) } }
            for entry in Ranking.competition(scores) { ranks[entry.key]?[pillar] = entry.rank }
        }
        return ranks
    }

    private func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}

extension [ProvinceResult] {
    /// Calls `body` with each commune's result where it lies, province by province: none is
    /// copied out whole, as `for result in results.flatMap(\.communes)` would (a copy retains
    /// a score of references, for each of a country's communes in each period walked).
    func forEachCommune(_ body: (CommuneResult) throws -> Void) rethrows {
        for province in indices {
            for index in self[province].communes.indices { try body(self[province].communes[index]) }
        }
    }
}
