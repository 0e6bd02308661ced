import DTICore
import Foundation
import NIOCore
import PostgresNIO

/// Records received files and their rows inside the caller's transaction on PostgreSQL: the
/// same rules as SQLite's `SubmissionWriter` (what a commune sent last counts; a refused file
/// is judged again each time; bytes accepted before change nothing while their rows are
/// still current), the same rows stored.
///
/// Several writers (two `dti serve`, a cron ingest) may share the database. The store makes
/// them take turns (`PostgresStore.arrivalLock`, held to the end of each transaction), so a
/// writer reads the latest revisions after the previous one committed: no revision number is
/// given twice or skipped. The primary key (period, commune, revision) stays the last guard.
///
/// The rows of a file go in one statement (its columns as arrays, unnested), and each month's
/// current figures are read once per transaction.
final class PostgresArrivalWriter: ArrivalWriter {
    private let session: PostgresSession
    /// When this batch is stored, and when its files arrived unless a file says otherwise.
    private let receivedAt: String
    private let formatter = ISO8601DateFormatter()
    /// The current revision of each commune and month read so far, kept up to date as rows go in.
    private var current: [RowKey: Current] = [:]
    private var periodsRead: Set<Period> = []

    private struct Current {
        var revision: Int
        var figures: [Int]
        var communeName: String?
        var notes: String?
    }

    init(session: PostgresSession, at date: Date) {
        self.session = session
        receivedAt = ISO8601DateFormatter().string(from: date)
    }

    /// The figure columns in `Figure.allCases` order.
    static let figureColumns = Figure.allCases.map(\.rawValue)

    func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64?, resent: Resent,
                superseded: Set<RowKey>, arrivedAt: Date?) throws -> FileReceipt {
        var receipt = FileReceipt(fileName: validation.fileName, sha256: validation.sha256,
                                  outcome: validation.isAccepted ? .accepted : .refused, issues: validation.issues)
        var plan: [RowOutcome] = []
        if validation.isAccepted {
            plan = try outcomes(of: validation.rows, superseded: superseded)
            receipt.rows = plan
            // Bytes accepted before left revisions of their rows: a file whose every row is
            // new cannot have been (one round trip less per file of a history rebuild).
            let allNew = !plan.isEmpty && plan.allSatisfy { $0.kind == .new }
            if !allNew, try wasAcceptedBefore(validation.sha256) {
                let changed = plan.filter { $0.kind == .new || $0.kind == .correction }
                if changed.isEmpty || resent == .hold {
                    receipt.outcome = .alreadyReceived
                    receipt.unchangedRows = plan.count { $0.kind == .unchanged }
                    receipt.resentRows = changed.map { RowKey(communeCode: $0.communeCode, period: $0.period) }
                    return receipt
                }
            }
        }
        var stored: [(row: SubmissionRow, revision: Int)] = []
        for (row, outcome) in zip(validation.rows, plan) {
            switch outcome.kind {
            case .unchanged: receipt.unchangedRows += 1
            case .superseded: receipt.supersededRows += 1
            case .new, .correction:
                stored.append((row, outcome.revision))
                receipt.newRevisions += 1
                if outcome.kind == .correction { receipt.corrections += 1 }
            }
        }
        try insertArrival(validation, content: content, source: source, keyID: keyID,
                          arrivedAt: arrivedAt.map(formatter.string(from:)) ?? receivedAt, rows: stored)
        for (row, revision) in stored {
            current[RowKey(communeCode: row.communeCode, period: row.period)] =
                Current(revision: revision, figures: row.figures.values, communeName: row.communeName, notes: row.notes)
        }
        return receipt
    }

    /// What storing each row would do, against the revisions current now.
    private func outcomes(of rows: [SubmissionRow], superseded: Set<RowKey>) throws -> [RowOutcome] {
        try rows.map { row in
            let key = RowKey(communeCode: row.communeCode, period: row.period)
            let latest = try currentRevision(key)
            let (kind, revision): (RowOutcome.Kind, Int)
            if superseded.contains(key) {
                (kind, revision) = (.superseded, latest?.revision ?? 0)
            } else if let latest {
                let same = latest.figures == row.figures.values && latest.communeName == row.communeName && latest.notes == row.notes
                (kind, revision) = same ? (.unchanged, latest.revision) : (.correction, latest.revision + 1)
            } else {
                (kind, revision) = (.new, 1)
            }
            return RowOutcome(line: row.line, communeCode: row.communeCode, period: row.period, revision: revision, kind: kind)
        }
    }

    private func wasAcceptedBefore(_ sha256: String) throws -> Bool {
        !(try session.query("SELECT 1 FROM received_file WHERE sha256 = \(sha256) AND status = 'accepted' LIMIT 1").isEmpty)
    }

    /// The current revision of a commune and month: each month's are read in one query, the
    /// first time the month comes up in this transaction.
    private func currentRevision(_ key: RowKey) throws -> Current? {
        if periodsRead.insert(key.period).inserted {
            let figures = Self.figureColumns.joined(separator: ", ")
            var binds = PostgresBindings()
            binds.append(key.period.description)
            let rows = try session.query(PostgresQuery(unsafeSQL: """
                SELECT DISTINCT ON (commune_code) commune_code, revision, commune_name, notes, \(figures)
                FROM submission WHERE period = $1 ORDER BY commune_code, revision DESC
                """, binds: binds))
            for row in rows {
                let cells = row.makeRandomAccess()
                let code = try cells[0].decode(String.self)
                current[RowKey(communeCode: code, period: key.period)] = Current(
                    revision: try cells[1].decode(Int.self),
                    figures: try (0..<Self.figureColumns.count).map { try cells[4 + $0].decode(Int.self) },
                    communeName: try cells[2].decode(String?.self), notes: try cells[3].decode(String?.self))
            }
        }
        return current[key]
    }

    /// Stores the arrival in one statement: its bytes (once per distinct content), when and
    /// whence it came, the verdict, its issues, and either its rows (accepted) or the communes
    /// and months it spoke for (refused). One round trip per file.
    private func insertArrival(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64?,
                               arrivedAt: String, rows: [(row: SubmissionRow, revision: Int)]) throws {
        var statement = Statement()
        let sha256 = statement.bind(validation.sha256)
        var sql = """
            WITH content AS (
                INSERT INTO file_content (sha256, content) VALUES (\(sha256), \(statement.bind(ByteBuffer(bytes: content))))
                ON CONFLICT DO NOTHING),
            arrival AS (
                INSERT INTO received_file
                    (sha256, name, source, received_at, status, row_count, error_count, warning_count, key_id, stored_at)
                VALUES (\(sha256), \(statement.bind(validation.fileName)), \(statement.bind(source)), \(statement.bind(arrivedAt)),
                        \(statement.bind(validation.isAccepted ? "accepted" : "refused")), \(statement.bind(validation.rows.count)),
                        \(statement.bind(validation.issues.errorCount)), \(statement.bind(validation.issues.warningCount)),
                        \(statement.bind(keyID))::int8, \(statement.bind(receivedAt)))
                RETURNING id)
            """
        let issues = validation.issues.issues
        if !issues.isEmpty {
            // Lines, columns and sheets may be absent: sent as JSON, whose null says so.
            let records = issues.enumerated().map { seq, issue in
                IssueRow(seq: seq + 1, code: issue.code, severity: issue.severity.rawValue, line: issue.line, column: issue.column,
                         columnName: issue.columnName, messageVi: issue.message.vi, messageEn: issue.message.en, sheet: issue.sheet)
            }
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let json = String(decoding: try encoder.encode(records), as: UTF8.self)
            sql += """
                ,
                issues AS (
                    INSERT INTO file_issue (file_id, seq, code, severity, line, "column", column_name, message_vi, message_en, sheet)
                    SELECT arrival.id, seq, code, severity, line, "column", column_name, message_vi, message_en, sheet
                    FROM arrival, json_to_recordset(\(statement.bind(json))::json)
                         AS i(seq bigint, code text, severity text, line bigint, "column" bigint,
                              column_name text, message_vi text, message_en text, sheet text))
                """
        }
        let mentions = validation.mentions
        if !validation.isAccepted, !mentions.isEmpty {
            // Which communes and months a refused file spoke for (its rows are not stored).
            sql += """
                ,
                refused AS (
                    INSERT INTO refused_row (file_id, line, commune_code, period)
                    SELECT arrival.id, l, c, p
                    FROM arrival, unnest(\(statement.bind(mentions.map(\.line)))::int8[], \(statement.bind(mentions.map(\.communeCode)))::text[],
                                         \(statement.bind(mentions.map(\.period.description)))::text[]) AS m(l, c, p)
                    ON CONFLICT DO NOTHING)
                """
        }
        if !rows.isEmpty {
            // Every stored row at once: each column an array, unnested. The two texts that may
            // be absent travel with an array of flags saying which are present.
            let figures = Self.figureColumns.indices.map { index in
                statement.bind(rows.map { $0.row.figures.values[index] }) + "::int8[]"
            }.joined(separator: ", ")
            let figureNames = Self.figureColumns.indices.map { "f\($0)" }.joined(separator: ", ")
            sql += """
                ,
                stored AS (
                    INSERT INTO submission (file_id, line, commune_code, period, revision, \(Self.figureColumns.joined(separator: ", ")),
                                            commune_name, notes)
                    SELECT arrival.id, l, c, p, r, \(figureNames), CASE WHEN hn THEN n END, CASE WHEN ho THEN o END
                    FROM arrival, unnest(\(statement.bind(rows.map(\.row.line)))::int8[], \(statement.bind(rows.map(\.row.communeCode)))::text[],
                                         \(statement.bind(rows.map(\.row.period.description)))::text[], \(statement.bind(rows.map(\.revision)))::int8[],
                                         \(figures),
                                         \(statement.bind(rows.map { $0.row.communeName ?? "" }))::text[], \(statement.bind(rows.map { $0.row.communeName != nil }))::bool[],
                                         \(statement.bind(rows.map { $0.row.notes ?? "" }))::text[], \(statement.bind(rows.map { $0.row.notes != nil }))::bool[])
                         AS u(l, c, p, r, \(figureNames), n, hn, o, ho))
                """
        }
        sql += "\nSELECT id FROM arrival"
        try session.query(PostgresQuery(unsafeSQL: sql, binds: statement.binds))
    }

    /// Parameters of a statement built piece by piece: each `bind` returns its placeholder.
    private struct Statement {
        var binds = PostgresBindings()

        mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }

        mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
            if let value { binds.append(value) } else { binds.appendNull() }
            return "$\(binds.count)"
        }
    }

    /// A row of `file_issue` as JSON (keys in the table's snake case).
    private struct IssueRow: Encodable {
        var seq: Int
        var code: String
        var severity: String
        var line: Int?
        var column: Int?
        var columnName: String?
        var messageVi: String
        var messageEn: String
        var sheet: String?
    }
}
