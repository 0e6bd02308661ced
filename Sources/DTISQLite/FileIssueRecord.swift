import DTICore
import GRDB

/// A row of `file_issue`: one validation issue of a received file, kept for audit and reports.
struct FileIssueRecord: Sendable, FetchableRecord {
    static let databaseTableName = "file_issue"

    var fileId: Int64
    var seq: Int
    var code: String
    var severity: String
    var line: Int?
    var column: Int?
    var columnName: String?
    var messageVi: String
    var messageEn: String
    /// The sheet of a workbook the line and column are on.
    var sheet: String?

    init(row: Row) throws {
        fileId = row["file_id"]
        seq = row["seq"]
        code = row["code"]
        severity = row["severity"]
        line = row["line"]
        column = row["column"]
        columnName = row["column_name"]
        messageVi = row["message_vi"]
        messageEn = row["message_en"]
        sheet = row["sheet"]
    }

    func issue(file: String) -> ValidationIssue {
        ValidationIssue(code: code, severity: ValidationIssue.Severity(rawValue: severity) ?? .error, file: file,
                        line: line, column: column, columnName: columnName,
                        message: LocalizedText(vi: messageVi, en: messageEn), sheet: sheet)
    }
}
