/// Online services (partly plus end to end) cannot outnumber the procedures the commune handles.
struct OnlineServicesWithinTotalRule: RowRule {
    func check(_ row: SubmissionRow, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        let partial = row.figures[.servicesOnlinePartial], full = row.figures[.servicesOnlineFull]
        let total = row.figures[.servicesTotal]
        guard partial + full > total else { return }
        issues.add(location.issue("services-exceed-total", at: .figure(.servicesOnlineFull), LocalizedText(
            vi: "Dịch vụ công trực tuyến một phần (\(partial)) cộng toàn trình (\(full)) là \(partial + full), nhiều hơn “\(location.name(of: .figure(.servicesTotal)))” (\(total)); mỗi thủ tục chỉ được tính một lần.",
            en: "Online services partly (\(partial)) plus end to end (\(full)) make \(partial + full), more than “\(location.name(of: .figure(.servicesTotal)))” (\(total)); each procedure counts once.")))
    }
}
