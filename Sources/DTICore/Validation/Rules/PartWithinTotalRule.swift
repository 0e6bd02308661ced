/// A part cannot exceed its total: villages with fibre ≤ villages, and so on.
struct PartWithinTotalRule: RowRule {
    func check(_ row: SubmissionRow, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        for figure in Figure.allCases {
            guard let total = figure.total, row.figures[figure] > row.figures[total] else { continue }
            let part = location.name(of: .figure(figure)), whole = location.name(of: .figure(total))
            let value = row.figures[figure], limit = row.figures[total]
            issues.add(location.issue("part-exceeds-total", at: .figure(figure), LocalizedText(
                vi: "“\(part)” (\(value)) lớn hơn “\(whole)” (\(limit)); số này không thể vượt tổng số, kiểm tra lại một trong hai ô.",
                en: "“\(part)” (\(value)) is more than “\(whole)” (\(limit)); a part cannot exceed its total, check both cells.")))
        }
    }
}
