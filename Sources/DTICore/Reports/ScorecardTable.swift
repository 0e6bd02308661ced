/// The scorecard of a province's ranked communes: one row per commune in rank order, one
/// column per indicator holding its value, judged met / near / missed by the indicator set's
/// `Scorecard`. The HTML report colours each cell; the workbook's sheet gives the same
/// judgement through conditional formats over the raw values (`bounds`), so it holds when the
/// reader sorts the sheet.
struct ScorecardTable {
    var result: ProvinceResult
    var indicatorSet: IndicatorSet
    var language: Language

    var near: Double { indicatorSet.scorecard.near }

    static func title(_ language: Language) -> String {
        language == .vi ? "Bảng điểm theo chỉ số" : "Scorecard by indicator"
    }

    /// “Đạt (đủ mục tiêu)”, “Gần đạt (≥ 80 % điểm tối đa)”, “Chưa đạt”.
    static func label(_ judgement: Scorecard.Judgement, _ near: Double, _ language: Language) -> String {
        let share = ReportNumber.plain(near * 100, language) + " %"
        switch judgement {
        case .met: return language == .vi ? "Đạt (đủ điểm tối đa)" : "Met (full marks)"
        case .near: return language == .vi ? "Gần đạt (từ \(share) điểm tối đa)" : "Near (\(share) of full marks or more)"
        case .missed: return language == .vi ? "Chưa đạt" : "Missed"
        }
    }

    /// The cell colours, light enough for black text and for a grey print.
    static func colour(_ judgement: Scorecard.Judgement) -> String {
        switch judgement {
        case .met: "#cfe8d4"
        case .near: "#fbe7b0"
        case .missed: "#f4c7c3"
        }
    }

    /// The judgement of every ranked commune on every indicator (nil: not applicable, or an
    /// indicator without full marks), in rank order.
    func judgements() -> [[Scorecard.Judgement?]] {
        result.ranked.map { commune in
            zip(indicatorSet.indicators, commune.score.normalised).map { indicator, value in
                indicatorSet.scorecard.judge(value, indicator.normalisation)
            }
        }
    }

    func table() -> ReportDocument.Table {
        let t = { (text: LocalizedText) in text(language) }
        var columns: [ReportDocument.Column] = [.number(t(ReportText.rank)), .text(t(ReportText.commune)), .number(t(ReportText.dti))]
        columns += indicatorSet.indicators.map { .number($0.label(language)) }
        var table = ReportDocument.Table(columns, role: "scorecard")
        for (commune, judged) in zip(result.ranked, judgements()) {
            var row: [ReportDocument.Cell] = [ReportDocument.Cell(commune.rank.map(String.init) ?? "–"), ReportDocument.Cell(commune.unit.fullName),
                                              ReportDocument.Cell(ReportNumber.score(commune.score.dti, language))]
            for (raw, judgement) in zip(commune.score.raw, judged) {
                row.append(ReportDocument.Cell(ReportNumber.percent(raw, language), tone: judgement?.rawValue))
            }
            table.rows.append(row)
        }
        return table
    }

    /// The raw values at which an indicator is met and near, for conditional formats: with
    /// `higher`, met from `met` up and near from `near` up; otherwise met from `met` down and
    /// near from `near` down. Nil for z-scores (no full marks). Min–max reads the population
    /// of the communes ranked together, as scoring does.
    func bounds(_ index: Int) -> (met: Double, near: Double, higher: Bool)? {
        let indicator = indicatorSet.indicators[index]
        let higher = indicator.direction == .higher
        let share = near
        switch indicator.normalisation {
        case .target:
            return higher ? (indicator.target, share * indicator.target, true) : (indicator.target, indicator.target / share, false)
        case .goalposts(let low, let high):
            return higher ? (high, low + share * (high - low), true) : (low, high - share * (high - low), false)
        case .minMax:
            let values = result.communes.compactMap { $0.score.raw[index] }
            guard let low = values.min(), let high = values.max() else { return nil }
            return higher ? (high, low + share * (high - low), true) : (low, high - share * (high - low), false)
        case .zScore:
            return nil
        case .steps(let steps):
            // Met from the first step with full marks, near from the first with `near` of them.
            guard let full = steps.map(\.points).max(), full > 0 else { return nil }
            let ordered = steps.sorted { higher ? $0.from > $1.from : $0.from < $1.from }
            guard let met = ordered.last(where: { $0.points >= full - 1e-9 }),
                  let nearStep = ordered.last(where: { $0.points >= share * full - 1e-9 }) else { return nil }
            return (met.from, nearStep.from, higher)
        }
    }
}
