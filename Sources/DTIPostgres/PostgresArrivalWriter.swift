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
/// A batch goes to the server as one unit, not file by file: `prepare` reads what the batch's
/// files need to be decided (the current revisions of their communes, when their bytes were
/// accepted before) in two queries; `record` decides each file against that, in memory, and
/// queues what it stores; `flush` writes every queued file in one statement, each table's rows
/// as columns of arrays, unnested, with the files' ids taken from their sequence in arrival
/// order. An upload is a batch of one: at most three round trips.
final class PostgresArrivalWriter: ArrivalWriter {
    private let session: PostgresSession
    /// When this batch is stored, and when its files arrived unless a file says otherwise.
    private let storedAt: Date
    private let storedAtText: String
    /// The current revision of each commune and month read so far, kept up to date as rows are queued.
    private var current: [RowKey: CurrentRevision] = [:]
    private var periodsRead: Set<Period> = []
    /// Communes looked up in this transaction (found or not), and how many per month.
    private var lookedUp: Set<RowKey> = []
    private var lookups: [Period: Int] = [:]
    /// When each content was accepted, as stored before this transaction's queued files (read
    /// once per content), and as queued since.
    private var acceptedStored: [String: [Date]] = [:]
    private var acceptedQueued: [String: [Date]] = [:]
    /// Files decided and waiting for `flush`, in arrival order, and their size.
    private var queued: [QueuedArrival] = []
    private var queuedBytes = 0
    /// Past this many bytes of content, the queue is written before another file joins it.
    static let flushBytes = 16 << 20

    init(session: PostgresSession, at date: Date) {
        self.session = session
        storedAt = date
        current.reserveCapacity(8_192)
        storedAtText = Timestamp.text(date)
    }

    /// The figure columns in `Figure.allCases` order.
    static let figureColumns = Figure.allCases.map(\.rawValue)

    func prepare(_ validations: [FileValidation]) throws {
        let accepted = validations.filter(\.isAccepted)
        var wanted: [Period: [String]] = [:]
        for validation in accepted {
            for row in validation.rows {
                let key = RowKey(communeCode: row.communeCode, period: row.period)
                guard current[key] == nil, !periodsRead.contains(key.period), lookedUp.insert(key).inserted else { continue }
                wanted[key.period, default: []].append(key.communeCode)
            }
        }
        var months: [Period] = [], pairs: [RowKey] = []
        for (period, communes) in wanted {
            lookups[period, default: 0] += communes.count
            if lookups[period]! >= ArrivalLookup.communesBeforeMonth {
                months.append(period)
                periodsRead.insert(period)
            } else {
                pairs += communes.map { RowKey(communeCode: $0, period: period) }
            }
        }
        for period in months.sorted() { try readRevisions(period: period) }
        if !pairs.isEmpty { try readRevisions(pairs) }
        let contents = Set(accepted.map(\.sha256)).filter { acceptedStored[$0] == nil }
        guard !contents.isEmpty else { return }
        for content in contents { acceptedStored[content] = [] }
        var binds = PostgresBindings()
        binds.append(Array(contents))
        let rows = try session.query(PostgresQuery(unsafeSQL: """
            SELECT sha256, received_at FROM received_file WHERE sha256 = ANY($1::text[]) AND status = 'accepted'
            """, binds: binds))
        for row in rows {
            let (sha256, at) = try row.decode((String, String).self)
            if let date = Timestamp.date(at) { acceptedStored[sha256, default: []].append(date) }
        }
    }

    func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64?,
                arrivedAt: Date?) throws -> FileReceipt {
        let arrival = arrivedAt ?? storedAt
        let plan = try ArrivalPlan.decide(validation, arrivedAt: arrival, timeIsTheFiles: arrivedAt != nil, current: currentRevision,
                                          acceptedBefore: { try acceptedBefore(validation.sha256) })
        let receipt = FileReceipt(validation, plan: plan, arrivedAt: arrival)
        guard plan.isStored else { return receipt }
        if queuedBytes + content.count > Self.flushBytes { try flush() }
        let stored = zip(validation.rows, plan.rows).filter { $0.1.kind.makesRevision }.map { (row: $0.0, revision: $0.1.revision) }
        queued.append(QueuedArrival(validation: validation, content: content, source: source, keyID: keyID,
                                    arrivedAt: arrivedAt.map(Timestamp.text) ?? storedAtText, rows: stored, kept: plan.kept))
        queuedBytes += content.count
        if validation.isAccepted { acceptedQueued[validation.sha256, default: []].append(arrival) }
        for (row, revision) in stored {
            current[RowKey(communeCode: row.communeCode, period: row.period)] = CurrentRevision(row, revision: revision, arrivedAt: arrival)
        }
        return receipt
    }

    /// When the same bytes were accepted before: stored (read once) or queued in this batch.
    private func acceptedBefore(_ sha256: String) throws -> [Date] {
        if acceptedStored[sha256] == nil {
            acceptedStored[sha256] = try session.query("SELECT received_at FROM received_file WHERE sha256 = \(sha256) AND status = 'accepted'")
                .compactMap { Timestamp.date(try $0.decode(String.self)) }
        }
        return acceptedStored[sha256]! + (acceptedQueued[sha256] ?? [])
    }

    /// The current revision of a commune and month: known, read by `prepare`, or looked up by
    /// itself (an index seek: an upload costs the same into an empty month and a full one);
    /// once a transaction has asked for `ArrivalLookup.communesBeforeMonth` communes of one
    /// month, the month's revisions are read in one query.
    private func currentRevision(_ key: RowKey) throws -> CurrentRevision? {
        if let known = current[key] { return known }
        if periodsRead.contains(key.period) || !lookedUp.insert(key).inserted { return nil }
        if ArrivalLookup.readsWholeMonth(after: &lookups[key.period, default: 0]) {
            periodsRead.insert(key.period)
            try readRevisions(period: key.period)
        } else {
            try readRevisions([key])
        }
        return current[key]
    }

    /// Reads the current revision of every commune of `period`.
    private func readRevisions(period: Period) throws {
        var binds = PostgresBindings()
        binds.append(period.description)
        try keep(session.query(PostgresQuery(unsafeSQL: """
            SELECT DISTINCT ON (s.commune_code) s.period, s.commune_code, s.revision, f.received_at, s.commune_name, s.notes, s.extra, \(Self.revisionFigures)
            FROM submission s JOIN received_file f ON f.id = s.file_id
            WHERE s.period = $1 ORDER BY s.commune_code, s.revision DESC
            """, binds: binds)))
    }

    /// Reads the current revision of each of `keys`, in one query.
    private func readRevisions(_ keys: [RowKey]) throws {
        var binds = PostgresBindings()
        binds.append(keys.map(\.period.description))
        binds.append(keys.map(\.communeCode))
        try keep(session.query(PostgresQuery(unsafeSQL: """
            SELECT DISTINCT ON (s.period, s.commune_code) s.period, s.commune_code, s.revision, f.received_at, s.commune_name, s.notes, s.extra, \(Self.revisionFigures)
            FROM unnest($1::text[], $2::text[]) AS k(p, c)
                 JOIN submission s ON s.period = k.p AND s.commune_code = k.c
                 JOIN received_file f ON f.id = s.file_id
            ORDER BY s.period, s.commune_code, s.revision DESC
            """, binds: binds)))
    }

    private static let revisionFigures = figureColumns.map { "s." + $0 }.joined(separator: ", ")

    /// Keeps the revisions read, unless a newer one is already known (queued in this batch).
    private func keep(_ rows: [PostgresRow]) throws {
        for row in rows {
            let cells = row.makeRandomAccess()
            guard let period = Period(try cells[0].decode(String.self)) else { continue }
            let key = RowKey(communeCode: try cells[1].decode(String.self), period: period)
            guard current[key] == nil, let at = Timestamp.date(try cells[3].decode(String.self)) else { continue }
            current[key] = CurrentRevision(
                revision: try cells[2].decode(Int.self), arrivedAt: at,
                figures: try (0..<Self.figureColumns.count).map { try cells[7 + $0].decode(Int.self) },
                extras: try cells[6].decode(String?.self),
                communeName: try cells[4].decode(String?.self), notes: try cells[5].decode(String?.self))
        }
    }

    /// Writes every queued arrival in one statement: the contents (once per distinct content),
    /// when and whence each file came, its verdict and issues, and either its rows (accepted)
    /// or the communes and months it spoke for (refused). Ids are taken from the table's
    /// sequence in arrival order, so a later arrival always has a larger id.
    func flush() throws {
        guard !queued.isEmpty else { return }
        defer {
            queued.removeAll(keepingCapacity: true)
            queuedBytes = 0
        }
        var statement = Statement()
        // A file's position in the queue, from 1, names it until it has its id.
        var seen = Set<String>()
        let contents = queued.filter { seen.insert($0.validation.sha256).inserted }
        var sql = """
            WITH ids AS (
                SELECT n, nextval(pg_get_serial_sequence('received_file', 'id')) AS id
                FROM generate_series(1, \(statement.bind(queued.count))::int8) AS n ORDER BY n),
            content AS (
                INSERT INTO file_content (sha256, content)
                SELECT * FROM unnest(\(statement.bind(contents.map(\.validation.sha256)))::text[],
                                     \(statement.bind(contents.map { ByteBuffer(bytes: $0.content) }))::bytea[])
                ON CONFLICT DO NOTHING),
            arrival AS (
                INSERT INTO received_file
                    (id, sha256, name, source, received_at, status, row_count, error_count, warning_count, key_id, stored_at)
                SELECT ids.id, sha, name, source, at, status, rows, errors, warnings, CASE WHEN hk THEN k END, \(statement.bind(storedAtText))
                FROM unnest(\(statement.bind(queued.map(\.validation.sha256)))::text[], \(statement.bind(queued.map(\.validation.fileName)))::text[],
                            \(statement.bind(queued.map(\.source)))::text[], \(statement.bind(queued.map(\.arrivedAt)))::text[],
                            \(statement.bind(queued.map { $0.validation.isAccepted ? "accepted" : "refused" }))::text[],
                            \(statement.bind(queued.map(\.validation.rows.count)))::int8[],
                            \(statement.bind(queued.map(\.validation.issues.errorCount)))::int8[],
                            \(statement.bind(queued.map(\.validation.issues.warningCount)))::int8[],
                            \(statement.bind(queued.map { $0.keyID ?? 0 }))::int8[], \(statement.bind(queued.map { $0.keyID != nil }))::bool[])
                     WITH ORDINALITY AS a(sha, name, source, at, status, rows, errors, warnings, k, hk, n)
                     JOIN ids USING (n)
                RETURNING id)
            """
        let issues = queued.enumerated().flatMap { file, arrival in
            arrival.validation.issues.issues.enumerated().map { seq, issue in
                IssueRow(file: file + 1, seq: seq + 1, code: issue.code, severity: issue.severity.rawValue, line: issue.line,
                         column: issue.column, columnName: issue.columnName, messageVi: issue.message.vi,
                         messageEn: issue.message.en, sheet: issue.sheet)
            }
        }
        if !issues.isEmpty {
            // Lines, columns and sheets may be absent: sent as JSON, whose null says so.
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let json = String(decoding: try encoder.encode(issues), as: UTF8.self)
            sql += """
                ,
                issues AS (
                    INSERT INTO file_issue (file_id, seq, code, severity, line, "column", column_name, message_vi, message_en, sheet)
                    SELECT ids.id, seq, code, severity, line, "column", column_name, message_vi, message_en, sheet
                    FROM json_to_recordset(\(statement.bind(json))::json)
                         AS i(file bigint, seq bigint, code text, severity text, line bigint, "column" bigint,
                              column_name text, message_vi text, message_en text, sheet text)
                         JOIN ids ON ids.n = i.file)
                """
        }
        // Which communes and months a refused file spoke for (its rows are not stored).
        let mentions = queued.enumerated().flatMap { file, arrival in
            arrival.validation.isAccepted ? [] : arrival.validation.mentions.map { (file: file + 1, mention: $0) }
        }
        if !mentions.isEmpty {
            sql += """
                ,
                refused AS (
                    INSERT INTO refused_row (file_id, line, commune_code, period)
                    SELECT ids.id, l, c, p
                    FROM unnest(\(statement.bind(mentions.map(\.file)))::int8[], \(statement.bind(mentions.map(\.mention.line)))::int8[],
                                \(statement.bind(mentions.map(\.mention.communeCode)))::text[],
                                \(statement.bind(mentions.map(\.mention.period.description)))::text[]) AS m(f, l, c, p)
                         JOIN ids ON ids.n = m.f
                    ON CONFLICT DO NOTHING)
                """
        }
        // The rows that did not become current, with why (the audit trail).
        let kept = queued.enumerated().flatMap { file, arrival in arrival.kept.map { (file: file + 1, row: $0) } }
        if !kept.isEmpty {
            sql += """
                ,
                kept AS (
                    INSERT INTO kept_row (file_id, line, commune_code, period, reason)
                    SELECT ids.id, l, c, p, r
                    FROM unnest(\(statement.bind(kept.map(\.file)))::int8[], \(statement.bind(kept.map(\.row.line)))::int8[],
                                \(statement.bind(kept.map(\.row.communeCode)))::text[], \(statement.bind(kept.map(\.row.period.description)))::text[],
                                \(statement.bind(kept.map(\.row.kind.rawValue)))::text[]) AS k(f, l, c, p, r)
                         JOIN ids ON ids.n = k.f
                    ON CONFLICT DO NOTHING)
                """
        }
        let rows = queued.enumerated().flatMap { file, arrival in arrival.rows.map { (file: file + 1, row: $0.row, revision: $0.revision) } }
        if !rows.isEmpty {
            // Every stored row at once: each column an array, unnested. The two texts that may
            // be absent travel with an array of flags saying which are present.
            let figures = Self.figureColumns.indices.map { index in
                statement.bind(rows.map { $0.row.figures.values[index] }) + "::int8[]"
            }.joined(separator: ", ")
            let figureNames = Self.figureColumns.indices.map { "f\($0)" }.joined(separator: ", ")
            // A province's own fields, only when some row has them (the contract's form sends none).
            let extras = rows.contains { $0.row.figures.extrasJSON != nil }
            let extraColumn = extras ? ", extra" : "", extraValue = extras ? ", CASE WHEN hx THEN x END" : ""
            let extraArrays = extras
                ? ",\n" + statement.bind(rows.map { $0.row.figures.extrasJSON ?? "" }) + "::text[], "
                    + statement.bind(rows.map { $0.row.figures.extrasJSON != nil }) + "::bool[]"
                : ""
            sql += """
                ,
                stored AS (
                    INSERT INTO submission (file_id, line, commune_code, period, revision, \(Self.figureColumns.joined(separator: ", ")),
                                            commune_name, notes\(extraColumn))
                    SELECT ids.id, l, c, p, r, \(figureNames), CASE WHEN hnm THEN nm END, CASE WHEN hnt THEN nt END\(extraValue)
                    FROM unnest(\(statement.bind(rows.map(\.file)))::int8[], \(statement.bind(rows.map(\.row.line)))::int8[],
                                \(statement.bind(rows.map(\.row.communeCode)))::text[],
                                \(statement.bind(rows.map(\.row.period.description)))::text[], \(statement.bind(rows.map(\.revision)))::int8[],
                                \(figures),
                                \(statement.bind(rows.map { $0.row.communeName ?? "" }))::text[], \(statement.bind(rows.map { $0.row.communeName != nil }))::bool[],
                                \(statement.bind(rows.map { $0.row.notes ?? "" }))::text[], \(statement.bind(rows.map { $0.row.notes != nil }))::bool[]\(extraArrays))
                         AS u(f, l, c, p, r, \(figureNames), nm, hnm, nt, hnt\(extras ? ", x, hx" : ""))
                         JOIN ids ON ids.n = u.f)
                """
        }
        sql += "\nSELECT count(*) FROM arrival"
        try session.query(PostgresQuery(unsafeSQL: sql, binds: statement.binds))
    }

    /// A file decided and waiting to be written.
    private struct QueuedArrival {
        var validation: FileValidation
        var content: [UInt8]
        var source: String
        var keyID: Int64?
        var arrivedAt: String
        var rows: [(row: SubmissionRow, revision: Int)]
        var kept: [RowOutcome]
    }

    /// Parameters of a statement built piece by piece: each `bind` returns its placeholder.
    private struct Statement {
        var binds = PostgresBindings()

        mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
    }

    /// A row of `file_issue` as JSON (keys in the table's snake case), with its file's place in the queue.
    private struct IssueRow: Encodable {
        var file: Int
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
