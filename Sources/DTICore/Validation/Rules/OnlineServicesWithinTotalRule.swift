/// Online services (partly plus end to end) cannot outnumber the procedures the commune handles.
struct OnlineServicesWithinTotalRule: RowRule {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        guard readable.contains(.servicesOnlinePartial, .servicesOnlineFull, .servicesTotal) else { return }
        let partial = row.figures[.servicesOnlinePartial], full = row.figures[.servicesOnlineFull]
        let total = row.figures[.servicesTotal]
        guard partial + full > total else { return }
        let (p, f, sum, t) = (LocalizedText.number(partial), LocalizedText.number(full),
                              LocalizedText.number(partial + full), LocalizedText.number(total))
        let partName = location.name(of: .figure(.servicesOnlinePartial))
        let fullName = location.name(of: .figure(.servicesOnlineFull))
        let totalName = location.name(of: .figure(.servicesTotal))
        issues.add(location.issue(.servicesExceedTotal, at: .figure(.servicesOnlineFull), LocalizedText(
            vi: "“\(partName)” (\(p.vi)) cộng “\(fullName)” (\(f.vi)) là \(sum.vi), nhiều hơn “\(totalName)” (\(t.vi)); mỗi thủ tục chỉ được tính một lần.",
            en: "“\(partName)” (\(p.en)) plus “\(fullName)” (\(f.en)) make \(sum.en), more than “\(totalName)” (\(t.en)); each procedure counts once.")))
    }
}
