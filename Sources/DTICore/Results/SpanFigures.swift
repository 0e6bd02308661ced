/// A commune's figures for a quarter or a year (contract, “Quarters and years”): each stock
/// field is the value of its latest report in the span, each flow field the sum over the
/// months it reported; which is which comes from the indicator file (`FieldAggregation`).
public enum SpanFigures {
    /// The span's submission made of `reports`, one per month reported, oldest first: the
    /// latest report (its file and line, for the method and the sheets) with the flows summed.
    public static func combine(_ reports: [StoredSubmission], indicatorSet: IndicatorSet) -> StoredSubmission {
        precondition(!reports.isEmpty, "a span's figures need at least one report")
        var combined = reports[reports.count - 1]
        guard reports.count > 1 else { return combined }
        var values = combined.figures.values
        for figure in Figure.allCases where indicatorSet.aggregation(of: figure) == .sum {
            values[figure.index] = reports.reduce(0) { $0 + $1.figures.values[figure.index] }
        }
        var figures = Figures(values: values)
        figures.texts = combined.figures.texts  // a text is the latest report's
        // A province's own fields: a stock from the latest report that has it, a flow summed
        // over the months that have it (a month before the field came in has none).
        for field in indicatorSet.form.extras where field.kind != .text {
            let reported = reports.compactMap { $0.figures.extras[field.name] }
            guard let latest = reported.last else { continue }
            figures.extras[field.name] = field.aggregation == .sum ? reported.reduce(0, +) : latest
        }
        combined.figures = figures
        return combined
    }
}

/// A commune that reported in a quarter or a year, but in fewer months than the span needs
/// to rank it (`IndicatorSet.spanMinMonthsShare`).
public struct PartialReporter: Sendable, Equatable {
    public var unit: AdministrativeUnit
    /// The months it reported in, oldest first.
    public var months: [Period]
}
