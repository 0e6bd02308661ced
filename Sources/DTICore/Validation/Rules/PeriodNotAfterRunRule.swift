/// A row may not report a month after the period the run is compiling.
struct PeriodNotAfterRunRule: RowRule {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        guard readable.contains(.period), row.period > context.latestPeriod else { return }
        issues.add(location.issue(.periodAfterRun, at: .period, LocalizedText(
            vi: "Kỳ báo cáo \(row.period.monthName(.vi)) là tháng sau kỳ đang tổng hợp (\(context.latestPeriod.monthName(.vi))); không thể báo cáo trước cho tháng chưa kết thúc.",
            en: "Period \(row.period) is after the period being compiled (\(context.latestPeriod)); a month cannot be reported before it ends.")))
    }
}
