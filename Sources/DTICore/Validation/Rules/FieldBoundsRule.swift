/// Counts are never negative, the totals that indicators divide by are at least 1, and a
/// score stays within its scale: each field within its form's `min` and `max`.
struct FieldBoundsRule: RowRule {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        let form = context.form
        // Runs for every field of every row: nothing is said (or quoted) unless a value is out
        // of bounds; the contract's figures are read where they lie.
        let outOfBounds = row.figures.values.withUnsafeBufferPointer { values in
            form.bounds.indices.compactMap { index -> (index: Int, found: Int)? in
                guard let bounds = form.bounds[index], readable.contains(.field(index)),
                      let found = index < values.count ? values[index] : row.figures.extras[form.fields[index].name],
                      found < bounds.minimum || bounds.maximum.map({ found > $0 }) == true else { return nil }
                return (index, found)
            }
        }
        for (index, found) in outOfBounds {
            let field = form.fields[index]
            let column = form.column(ofField: index)
            let name = location.name(of: column)
            let value = LocalizedText.number(found)
            if found < field.minimum {
                issues.add(location.issue(.valueBelowMinimum, at: column, LocalizedText(
                    vi: "“\(name)” phải từ \(field.minimum) trở lên; đã ghi \(value.vi).",
                    en: "“\(name)” must be at least \(field.minimum); found \(value.en).")))
            } else if let maximum = field.maximum {
                issues.add(location.issue(.valueAboveMaximum, at: column, LocalizedText(
                    vi: "“\(name)” phải từ \(field.minimum) đến \(maximum); đã ghi \(value.vi).",
                    en: "“\(name)” must be from \(field.minimum) to \(maximum); found \(value.en).")))
            }
        }
    }
}
