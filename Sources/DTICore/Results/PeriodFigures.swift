/// The figures a period is ranked on, in the units of one register: a month's submissions
/// (through a succession table across a reform, with carry-forward otherwise), or a quarter's
/// or a year's figures gathered by `SpanFigures`, with what a reader must know of them.
public struct PeriodFigures: Sendable {
    public var period: Span
    /// By commune code: the period's submission, a carried-forward one, or the span's figures.
    public var submissions: [String: StoredSubmission]
    /// Communes whose figures are summed over some of their predecessors only.
    public var approximations: [String: Approximation] = [:]
    /// For a quarter or a year: communes that reported in too few of its months to be ranked.
    public var partial: [PartialReporter] = []
    /// For a quarter or a year: the months a commune must have reported in to be ranked.
    public var minimumMonths: Int?
    /// True when figures of a month before a reform were summed over predecessors.
    public var acrossReform = false
    /// For a quarter or a year: each of its months, oldest first, with the communes of the
    /// span's register whose figures count for it; nil for a month that cannot count (its
    /// register has other units and no succession table leads to the span's).
    public var reportersByMonth: [(month: Period, communes: Set<String>?)] = []
}

/// How many communes of a province reported in one month of a quarter or a year.
public struct MonthReporting: Sendable, Equatable {
    public var month: Period
    /// Communes whose figures count for the month; nil when the month cannot count.
    public var reported: Int?
    /// The province's communes in the span's register.
    public var expected: Int

    /// The share that reported, 0…1; nil when the month cannot count or nobody is expected.
    public var rate: Double? {
        guard let reported, expected > 0 else { return nil }
        return Double(reported) / Double(expected)
    }
}

extension ResultsBuilder {
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

    /// A month's submissions as they count (`MonthReview`: as closed, returned ones left out),
    /// by commune code in the month's own units, and the review they count under.
    func countedSubmissions(for month: Period) throws -> ([String: StoredSubmission], MonthReview) {
        let current = try store.currentSubmissions(for: month)
        let review = try MonthReview.of(month, store: store)
        guard !review.isEmpty else { return (current, review) }
        let units = directory.version(for: month)
        let counted = try review.counted(current, provinceOf: { units?.unit(code: $0)?.provinceCode }) { file in
            try store.currentSubmissions(for: month, throughFile: file)
        }
        return (counted, review)
    }

    /// A month's submissions in the units of `target`, with the succession used if any.
    private func submissions(for month: Period, in target: RegisterVersion) throws
        -> (submissions: [String: StoredSubmission], succession: Succession?, review: MonthReview)? {
        guard let crossing = crossing(from: month, to: target) else { return nil }
        let (own, review) = try countedSubmissions(for: month)
        return (crossing.succession.map { $0.convert(own) } ?? own, crossing.succession, review)
    }

    /// The figures `period` is ranked on, in the units of `register`.
    func figures(for period: Span, in register: RegisterVersion) throws -> PeriodFigures {
        period.kind == .month ? try figures(forMonth: period.first, in: register) : try figures(forSpan: period, in: register)
    }

    /// A month's figures. Before a reform, in later units: the summed predecessors, with no
    /// carry-forward. Otherwise, with carry-forward, a commune missing from the month is
    /// ranked on its latest submission of the months before (at most `carryForwardMonths`
    /// back), when it is a unit of the register.
    private func figures(forMonth period: Period, in register: RegisterVersion) throws -> PeriodFigures {
        guard let (converted, succession, review) = try submissions(for: period, in: register) else {
            throw BuildError.noSuccession(period, register.name)
        }
        if let succession {
            return PeriodFigures(period: Span(period), submissions: converted,
                                 approximations: converted.keys.reduce(into: [:]) { $0[$1] = succession.approximation(of: $1) },
                                 acrossReform: true)
        }
        var submissions = converted
        if indicatorSet.carryForwardMonths > 0 {
            for back in 1...indicatorSet.carryForwardMonths {
                // Earlier months as they count; a commune whose figures were returned is not ranked.
                let (earlierMonth, _) = try countedSubmissions(for: Period(ordinal: period.ordinal - back))
                for (code, earlier) in earlierMonth
                where submissions[code] == nil && register.unit(code: code) != nil && review.returns[code] == nil {
                    submissions[code] = earlier
                }
            }
        }
        return PeriodFigures(period: Span(period), submissions: submissions)
    }

    /// A quarter's or a year's figures: a commune's gathered by `SpanFigures` from the months
    /// it reported, kept when those are at least `IndicatorSet.spanMinMonthsShare` of the
    /// span's months. Months under a register with other units and no succession table to
    /// the span's do not count.
    private func figures(forSpan span: Span, in register: RegisterVersion) throws -> PeriodFigures {
        var reports: [String: [StoredSubmission]] = [:]
        var figures = PeriodFigures(period: span, submissions: [:], minimumMonths: span.minimumMonths(share: indicatorSet.spanMinMonthsShare))
        for month in span.months {
            guard let (submissions, succession, _) = try submissions(for: month, in: register) else {
                figures.reportersByMonth.append((month, nil))
                continue
            }
            figures.acrossReform = figures.acrossReform || succession != nil
            var reporters = Set<String>()
            for (code, submission) in submissions where register.unit(code: code) != nil {
                reports[code, default: []].append(submission)
                reporters.insert(code)
                if let approximation = succession?.approximation(of: code) { figures.approximations[code] = approximation }
            }
            figures.reportersByMonth.append((month, reporters))
        }
        for (code, monthly) in reports {
            if monthly.count >= figures.minimumMonths! {
                figures.submissions[code] = SpanFigures.combine(monthly, indicatorSet: indicatorSet)
            } else if let unit = register.unit(code: code) {
                figures.partial.append(PartialReporter(unit: unit, months: monthly.map(\.period)))
            }
        }
        return figures
    }
}
