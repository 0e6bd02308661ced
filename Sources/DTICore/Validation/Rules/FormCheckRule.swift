/// The form's checks between fields (`[check.ID]`): a part cannot exceed its total (villages
/// with fibre ≤ villages), parts together cannot exceed theirs (online services partly plus
/// end to end ≤ procedures). The message names the cells as the file's header does.
struct FormCheckRule: RowRule {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        let form = context.form
        for (check, fields) in zip(form.checks, form.checkFields) {
            guard let total = value(fields.total), case let parts = fields.parts.map({ ($0, value($0)) }),
                  parts.allSatisfy({ $0.1 != nil }) else { continue }
            let values = parts.map { $0.1!.value }
            let sum = values.reduce(0, +)
            guard sum > total.value else { continue }
            let whole = location.name(of: total.column), limit = LocalizedText.number(total.value)
            let last = parts.last!.1!.column
            if parts.count == 1 {
                let part = location.name(of: last), found = LocalizedText.number(sum)
                let note = check.note ?? LocalizedText(vi: "số này không thể vượt tổng số, kiểm tra lại một trong hai ô",
                                                       en: "a part cannot exceed its total, check both cells")
                issues.add(location.issue(.partExceedsTotal, at: last, LocalizedText(
                    vi: "“\(part)” (\(found.vi)) lớn hơn “\(whole)” (\(limit.vi)); \(note.vi).",
                    en: "“\(part)” (\(found.en)) is more than “\(whole)” (\(limit.en)); \(note.en).")))
            } else {
                let named = parts.map { name, found in
                    (location.name(of: found!.column), LocalizedText.number(found!.value))
                }
                let total = LocalizedText.number(sum)
                let note = check.note ?? LocalizedText(vi: "các số này cộng lại không thể vượt tổng số, kiểm tra lại các ô",
                                                       en: "together they cannot exceed the total, check the cells")
                issues.add(location.issue(.servicesExceedTotal, at: last, LocalizedText(
                    vi: named.map { "“\($0.0)” (\($0.1.vi))" }.joined(separator: " cộng ")
                        + " là \(total.vi), nhiều hơn “\(whole)” (\(limit.vi)); \(note.vi).",
                    en: named.map { "“\($0.0)” (\($0.1.en))" }.joined(separator: " plus ")
                        + " make \(total.en), more than “\(whole)” (\(limit.en)); \(note.en).")))
            }
        }

        /// A field's value and column, when the row has a readable value for it.
        func value(_ index: Int) -> (value: Int, column: SubmissionColumn)? {
            guard readable.contains(.field(index)),
                  let found = row.figures.value(ofField: index, in: form) else { return nil }
            return (found, form.column(ofField: index))
        }
    }
}
