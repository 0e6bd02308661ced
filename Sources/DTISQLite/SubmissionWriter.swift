import DTICore
import Foundation
import GRDB

/// Records received files and their rows inside the caller's transaction.
///
/// The hot path of a history rebuild (hundreds of thousands of rows), so it speaks SQL
/// through cached prepared statements and binds plain values; no Codable record on the way.
///
/// What counts is what a commune sent last: every arrival is judged on what it says now.
/// A refused file is validated again each time it comes (its earlier attempts stay in the
/// audit trail). Identical bytes accepted before are a no-op only while their rows are still
/// the commune's current figures; sent again after another correction, they become current
/// again (a new revision).
final class SubmissionWriter: ArrivalWriter {
    let db: Database
    /// When this batch is stored; also when its files reached the department unless a file
    /// says otherwise (an inbox file's modification time, `ingest --received-at`).
    let receivedAt: String
    private let formatter = ISO8601DateFormatter()
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


    /// Records one arrival. `superseded` rows (a later file of the same batch sends the same
    /// commune and period) are not stored.
    func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64? = nil,
                resent: Resent = .makeCurrent, superseded: Set<RowKey> = [], arrivedAt: Date? = nil) throws -> FileReceipt {
        try recordArrival(validation, content: content, source: source, keyID: keyID, resent: resent, superseded: superseded,
                          arrivedAt: arrivedAt)
    }

    private func recordArrival(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64?,
                               resent: Resent, superseded: Set<RowKey>, arrivedAt: Date?) throws -> FileReceipt {
        var receipt = FileReceipt(fileName: validation.fileName, sha256: validation.sha256,
                                  outcome: validation.isAccepted ? .accepted : .refused, issues: validation.issues)
        var plan: [RowOutcome] = []
        if validation.isAccepted {
            plan = try outcomes(of: validation.rows, superseded: superseded)
            receipt.rows = plan
            if try wasAcceptedBefore(validation.sha256) {
                let changed = plan.filter { $0.kind == .new || $0.kind == .correction }
                if changed.isEmpty || resent == .hold {
                    receipt.outcome = .alreadyReceived
                    receipt.unchangedRows = plan.count { $0.kind == .unchanged }
                    receipt.resentRows = changed.map { RowKey(communeCode: $0.communeCode, period: $0.period) }
                    return receipt
                }
            }
        }
        let fileID = try insertArrival(validation, content: content, source: source, keyID: keyID,
                                       arrivedAt: arrivedAt.map(formatter.string(from:)) ?? receivedAt)
        guard validation.isAccepted else {
            try insertRefusedRows(validation, fileID: fileID)
            return receipt
        }

        let insert = try RawStatement(db, sql: """
            INSERT INTO submission (file_id, line, commune_code, period, revision, \(Self.figureColumns), commune_name, notes)
            VALUES (?, ?, ?, ?, ?, \(Array(repeating: "?", count: Figure.allCases.count).joined(separator: ", ")), ?, ?)
            """)
        for (row, outcome) in zip(validation.rows, plan) {
            switch outcome.kind {
            case .unchanged: receipt.unchangedRows += 1
            case .superseded: receipt.supersededRows += 1
            case .new, .correction:
                insert.reset()
                try insert.bind(Int(fileID), at: 1)
                try insert.bind(row.line, at: 2)
                try insert.bind(row.communeCode, at: 3)
                try insert.bind(row.period.description, at: 4)
                try insert.bind(outcome.revision, at: 5)
                for (index, value) in row.figures.values.enumerated() {
                    try insert.bind(value, at: Int32(6 + index))
                }
                let next = Int32(6 + Figure.allCases.count)
                try insert.bind(row.communeName, at: next)
                try insert.bind(row.notes, at: next + 1)
                _ = try insert.step()
                latestRevisions[RowKey(communeCode: row.communeCode, period: row.period)] = outcome.revision
                receipt.newRevisions += 1
                if outcome.kind == .correction { receipt.corrections += 1 }
            }
        }
        return receipt
    }

    /// What storing each row would do, against the revisions current now.
    private func outcomes(of rows: [SubmissionRow], superseded: Set<RowKey>) throws -> [RowOutcome] {
        var plan: [RowOutcome] = []
        plan.reserveCapacity(rows.count)
        for row in rows {
            let key = RowKey(communeCode: row.communeCode, period: row.period)
            let current = try latestRevision(key)
            let kind: RowOutcome.Kind
            var revision = (current ?? 0) + 1
            if superseded.contains(key) {
                (kind, revision) = (.superseded, current ?? 0)
            } else if let current {
                if try stored(revision: current, period: row.period.description, communeCode: row.communeCode, says: row) {
                    (kind, revision) = (.unchanged, current)
                } else {
                    kind = .correction
                }
            } else {
                kind = .new
            }
            plan.append(RowOutcome(line: row.line, communeCode: row.communeCode, period: row.period,
                                   revision: revision, kind: kind))
        }
        return plan
    }

    private func wasAcceptedBefore(_ sha256: String) throws -> Bool {
        let query = try RawStatement(db, sql: "SELECT 1 FROM received_file WHERE sha256 = ? AND status = 'accepted' LIMIT 1")
        query.reset()
        defer { query.reset() }
        try query.bind(sha256, at: 1)
        return try query.step()
    }

    /// Stores the arrival: its bytes (once per distinct content), when and from where it came,
    /// the verdict and its issues. Returns the arrival's id.
    private func insertArrival(_ validation: FileValidation, content: [UInt8], source: String,
                               keyID: Int64?, arrivedAt: String) throws -> Int64 {
        let insertContent = try RawStatement(db, sql: "INSERT INTO file_content (sha256, content) VALUES (?, ?) ON CONFLICT DO NOTHING")
        insertContent.reset()
        try insertContent.bind(validation.sha256, at: 1)
        try insertContent.bind(blob: content, at: 2)
        _ = try insertContent.step()
        let insertFile = try RawStatement(db, sql: """
            INSERT INTO received_file
                (sha256, name, source, received_at, status, row_count, error_count, warning_count, key_id, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertFile.reset()
        try insertFile.bind(validation.sha256, at: 1)
        try insertFile.bind(validation.fileName, at: 2)
        try insertFile.bind(source, at: 3)
        try insertFile.bind(arrivedAt, at: 4)
        try insertFile.bind(validation.isAccepted ? "accepted" : "refused", at: 5)
        try insertFile.bind(validation.rows.count, at: 6)
        try insertFile.bind(validation.issues.errorCount, at: 7)
        try insertFile.bind(validation.issues.warningCount, at: 8)
        try insertFile.bind(keyID.map(Int.init), at: 9)
        try insertFile.bind(receivedAt, at: 10)
        _ = try insertFile.step()
        let fileID = db.lastInsertedRowID
        if !validation.issues.issues.isEmpty {
            let insertIssue = try RawStatement(db, sql: """
                INSERT INTO file_issue (file_id, seq, code, severity, line, "column", column_name, message_vi, message_en, sheet)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                try insertIssue.bind(issue.sheet, at: 10)
                _ = try insertIssue.step()
            }
        }
        return fileID
    }

    /// Which communes and months a refused file spoke for (its rows are not stored).
    private func insertRefusedRows(_ validation: FileValidation, fileID: Int64) throws {
        guard !validation.mentions.isEmpty else { return }
        let insert = try RawStatement(db, sql: "INSERT OR IGNORE INTO refused_row (file_id, line, commune_code, period) VALUES (?, ?, ?, ?)")
        for mention in validation.mentions {
            insert.reset()
            try insert.bind(Int(fileID), at: 1)
            try insert.bind(mention.line, at: 2)
            try insert.bind(mention.communeCode, at: 3)
            try insert.bind(mention.period.description, at: 4)
            _ = try insert.step()
        }
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
