import DTICore
import Foundation
import GRDB

extension DTIStore {
    /// Every revision of one commune's figures for one period (or for every period when
    /// `period` is nil), by period and then oldest first: the audit trail.
    public func revisions(communeCode: String, period: Period? = nil) throws -> [RevisionRecord] {
        try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.*, f.name AS file_name, f.sha256 AS file_sha256, f.received_at, f.source
                FROM submission s JOIN received_file f ON f.id = s.file_id
                WHERE s.commune_code = ?1 AND (?2 IS NULL OR s.period = ?2)
                ORDER BY s.period, s.revision
                """, arguments: [communeCode, period?.description]).map { row in
                RevisionRecord(submission: SubmissionRecord(row: row).stored(fileName: row["file_name"], fileSHA256: row["file_sha256"]),
                               receivedAt: row["received_at"], source: row["source"])
            }
        }
    }

    /// The files sent with the keys of one commune, oldest first, refused ones included.
    public func uploads(byKeysOfCommune communeCode: String) throws -> [UploadedFile] {
        try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.*, k.prefix AS key_prefix
                FROM received_file f JOIN upload_key k ON k.id = f.key_id
                WHERE k.scope = 'commune' AND k.unit_code = ?
                ORDER BY f.id
                """, arguments: [communeCode]).map { row in
                let file = try ReceivedFileRecord(row: row)
                return UploadedFile(name: file.name, sha256: file.sha256, receivedAt: file.receivedAt, accepted: file.isAccepted,
                                    rows: file.rowCount, errors: file.errorCount, warnings: file.warningCount, keyPrefix: row["key_prefix"])
            }
        }
    }

    public func refusedContent(ofKey id: Int64, since date: Date) throws -> [String: Int] {
        try reader.read { db in
            var sizes: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.sha256, length(c.content) AS size FROM file_content c
                WHERE c.sha256 IN (SELECT sha256 FROM received_file WHERE key_id = ? AND status = 'refused' AND stored_at >= ?)
                """, arguments: [id, Timestamp.text(date)])
            while let row = try rows.next() { sizes[row["sha256"]] = row["size"] }
            return sizes
        }
    }

    /// For each received file: its name, verdict, rows read and rows stored from it. An accepted
    /// file whose rows all differ from what was stored before has `stored == rows`.
    public func fileRowCounts() throws -> [(name: String, accepted: Bool, rows: Int, stored: Int)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.*, count(s.file_id) AS stored
                FROM received_file f LEFT JOIN submission s ON s.file_id = f.id
                GROUP BY f.id ORDER BY f.id
                """).map { row in
                let file = try ReceivedFileRecord(row: row)
                return (file.name, file.isAccepted, file.rowCount, row["stored"])
            }
        }
    }

    /// The bytes of a received file exactly as they arrived (nil when none was received with
    /// this hash; empty for a file too large to read, which stays where it was sent).
    public func originalBytes(sha256: String) throws -> [UInt8]? {
        try reader.read { db in
            try FileContentRecord.fetchOne(db, sql: "SELECT * FROM file_content WHERE sha256 = ?", arguments: [sha256])
                .map { [UInt8]($0.content) }
        }
    }

    /// SQLite's own check of the whole file: "ok", or what is wrong.
    public func integrityCheck() throws -> String {
        try reader.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
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

extension DTIStore {
    /// Notes that `set` scored reports now. A read-only database (reports written from a
    /// copy, or by a user who may not write it) is not an error: the reports still say which
    /// set scored them.
    public func recordIndicatorSetUsed(_ set: IndicatorSet, at date: Date = Date()) throws {
        guard !set.sha256.isEmpty else { return }
        let now = Timestamp.text(date)
        do {
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO indicator_set (sha256, name, source, first_used_at, last_used_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (sha256) DO UPDATE SET last_used_at = excluded.last_used_at
                    """, arguments: [set.sha256, set.name, set.source, now, now])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            return
        }
    }

    /// How many revisions the database holds, of every commune and period.
    public func revisionCount() throws -> Int {
        try reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM submission") ?? 0 }
    }

    /// Every indicator set that has scored reports, by first use: (name, source, SHA-256).
    public func indicatorSetsUsed() throws -> [(name: String, source: String, sha256: String)] {
        try reader.read { db in
            try IndicatorSetRecord.fetchAll(db, sql: "SELECT * FROM indicator_set ORDER BY first_used_at, sha256")
                .map { ($0.name, $0.source, $0.sha256) }
        }
    }
}
