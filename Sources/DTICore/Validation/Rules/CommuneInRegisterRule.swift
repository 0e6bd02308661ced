/// The commune code must exist in the unit register in force for the row's period.
struct CommuneInRegisterRule: RowRule {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        guard readable.contains(.period) else { return }
        guard let index = context.directory.versionIndex(for: row.period) else {
            issues.add(location.issue(.noRegisterForPeriod, at: .period, LocalizedText(
                vi: "Chưa có danh mục đơn vị hành chính áp dụng cho \(row.period.monthName(.vi)); Sở cần nạp danh mục (dti units import) trước khi nhận số liệu kỳ này. Khi Sở đã nạp, gửi lại đúng tệp này.",
                en: "No unit register is in force for period \(row.period); the department must import one (dti units import) before figures for it can load. Once it has, send this same file again.")))
            return
        }
        guard readable.contains(.communeCode), !context.directory.versions[index].hasUnit(code: row.communeCode) else { return }
        let version = context.directory.versions[index]
        issues.add(location.issue(.communeUnknown, at: .communeCode, LocalizedText(
            vi: "Mã xã \(row.communeCode) không có trong danh mục đơn vị hành chính (bản \(version.name)) áp dụng cho \(row.period.monthName(.vi)); kiểm tra lại mã xã.",
            en: "Commune code \(row.communeCode) is not in the unit register (version \(version.name)) in force for \(row.period); check the code.")))
    }
}
