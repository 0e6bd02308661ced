import DTICore
import Foundation

/// The JSON documents the API answers with; `docs/openapi.json` describes the same shapes.
enum APIDocuments {
    struct Message: Encodable {
        var vi: String
        var en: String

        init(_ text: LocalizedText) {
            vi = text.vi
            en = text.en
        }
    }

    /// A problem with a file or a row, as `dti ingest` reports it.
    struct Issue: Encodable {
        var rule: String
        var severity: String
        var line: Int?
        var column: Int?
        var columnName: String?
        /// In a workbook: the sheet, and the cell as Excel names it (`'Báo cáo'!F7`).
        var sheet: String?
        var cell: String?
        var message: Message

        init(_ issue: ValidationIssue) {
            rule = issue.code
            severity = issue.severity.rawValue
            line = issue.line
            column = issue.column
            columnName = issue.columnName
            sheet = issue.sheet
            cell = issue.sheet.flatMap { sheet in
                issue.line.map { WorkbookTable.cellName(sheet: sheet, row: $0, column: issue.column) }
            }
            message = Message(issue.message)
        }
    }

    /// The answer to any request that is turned away before or instead of storing anything.
    struct Failure: Encodable {
        struct Body: Encodable {
            var code: String
            var message: Message
        }

        var error: Body
        /// The rows concerned, when the failure is about rows (a key's scope).
        var issues: [Issue]?

        init(_ code: FailureCode, _ message: LocalizedText, issues: [ValidationIssue]? = nil) {
            error = Body(code: code.rawValue, message: Message(message))
            self.issues = issues.map { $0.map(Issue.init) }
        }

        /// The message in `language`, for a page.
        func message(_ language: Language) -> String { language == .vi ? error.message.vi : error.message.en }
    }

    /// The answer to an upload that was stored (201, 200 or 422).
    struct Receipt: Encodable {
        struct File: Encodable {
            var name: String
            var sha256: String
            var bytes: Int
            var receivedAt: String
        }

        struct RowResult: Encodable {
            var line: Int
            var communeCode: String
            /// Type and name from the register (“Phường 1”), so an officer sees the right unit was credited.
            var communeName: String?
            var period: String
            /// “tháng 10/2026”, “October 2026”.
            var periodName: Message
            var revision: Int
            var result: String
            /// The row's figures as stored, by canonical column name.
            var figures: [String: Int]?
        }

        /// `accepted`, `refused` or `already-received`.
        var status: String
        var file: File
        var rows: [RowResult]
        var errors: [Issue]
        var warnings: [Issue]
        /// Problems found beyond those listed (a file with thousands of errors lists the first).
        var omittedIssues: Int

        init(_ receipt: FileReceipt, bytes: Int, receivedAt: String, directory: UnitDirectory? = nil) {
            switch receipt.outcome {
            case .accepted: status = "accepted"
            case .refused: status = "refused"
            case .alreadyReceived: status = "already-received"
            }
            file = File(name: receipt.fileName, sha256: receipt.sha256, bytes: bytes, receivedAt: receivedAt)
            rows = receipt.rows.map {
                RowResult(line: $0.line, communeCode: $0.communeCode,
                          communeName: directory?.unit(code: $0.communeCode, for: $0.period)?.fullName,
                          period: $0.period.description,
                          periodName: Message(LocalizedText(vi: $0.period.monthName(.vi), en: $0.period.monthName(.en))),
                          revision: $0.revision, result: $0.kind.rawValue,
                          figures: receipt.figuresByLine[$0.line]?.byName)
            }
            errors = receipt.issues.issues.filter { $0.severity == .error }.map(Issue.init)
            warnings = receipt.issues.issues.filter { $0.severity == .warning }.map(Issue.init)
            omittedIssues = receipt.issues.omittedCount
        }
    }

    /// What a commune has sent: every stored revision of its figures, and the files sent with
    /// its keys (refused ones included).
    struct CommuneSubmissions: Encodable {
        struct Revision: Encodable {
            var period: String
            var revision: Int
            var figures: [String: Int]
            var communeName: String?
            var notes: String?
            var file: String
            var sha256: String
            var line: Int
            var receivedAt: String
            var source: String
        }

        struct Upload: Encodable {
            var name: String
            var sha256: String
            var receivedAt: String
            var status: String
            var rows: Int
            var errors: Int
            var warnings: Int
            var key: String
        }

        var communeCode: String
        var submissions: [Revision]
        var uploads: [Upload]

        init(communeCode: String, revisions: [RevisionRecord], uploads: [UploadedFile]) {
            self.communeCode = communeCode
            submissions = revisions.map { record in
                let stored = record.submission
                return Revision(
                    period: stored.period.description, revision: stored.revision,
                    figures: stored.figures.byName,
                    communeName: stored.communeName, notes: stored.notes, file: stored.fileName,
                    sha256: stored.fileSHA256, line: stored.line, receivedAt: record.receivedAt,
                    // A channel or a file name, never a path on the server.
                    source: record.source.hasPrefix("upload with key ") ? record.source : (record.source as NSString).lastPathComponent)
            }
            self.uploads = uploads.map {
                Upload(name: $0.name, sha256: $0.sha256, receivedAt: $0.receivedAt,
                       status: $0.accepted ? "accepted" : "refused", rows: $0.rows, errors: $0.errors,
                       warnings: $0.warnings, key: $0.keyPrefix)
            }
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
