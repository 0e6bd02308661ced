import Foundation

/// When the file names the commune, the name should be the register's (a warning only: the
/// code decides). Names are compared as `AdministrativeUnit.sameName` does: “Hòa” is “Hoà”.
struct CommuneNameMatchesRule: RowRule {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector) {
        guard readable.hasCommuneAndPeriod, let written = row.communeName,
              let unit = context.directory.unit(code: row.communeCode, for: row.period)
        else { return }
        if written == unit.communeName { return }  // the usual case, without normalising
        guard !AdministrativeUnit.sameName(written, unit.communeName),
              !AdministrativeUnit.sameName(written, unit.communeType + " " + unit.communeName) else { return }
        issues.add(location.issue(.communeNameMismatch, at: .communeName, LocalizedText(
            vi: "Tên xã “\(Quoted.text(written))” khác tên trong danh mục cho mã \(row.communeCode): “\(unit.communeName)”. Số liệu vẫn được nhận theo mã xã.",
            en: "Commune name “\(Quoted.text(written))” differs from the register’s name for code \(row.communeCode): “\(unit.communeName)”. The figures are still accepted under the code.")))
    }
}
