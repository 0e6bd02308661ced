import Foundation
import GRDB

/// One stored revision of a commune's figures for a period, with when and from where its
/// file was received.
public struct RevisionRecord: Sendable, Equatable {
    public var submission: StoredSubmission
    public var receivedAt: String
    public var source: String
}

extension DTIStore {
    /// Every revision of one commune's figures for one period, oldest first: the audit trail.
    public func revisions(communeCode: String, period: Period) throws -> [RevisionRecord] {
        try queue.read { db in
            let count = Figure.allCases.count
            return try Row.fetchAll(db, sql: """
                SELECT s.revision, \(SubmissionWriter.figureColumns), s.commune_name, s.notes, s.line,
                       f.name, f.sha256, f.received_at, f.source
                FROM submission s JOIN received_file f ON f.id = s.file_id
                WHERE s.period = ? AND s.commune_code = ?
                ORDER BY s.revision
                """, arguments: [period.description, communeCode]).map { row in
                RevisionRecord(
                    submission: StoredSubmission(
                        communeCode: communeCode, period: period, revision: row[0],
                        figures: Figures(values: (0..<count).map { row[1 + $0] }), communeName: row[1 + count],
                        notes: row[2 + count], fileName: row[4 + count], fileSHA256: row[5 + count], line: row[3 + count]),
                    receivedAt: row[6 + count], source: row[7 + count])
            }
        }
    }

    /// For each received file: its name, verdict, rows read and rows stored from it. An accepted
    /// file whose rows all differ from what was stored before has `stored == rows`.
    public func fileRowCounts() throws -> [(name: String, accepted: Bool, rows: Int, stored: Int)] {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.name, f.status, f.row_count, count(s.file_id)
                FROM received_file f LEFT JOIN submission s ON s.file_id = f.id
                GROUP BY f.id ORDER BY f.id
                """).map { row in (row[0], (row[1] as String) == "accepted", row[2], row[3]) }
        }
    }

    /// SQLite's own check of the whole file: "ok", or what is wrong.
    public func integrityCheck() throws -> String {
        try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
    }

    /// Writes a consistent copy of the database to `path` with SQLite's online backup API,
    /// safe while another process ingests. Refuses to overwrite an existing file.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw BackupError.exists(path: path) }
        let destination = try DatabaseQueue(path: path)
        try queue.backup(to: destination)
        try destination.writeWithoutTransaction { db in
            // The copy is a plain single file: no WAL beside it to carry around.
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
        }
        try destination.close()
    }

    public enum BackupError: Error, CustomStringConvertible, ExitStatusError {
        case exists(path: String)

        public var description: String {
            switch self {
            case .exists(let path): "\(path) exists already; choose a new file name (a backup never overwrites)"
            }
        }

        public var exitStatus: ExitStatus { .cannotWrite }
    }
}
