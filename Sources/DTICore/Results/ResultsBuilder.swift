/// Scores and ranks every province for a run of periods from the store, with each commune's
/// change against the last earlier period (within `Movement.comparisonWindow` months) in which it reported.
///
/// Periods are walked in order, carrying each commune's latest standing forward (`Movement`),
/// so a report for sixty months ranks each month once and never rescans the history. The
/// figures of a period come from `PeriodFigures`; a province's result is made whole, once, by
/// `ProvinceResult.rank` against a `Comparison`.
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
    /// and years have none: the flags judge a month against the months before). With
    /// `monthStatus`, each month's results carry its state (`MonthStatus`), unless it is
    /// expressed in the units of a later register (its deadlines were another register's).
    public func walk(_ periods: [Span], provinces: Set<String>? = nil, qualityFlags: Bool = false, monthStatus: Bool = false,
                     _ body: (Span, [ProvinceResult]) throws -> Void) throws {
        try walk(periods, provinces: provinces, qualityFlags: qualityFlags, monthStatus: monthStatus) { period, wanted, _ in
            try body(period, wanted)
        }
    }

    /// See `walk(_:provinces:qualityFlags:monthStatus:_:)`; `body` gets every province of the
    /// register as well, those nobody reported for too (what the country expected).
    func walk(_ periods: [Span], provinces: Set<String>?, qualityFlags: Bool, monthStatus: Bool,
              _ body: (Span, _ wanted: [ProvinceResult], _ all: [ProvinceResult]) throws -> Void) throws {
        var movement = Movement()
        var history = QualityHistory()
        var previousPeriod: Span?
        for period in periods.sorted() {
            let flagged = qualityFlags && period.kind == .month
            if previousPeriod != period.previous {
                movement = try Movement(before: period, builder: self)
                if flagged { history = try QualityHistory(store: store, before: period.first, indicatorSet: indicatorSet) }
            }
            previousPeriod = period
            guard let register = register(for: period) else { throw BuildError.noRegister(period.last) }
            let figures = try figures(for: period, in: register)
            let status = monthStatus && period.kind == .month && !figures.acrossReform
                ? try MonthStatus.build(period: period.first, deadlineDay: indicatorSet.deadlineDay,
                                        carryForwardMonths: indicatorSet.carryForwardMonths, store: store, directory: directory)
                : nil
            let comparison = Comparison(previous: movement.standings, scoresByPeriod: movement.scoresByPeriod,
                                        quality: flagged ? history.judge(figures, in: register, indicatorSet: indicatorSet) : nil,
                                        status: status)
            let current = register.provinceCodes.map { province in
                ProvinceResult.rank(figures, register: register, provinceCode: province, indicatorSet: indicatorSet,
                                    comparison: comparison)
            }
            if flagged { history.remember(current, indicatorSet: indicatorSet) }
            movement.remember(current, in: period)
            let wanted = provinces ?? Set(movement.reportedSoFar.compactMap { register.unit(code: $0)?.provinceCode })
            try body(period, current.filter { wanted.contains($0.provinceCode) }, current)
        }
    }

    /// See `walk(_:provinces:qualityFlags:monthStatus:_:)`, month by month.
    public func walk(_ months: [Period], provinces: Set<String>? = nil, qualityFlags: Bool = false,
                     _ body: (Period, [ProvinceResult]) throws -> Void) throws {
        try walk(months.map(Span.init), provinces: provinces, qualityFlags: qualityFlags) { try body($0.first, $1) }
    }

    /// Rankings of every province of the period's register, with no comparison (no movement,
    /// flags or state). In the units of `target` when given (a later register than the
    /// period's own).
    func rankings(for period: Span, in target: RegisterVersion? = nil) throws -> [ProvinceResult] {
        guard let register = target ?? register(for: period) else { throw BuildError.noRegister(period.last) }
        let figures = try figures(for: period, in: register)
        return register.provinceCodes.map { province in
            ProvinceResult.rank(figures, register: register, provinceCode: province, indicatorSet: indicatorSet)
        }
    }
}

extension ResultsBuilder.BuildError: ExitStatusError {
    public var exitStatus: ExitStatus { .noInput }
}

extension ResultsBuilder.BuildError {
    public var message: LocalizedText {
        switch self {
        case .noRegister(let period):
            LocalizedText(vi: "chưa có danh mục đơn vị áp dụng cho \(period.monthName(.vi)); hãy nạp bằng: dti units import TỆP",
                          en: description)
        case .noSuccession(let period, let register):
            LocalizedText(vi: "không thể tính \(period.monthName(.vi)) theo đơn vị của danh mục \(register): chưa có bảng kế thừa nối hai danh mục; hãy nạp bằng: dti units import-succession data/registers/vn_succession_2025-07.csv",
                          en: description)
        }
    }
}
