import DTICore
import Foundation
import NIOCore
import PostgresNIO

/// Files a writer has decided, stored together in one statement: their contents, arrivals,
/// issues, the rows refused files spoke for, the rows kept for the audit trail and the
/// revisions they make, each table's rows as columns (`PostgresColumn`), unnested. Encoded and
/// sent by the writer's own threads (`PostgresArrivalWriter.Sender`) while the writer decides
/// the next files.
///
/// The files' ids are given by the writer, in arrival order, from where the sequence of
/// `received_file` stood when it took the arrival lock (no other writer stores a file while
/// it holds it); the statement moves the sequence past them.
struct PostgresArrivalChunk: Sendable {
    /// A file decided and waiting to be written.
    struct File: Sendable {
        var validation: FileValidation
        var content: [UInt8]
        var source: String
        var keyID: Int64?
        var arrivedAt: String
        var rows: [StoredRow]
        var kept: [RowOutcome]
    }

    /// A row that becomes a revision.
    struct StoredRow: Sendable {
        var row: SubmissionRow
        var revision: Int
    }

    var files: [File]
    /// The id of `files[0]`; the others follow.
    var firstID: Int64
    var storedAt: String

    /// The statement that stores the chunk; a file's position in it, from 1, is joined to its id.
    func statement() -> PostgresQuery {
        var statement = Statement()
        var seen = Set<String>()
        let contents = files.filter { seen.insert($0.validation.sha256).inserted }
        // A file's id is the first id plus its position from 1, less one: computed where each
        // row is made, not joined to a table of ids (a hash join for each table).
        let first = statement.bind(Int(firstID))
        var sql = """
            WITH moved AS (
                SELECT setval(pg_get_serial_sequence('received_file', 'id'), \(statement.bind(Int(firstID) + files.count - 1))::int8)),
            content AS (
                INSERT INTO file_content (sha256, content)
                SELECT * FROM unnest(\(statement.bind(.texts(contents.count) { contents[$0].validation.sha256 }))::text[],
                                     \(statement.bind(.bytes(contents.count) { contents[$0].content }))::bytea[])
                ON CONFLICT DO NOTHING),
            arrival AS (
                INSERT INTO received_file
                    (id, sha256, name, source, received_at, status, row_count, error_count, warning_count, key_id, stored_at)
                SELECT \(first)::int8 + n - 1, sha, name, source, at, status, rows, errors, warnings, k, \(statement.bind(storedAt))
                FROM unnest(\(statement.bind(.texts(files.count) { files[$0].validation.sha256 }))::text[],
                            \(statement.bind(.texts(files.count) { files[$0].validation.fileName }))::text[],
                            \(statement.bind(.texts(files.count) { files[$0].source }))::text[],
                            \(statement.bind(.texts(files.count) { files[$0].arrivedAt }))::text[],
                            \(statement.bind(.texts(files.count) { files[$0].validation.isAccepted ? "accepted" : "refused" }))::text[],
                            \(statement.bind(.integers(files.count) { files[$0].validation.rows.count }))::int8[],
                            \(statement.bind(.integers(files.count) { files[$0].validation.issues.errorCount }))::int8[],
                            \(statement.bind(.integers(files.count) { files[$0].validation.issues.warningCount }))::int8[],
                            \(statement.bind(.integers(files.count) { files[$0].keyID.map(Int.init) }))::int8[])
                     WITH ORDINALITY AS a(sha, name, source, at, status, rows, errors, warnings, k, n)
                RETURNING id)
            """
        let issues = files.enumerated().flatMap { file, arrival in
            arrival.validation.issues.issues.enumerated().map { (file: file + 1, seq: $0 + 1, issue: $1) }
        }
        if !issues.isEmpty {
            sql += """
                ,
                issues AS (
                    INSERT INTO file_issue (file_id, seq, code, severity, line, "column", column_name, message_vi, message_en, sheet)
                    SELECT \(first)::int8 + f - 1, seq, code, severity, line, col, column_name, vi, en, sheet
                    FROM unnest(\(statement.bind(.integers(issues.count) { issues[$0].file }))::int8[],
                                \(statement.bind(.integers(issues.count) { issues[$0].seq }))::int8[],
                                \(statement.bind(.texts(issues.count) { issues[$0].issue.code }))::text[],
                                \(statement.bind(.texts(issues.count) { issues[$0].issue.severity.rawValue }))::text[],
                                \(statement.bind(.integers(issues.count) { issues[$0].issue.line }))::int8[],
                                \(statement.bind(.integers(issues.count) { issues[$0].issue.column }))::int8[],
                                \(statement.bind(.texts(issues.count) { issues[$0].issue.columnName }))::text[],
                                \(statement.bind(.texts(issues.count) { issues[$0].issue.message.vi }))::text[],
                                \(statement.bind(.texts(issues.count) { issues[$0].issue.message.en }))::text[],
                                \(statement.bind(.texts(issues.count) { issues[$0].issue.sheet }))::text[])
                         AS i(f, seq, code, severity, line, col, column_name, vi, en, sheet))
                """
        }
        // Which communes and months a refused file spoke for (its rows are not stored).
        let mentions = files.enumerated().flatMap { file, arrival in
            arrival.validation.isAccepted ? [] : arrival.validation.mentions.map { (file: file + 1, mention: $0) }
        }
        if !mentions.isEmpty {
            sql += """
                ,
                refused AS (
                    INSERT INTO refused_row (file_id, line, commune_code, period)
                    SELECT \(first)::int8 + f - 1, l, c, p
                    FROM unnest(\(statement.bind(.integers(mentions.count) { mentions[$0].file }))::int8[],
                                \(statement.bind(.integers(mentions.count) { mentions[$0].mention.line }))::int8[],
                                \(statement.bind(.texts(mentions.count) { mentions[$0].mention.communeCode }))::text[],
                                \(statement.bind(.texts(mentions.count) { mentions[$0].mention.period.description }))::text[]) AS m(f, l, c, p)
                    ON CONFLICT DO NOTHING)
                """
        }
        // The rows that did not become current, with why (the audit trail).
        let kept = files.enumerated().flatMap { file, arrival in arrival.kept.map { (file: file + 1, row: $0) } }
        if !kept.isEmpty {
            sql += """
                ,
                kept AS (
                    INSERT INTO kept_row (file_id, line, commune_code, period, reason)
                    SELECT \(first)::int8 + f - 1, l, c, p, r
                    FROM unnest(\(statement.bind(.integers(kept.count) { kept[$0].file }))::int8[],
                                \(statement.bind(.integers(kept.count) { kept[$0].row.line }))::int8[],
                                \(statement.bind(.texts(kept.count) { kept[$0].row.communeCode }))::text[],
                                \(statement.bind(.texts(kept.count) { kept[$0].row.period.description }))::text[],
                                \(statement.bind(.texts(kept.count) { kept[$0].row.kind.rawValue }))::text[]) AS k(f, l, c, p, r)
                    ON CONFLICT DO NOTHING)
                """
        }
        let rows = files.enumerated().flatMap { file, arrival in arrival.rows.map { (file: file + 1, stored: $0) } }
        if !rows.isEmpty {
            let figures = PostgresArrivalWriter.figureColumns.indices.map { index in
                statement.bind(.integers(rows.count) { rows[$0].stored.row.figures.values[index] }) + "::int8[]"
            }.joined(separator: ", ")
            let figureNames = PostgresArrivalWriter.figureColumns.indices.map { "f\($0)" }.joined(separator: ", ")
            // A province's own fields, only when some row has them (the contract's form sends none).
            let extras = rows.map(\.stored.row.figures.extrasJSON)
            let sendsExtras = extras.contains { $0 != nil }
            sql += """
                ,
                stored AS (
                    INSERT INTO submission (file_id, line, commune_code, period, revision, \(PostgresArrivalWriter.figureColumns.joined(separator: ", ")),
                                            commune_name, notes\(sendsExtras ? ", extra" : ""))
                    SELECT \(first)::int8 + f - 1, l, c, p, r, \(figureNames), nm, nt\(sendsExtras ? ", x" : "")
                    FROM unnest(\(statement.bind(.integers(rows.count) { rows[$0].file }))::int8[],
                                \(statement.bind(.integers(rows.count) { rows[$0].stored.row.line }))::int8[],
                                \(statement.bind(.texts(rows.count) { rows[$0].stored.row.communeCode }))::text[],
                                \(statement.bind(.texts(rows.count) { rows[$0].stored.row.period.description }))::text[],
                                \(statement.bind(.integers(rows.count) { rows[$0].stored.revision }))::int8[],
                                \(figures),
                                \(statement.bind(.texts(rows.count) { rows[$0].stored.row.communeName }))::text[],
                                \(statement.bind(.texts(rows.count) { rows[$0].stored.row.notes }))::text[]\(
                                    sendsExtras ? ", " + statement.bind(.texts(rows.count) { extras[$0] }) + "::text[]" : ""))
                         AS u(f, l, c, p, r, \(figureNames), nm, nt\(sendsExtras ? ", x" : "")))
                """
        }
        // `moved` is read, so it runs (a CTE that only reads runs when it is used).
        sql += "\nSELECT (SELECT count(*) FROM arrival), (SELECT count(*) FROM moved)"
        return PostgresQuery(unsafeSQL: sql, binds: statement.binds)
    }

    /// Parameters of a statement built piece by piece: each `bind` returns its placeholder.
    private struct Statement {
        var binds = PostgresBindings()

        mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }

        mutating func bind(_ column: PostgresColumn) -> String {
            binds.append(column)
            return "$\(binds.count)"
        }
    }
}
