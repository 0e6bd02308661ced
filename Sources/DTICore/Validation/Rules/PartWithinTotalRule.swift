/// A part cannot exceed its total: villages with fibre ≤ villages, and so on.
struct PartWithinTotalRule: RowRule {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        for figure in Figure.allCases {
            guard let total = figure.total, readable.contains(figure, total),
                  row.figures[figure] > row.figures[total] else { continue }
            let part = location.name(of: .figure(figure)), whole = location.name(of: .figure(total))
            let value = LocalizedText.number(row.figures[figure]), limit = LocalizedText.number(row.figures[total])
            issues.add(location.issue(.partExceedsTotal, at: .figure(figure), LocalizedText(
                vi: "“\(part)” (\(value.vi)) lớn hơn “\(whole)” (\(limit.vi)); số này không thể vượt tổng số, kiểm tra lại một trong hai ô.",
                en: "“\(part)” (\(value.en)) is more than “\(whole)” (\(limit.en)); a part cannot exceed its total, check both cells.")))
        }
    }
}
