/// The form's checks between fields (`[check.ID]`): a part cannot exceed its total (villages
/// with fibre ≤ villages), parts together cannot exceed theirs (online services partly plus
/// end to end ≤ procedures). The message names the cells as the file's header does.
struct FormCheckRule: RowRule {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        // Runs for every row: the sums first, read in place; words only for a check a row breaks.
        for (position, total, sum) in Self.brokenChecks(row, readable: readable, in: context.form) {
            let form = context.form, span = form.checkSpans[position]
            let fields = (parts: Array(form.checkParts[span.parts]), total: span.total)
            let check = form.checks[position]
            let whole = location.name(of: form.column(ofField: fields.total)), limit = LocalizedText.number(total)
            let last = form.column(ofField: fields.parts.last!)
            if fields.parts.count == 1 {
                let part = location.name(of: last), found = LocalizedText.number(sum)
                let note = check.note ?? LocalizedText(vi: "số này không thể vượt tổng số, kiểm tra lại một trong hai ô",
                                                       en: "a part cannot exceed its total, check both cells")
                issues.add(location.issue(.partExceedsTotal, at: last, LocalizedText(
                    vi: "“\(part)” (\(found.vi)) lớn hơn “\(whole)” (\(limit.vi)); \(note.vi).",
                    en: "“\(part)” (\(found.en)) is more than “\(whole)” (\(limit.en)); \(note.en).")))
            } else {
                let named = fields.parts.map { index in
                    (location.name(of: form.column(ofField: index)), LocalizedText.number(row.figures.value(ofField: index, in: form) ?? 0))
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
    }

    /// The checks whose parts add up to more than their total (every one of them readable),
    /// by position in `form.checks`, with the total and the sum: none for almost every row,
    /// found without copying the form or the row.
    static func brokenChecks(_ row: SubmissionRow, readable: ReadableCells, in form: Form) -> [(position: Int, total: Int, sum: Int)] {
        return row.figures.values.withUnsafeBufferPointer { values in
            form.checkParts.withUnsafeBufferPointer { parts in
                var broken: [(position: Int, total: Int, sum: Int)] = []
                for (position, check) in form.checkSpans.enumerated() {
                    guard let total = value(check.total, values) else { continue }
                    var sum = 0
                    var complete = true
                    for part in parts[check.parts] {
                        guard let found = value(part, values) else { complete = false; break }
                        sum += found
                    }
                    if complete && sum > total { broken.append((position, total, sum)) }
                }
                return broken
            }
        }

        /// A field's value, when the row has a readable value for it.
        func value(_ index: Int, _ values: UnsafeBufferPointer<Int>) -> Int? {
            guard readable.contains(.field(index)) else { return nil }
            return index < values.count ? values[index] : row.figures.extras[form.fields[index].name]
        }
    }
}
