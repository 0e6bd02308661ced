import Foundation
import GRDB

/// Records received files and their rows inside the caller's transaction.
///
/// The hot path of a history rebuild (hundreds of thousands of rows), so it speaks SQL
/// through cached prepared statements and binds plain values; no Codable record on the way.
final class SubmissionWriter {
    let db: Database
    let receivedAt: String
    /// Latest revision of each commune and period seen so far; see `latestRevision`.
    private var latestRevisions: [RowKey: Int] = [:]
    private var periodsRead: Set<Period> = []

    init(db: Database, at date: Date) {
        self.db = db
        // `2026-11-01T08:30:00Z`, formatted once for the whole batch.
        self.receivedAt = ISO8601DateFormatter().string(from: date)
    }

    /// The figure columns, in `Figure.allCases` order: their SQL names are the canonical names.
    static let figureColumns = Figure.allCases.map(\.rawValue).joined(separator: ", ")

    func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64? = nil) throws -> FileReceipt {
        var receipt = FileReceipt(fileName: validation.fileName, sha256: validation.sha256,
                                  outcome: validation.isAccepted ? .accepted : .refused, issues: validation.issues)
        let earlier = try RawStatement(db, sql: "SELECT status FROM received_file WHERE sha256 = ?")
        earlier.reset()
        defer { earlier.reset() }
        try earlier.bind(validation.sha256, at: 1)
        if try earlier.step() {
            receipt.outcome = .alreadyReceived(accepted: earlier.text(at: 0) == "accepted")
            return receipt
        }
        let insertFile = try RawStatement(db, sql: """
            INSERT INTO received_file
                (sha256, name, source, received_at, status, row_count, error_count, warning_count, content, key_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertFile.reset()
        try insertFile.bind(validation.sha256, at: 1)
        try insertFile.bind(validation.fileName, at: 2)
        try insertFile.bind(source, at: 3)
        try insertFile.bind(receivedAt, at: 4)
        try insertFile.bind(validation.isAccepted ? "accepted" : "refused", at: 5)
        try insertFile.bind(validation.rows.count, at: 6)
        try insertFile.bind(validation.issues.errorCount, at: 7)
        try insertFile.bind(validation.issues.warningCount, at: 8)
        try insertFile.bind(blob: content, at: 9)
        try insertFile.bind(keyID.map(Int.init), at: 10)
        _ = try insertFile.step()
        let fileID = db.lastInsertedRowID
        if !validation.issues.issues.isEmpty {
            let insertIssue = try RawStatement(db, sql: """
                INSERT INTO file_issue (file_id, seq, code, severity, line, "column", column_name, message_vi, message_en)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (seq, issue) in validation.issues.issues.enumerated() {
                insertIssue.reset()
                try insertIssue.bind(Int(fileID), at: 1)
                try insertIssue.bind(seq + 1, at: 2)
                try insertIssue.bind(issue.code, at: 3)
                try insertIssue.bind(issue.severity.rawValue, at: 4)
                try insertIssue.bind(issue.line, at: 5)
                try insertIssue.bind(issue.column, at: 6)
                try insertIssue.bind(issue.columnName, at: 7)
                try insertIssue.bind(issue.message.vi, at: 8)
                try insertIssue.bind(issue.message.en, at: 9)
                _ = try insertIssue.step()
            }
        }
        guard validation.isAccepted else { return receipt }

        let insert = try RawStatement(db, sql: """
            INSERT INTO submission (file_id, line, commune_code, period, revision, \(Self.figureColumns), commune_name, notes)
            VALUES (?, ?, ?, ?, ?, \(Array(repeating: "?", count: Figure.allCases.count).joined(separator: ", ")), ?, ?)
            """)
        receipt.rows.reserveCapacity(validation.rows.count)
        for row in validation.rows {
            let period = row.period.description
            var revision = 1
            let key = RowKey(communeCode: row.communeCode, period: row.period)
            if let current = try latestRevision(key) {
                if try stored(revision: current, period: period, communeCode: row.communeCode, says: row) {
                    receipt.unchangedRows += 1
                    receipt.rows.append(RowOutcome(line: row.line, communeCode: row.communeCode, period: row.period,
                                                   revision: current, kind: .unchanged))
                    continue
                }
                revision = current + 1
                receipt.corrections += 1
            }
            receipt.rows.append(RowOutcome(line: row.line, communeCode: row.communeCode, period: row.period,
                                           revision: revision, kind: revision == 1 ? .new : .correction))
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
            latestRevisions[key] = revision
            receipt.newRevisions += 1
        }
        return receipt
    }

    /// The latest revision number stored for a commune and period. Each period's numbers are
    /// read once, in one query, the first time the period comes up in this writer's transaction;
    /// this writer keeps them current as it inserts.
    private func latestRevision(_ key: RowKey) throws -> Int? {
        if periodsRead.insert(key.period).inserted {
            let query = try RawStatement(db, sql: "SELECT commune_code, max(revision) FROM submission WHERE period = ? GROUP BY commune_code")
            query.reset()
            try query.bind(key.period.description, at: 1)
            while try query.step() {
                latestRevisions[RowKey(communeCode: query.text(at: 0)!, period: key.period)] = query.int(at: 1)
            }
        }
        return latestRevisions[key]
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
