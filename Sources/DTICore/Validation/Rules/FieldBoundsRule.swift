/// Counts are never negative, the totals that indicators divide by are at least 1, and a
/// score stays within its scale: each field within its form's `min` and `max`.
struct FieldBoundsRule: RowRule {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        let form = context.form
        for (index, field) in form.fields.enumerated() where field.kind != .yesNo && readable.contains(.field(index)) {
            guard let found = row.figures.value(ofField: index, in: form) else { continue }
            let column = form.column(ofField: index)
            let name = location.name(of: column)
            let value = LocalizedText.number(found)
            if found < field.minimum {
                issues.add(location.issue(.valueBelowMinimum, at: column, LocalizedText(
                    vi: "“\(name)” phải từ \(field.minimum) trở lên; đã ghi \(value.vi).",
                    en: "“\(name)” must be at least \(field.minimum); found \(value.en).")))
            } else if let maximum = field.maximum, found > maximum {
                issues.add(location.issue(.valueAboveMaximum, at: column, LocalizedText(
                    vi: "“\(name)” phải từ \(field.minimum) đến \(maximum); đã ghi \(value.vi).",
                    en: "“\(name)” must be from \(field.minimum) to \(maximum); found \(value.en).")))
            }
        }
    }
}
