import GRDB

/// A row of `file_issue`: one validation issue of a received file, kept for audit and reports.
struct FileIssueRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "file_issue"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var fileId: Int64
    var seq: Int
    var code: String
    var severity: String
    var line: Int?
    var column: Int?
    var columnName: String?
    var messageVi: String
    var messageEn: String

    init(fileId: Int64, seq: Int, issue: ValidationIssue) {
        self.fileId = fileId
        self.seq = seq
        code = issue.code
        severity = issue.severity.rawValue
        line = issue.line
        column = issue.column
        columnName = issue.columnName
        messageVi = issue.message.vi
        messageEn = issue.message.en
    }

    func issue(file: String) -> ValidationIssue {
        ValidationIssue(code: code, severity: ValidationIssue.Severity(rawValue: severity) ?? .error, file: file,
                        line: line, column: column, columnName: columnName,
                        message: LocalizedText(vi: messageVi, en: messageEn))
    }
}
