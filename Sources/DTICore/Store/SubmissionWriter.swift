import Foundation
import GRDB

/// Records received files and their rows inside the caller's transaction.
///
/// The hot path of a history rebuild (hundreds of thousands of rows), so it speaks SQL
/// through cached prepared statements and binds plain values; no Codable record on the way.
final class SubmissionWriter {
    let db: Database
    let receivedAt: String
    /// Latest revision by period, then commune code; see `latestRevision`.
    private var latestRevisions: [String: [String: Int]] = [:]

    init(db: Database, at date: Date) {
        self.db = db
        self.receivedAt = Self.timestamp(date)
    }

    /// `2026-11-01T08:30:00Z`, without building a formatter per file.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }

    /// The figure columns, in `Figure.allCases` order: their SQL names are the canonical names.
    static let figureColumns = Figure.allCases.map(\.rawValue).joined(separator: ", ")

    func record(_ validation: FileValidation, content: [UInt8], source: String) throws -> FileReceipt {
        var receipt = FileReceipt(fileName: validation.fileName, sha256: validation.sha256,
                                  outcome: validation.isAccepted ? .accepted : .refused, issues: validation.issues)
        let earlier = try db.cachedStatement(sql: "SELECT status FROM received_file WHERE sha256 = ?")
        if let status = try String.fetchOne(earlier, arguments: [validation.sha256]) {
            receipt.outcome = .alreadyReceived(accepted: status == "accepted")
            return receipt
        }
        try db.cachedStatement(sql: """
            INSERT INTO received_file
                (sha256, name, source, received_at, status, row_count, error_count, warning_count, content)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                validation.sha256, validation.fileName, source, receivedAt,
                validation.isAccepted ? "accepted" : "refused", validation.rows.count,
                validation.issues.errorCount, validation.issues.warningCount, Data(content),
            ])
        let fileID = db.lastInsertedRowID
        if !validation.issues.issues.isEmpty {
            let insertIssue = try db.cachedStatement(sql: """
                INSERT INTO file_issue (file_id, seq, code, severity, line, "column", column_name, message_vi, message_en)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (seq, issue) in validation.issues.issues.enumerated() {
                try insertIssue.execute(arguments: [
                    fileID, seq + 1, issue.code, issue.severity.rawValue, issue.line, issue.column,
                    issue.columnName, issue.message.vi, issue.message.en,
                ])
            }
        }
        guard validation.isAccepted else { return receipt }

        let insert = try RawStatement(db, sql: """
            INSERT INTO submission (file_id, line, commune_code, period, revision, \(Self.figureColumns), commune_name, notes)
            VALUES (?, ?, ?, ?, ?, \(Array(repeating: "?", count: Figure.allCases.count).joined(separator: ", ")), ?, ?)
            """)
        for row in validation.rows {
            let period = row.period.description
            var revision = 1
            if let current = try latestRevision(period: period, communeCode: row.communeCode) {
                if try stored(revision: current, period: period, communeCode: row.communeCode, says: row) {
                    receipt.unchangedRows += 1
                    continue
                }
                revision = current + 1
                receipt.corrections += 1
            }
            insert.reset()
            try insert.bind(Int(fileID), at: 1)
            try insert.bind(row.line, at: 2)
            try insert.bind(row.communeCode, at: 3)
            try insert.bind(period, at: 4)
            try insert.bind(revision, at: 5)
            for (index, value) in row.figures.values.enumerated() {
                try insert.bind(value, at: Int32(6 + index))
            }
            let next = Int32(6 + Figure.allCases.count)
            try insert.bind(row.communeName, at: next)
            try insert.bind(row.notes, at: next + 1)
            _ = try insert.step()
            latestRevisions[period, default: [:]][row.communeCode] = revision
            receipt.newRevisions += 1
        }
        return receipt
    }

    /// The latest revision number stored for a commune and period. Each period's numbers are
    /// read once, in one query, the first time the period comes up in this writer's transaction;
    /// this writer keeps them current as it inserts.
    private func latestRevision(period: String, communeCode: String) throws -> Int? {
        if let known = latestRevisions[period] { return known[communeCode] }
        let query = try RawStatement(db, sql: "SELECT commune_code, max(revision) FROM submission WHERE period = ? GROUP BY commune_code")
        query.reset()
        try query.bind(period, at: 1)
        var known: [String: Int] = [:]
        while try query.step() {
            known[query.text(at: 0)!] = query.int(at: 1)
        }
        latestRevisions[period] = known
        return known[communeCode]
    }

    /// True when the stored `revision` says exactly what the new row says (so the row is not
    /// a new revision).
    private func stored(revision: Int, period: String, communeCode: String, says row: SubmissionRow) throws -> Bool {
        let query = try RawStatement(db, sql: """
            SELECT \(Self.figureColumns), commune_name, notes FROM submission
            WHERE period = ? AND commune_code = ? AND revision = ?
            """)
        query.reset()
        defer { query.reset() }
        try query.bind(period, at: 1)
        try query.bind(communeCode, at: 2)
        try query.bind(revision, at: 3)
        guard try query.step() else { return false }
        for (index, value) in row.figures.values.enumerated() where query.int(at: Int32(index)) != value {
            return false
        }
        let count = Int32(Figure.allCases.count)
        return query.text(at: count) == row.communeName && query.text(at: count + 1) == row.notes
    }
}
