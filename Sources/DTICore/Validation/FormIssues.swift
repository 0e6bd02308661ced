/// What an officer is told when a row and the form of its month disagree: a field that came
/// in later, or one its month's form requires and the file lacks. Both name the form's version.
enum FormIssues {
    /// `since`: the month the field came in (after `period`).
    static func notInForm(_ field: FormField, since: Period, column: SubmissionColumn, period: Period, form: Form,
                          at location: RowLocation) -> ValidationIssue {
        let name = location.name(of: column)
        return location.issue(.fieldNotInForm, at: column, LocalizedText(
            vi: "“\(name)” có trong mẫu báo cáo từ \(since.monthName(.vi)); dòng này báo cáo \(period.monthName(.vi)), theo mẫu “\(form.version(for: period))”, nên để trống ô này.",
            en: "“\(name)” is on the form from \(since.monthName(.en)); this row reports \(period.monthName(.en)), under the form “\(form.version(for: period, .en))”, so leave the cell empty."))
    }

    /// `since`: the month the field came in (at or before `period`).
    static func columnMissing(_ field: FormField, since: Period, period: Period, form: Form, at location: RowLocation) -> ValidationIssue {
        location.issue(.fieldNotInForm, at: nil, LocalizedText(
            vi: "Thiếu cột “\(field.label.vi)” (\(field.name)), bắt buộc từ \(since.monthName(.vi)) theo mẫu “\(form.version(for: period))”; hãy tải mẫu báo cáo mới của tháng này.",
            en: "Column “\(field.label.vi)” (\(field.name)) is missing; the form “\(form.version(for: period, .en))” requires it from \(since.monthName(.en)); download this month's template."))
    }
}
