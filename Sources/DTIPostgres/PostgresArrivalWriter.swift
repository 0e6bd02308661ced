import DTICore
import Foundation
import NIOCore
import PostgresNIO

/// Records received files and their rows inside the caller's transaction on PostgreSQL, as
/// `ArrivalPlan` decides (the rule SQLite's `SubmissionWriter` executes too): this type only
/// reads what the plan needs and stores what it says.
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
    private let storedAt: Date
    private let storedAtText: String
    /// The current revision of each commune and month read so far, kept up to date as rows go in.
    private var current: [RowKey: CurrentRevision] = [:]
    private var periodsRead: Set<Period> = []
    /// Communes looked up one by one in this transaction, and how many per month.
    private var lookedUp: Set<RowKey> = []
    private var lookups: [Period: Int] = [:]

    init(session: PostgresSession, at date: Date) {
        self.session = session
        storedAt = date
        current.reserveCapacity(8_192)
        storedAtText = Timestamp.text(date)
    }

    /// The figure columns in `Figure.allCases` order.
    static let figureColumns = Figure.allCases.map(\.rawValue)

    func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64?,
                arrivedAt: Date?) throws -> FileReceipt {
        let arrival = arrivedAt ?? storedAt
        let plan = try ArrivalPlan.decide(validation, arrivedAt: arrival, timeIsTheFiles: arrivedAt != nil, current: currentRevision,
                                          acceptedBefore: { try acceptedBefore(validation.sha256) })
        let receipt = FileReceipt(validation, plan: plan, arrivedAt: arrival)
        guard plan.isStored else { return receipt }
        let stored = zip(validation.rows, plan.rows).filter { $0.1.kind.makesRevision }.map { (row: $0.0, revision: $0.1.revision) }
        let kept = plan.kept
        try insertArrival(validation, content: content, source: source, keyID: keyID,
                          arrivedAt: arrivedAt.map(Timestamp.text) ?? storedAtText, rows: stored, kept: kept)
        for (row, revision) in stored {
            current[RowKey(communeCode: row.communeCode, period: row.period)] = CurrentRevision(row, revision: revision, arrivedAt: arrival)
        }
        return receipt
    }

    /// When the same bytes were accepted before.
    private func acceptedBefore(_ sha256: String) throws -> [Date] {
        try session.query("SELECT received_at FROM received_file WHERE sha256 = \(sha256) AND status = 'accepted'")
            .compactMap { Timestamp.date(try $0.decode(String.self)) }
    }

    /// The current revision of a commune and month. A commune is looked up by itself (an index
    /// seek: an upload costs the same into an empty month and a full one); once a transaction
    /// has asked for `ArrivalLookup.communesBeforeMonth` communes of one month (a batch), the
    /// month's revisions are read in one query.
    private func currentRevision(_ key: RowKey) throws -> CurrentRevision? {
        if let known = current[key] { return known }
        if periodsRead.contains(key.period) || !lookedUp.insert(key).inserted { return nil }
        let figures = Self.figureColumns.map { "s." + $0 }.joined(separator: ", ")
        var binds = PostgresBindings()
        binds.append(key.period.description)
        let wholeMonth = ArrivalLookup.readsWholeMonth(after: &lookups[key.period, default: 0])
        if wholeMonth {
            periodsRead.insert(key.period)
        } else {
            binds.append(key.communeCode)
        }
        let rows = try session.query(PostgresQuery(unsafeSQL: """
            SELECT DISTINCT ON (s.commune_code) s.commune_code, s.revision, f.received_at, s.commune_name, s.notes, \(figures)
            FROM submission s JOIN received_file f ON f.id = s.file_id
            WHERE s.period = $1\(wholeMonth ? "" : " AND s.commune_code = $2") ORDER BY s.commune_code, s.revision DESC
            """, binds: binds))
        for row in rows {
            let cells = row.makeRandomAccess()
            let code = try cells[0].decode(String.self)
            let rowKey = RowKey(communeCode: code, period: key.period)
            guard current[rowKey] == nil, let at = Timestamp.date(try cells[2].decode(String.self)) else { continue }
            current[rowKey] = CurrentRevision(
                revision: try cells[1].decode(Int.self), arrivedAt: at,
                figures: try (0..<Self.figureColumns.count).map { try cells[5 + $0].decode(Int.self) },
                communeName: try cells[3].decode(String?.self), notes: try cells[4].decode(String?.self))
        }
        return current[key]
    }

    /// Stores the arrival in one statement: its bytes (once per distinct content), when and
    /// whence it came, the verdict, its issues, and either its rows (accepted) or the communes
    /// and months it spoke for (refused). One round trip per file.
    private func insertArrival(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64?,
                               arrivedAt: String, rows: [(row: SubmissionRow, revision: Int)], kept: [RowOutcome]) throws {
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
                        \(statement.bind(keyID))::int8, \(statement.bind(storedAtText)))
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
        if !kept.isEmpty {
            // The rows that did not become current, with why (the audit trail).
            sql += """
                ,
                kept AS (
                    INSERT INTO kept_row (file_id, line, commune_code, period, reason)
                    SELECT arrival.id, l, c, p, r
                    FROM arrival, unnest(\(statement.bind(kept.map(\.line)))::int8[], \(statement.bind(kept.map(\.communeCode)))::text[],
                                         \(statement.bind(kept.map(\.period.description)))::text[],
                                         \(statement.bind(kept.map(\.kind.rawValue)))::text[]) AS k(l, c, p, r)
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
