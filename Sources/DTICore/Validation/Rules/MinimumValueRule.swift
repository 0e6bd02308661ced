/// Counts are never negative, and the totals that indicators divide by are at least 1.
struct MinimumValueRule: RowRule {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        for figure in Figure.allCases where readable.contains(figure) && row.figures[figure] < figure.minimum {
            let name = location.name(of: .figure(figure))
            let value = LocalizedText.number(row.figures[figure])
            issues.add(location.issue(.valueBelowMinimum, at: .figure(figure), LocalizedText(
                vi: "“\(name)” phải từ \(figure.minimum) trở lên; đã ghi \(value.vi).",
                en: "“\(name)” must be at least \(figure.minimum); found \(value.en).")))
        }
    }
}
