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

    /// The statement that stores the chunk. Each table's columns are unnested side by side in
    /// the select list, which PostgreSQL runs row by row as it inserts; `unnest(a, b, …)` in
    /// FROM first copies every row into a store of its own (a third of a chunk's time on the
    /// server). A row's file is its position in the chunk, from 1: its id is the first id plus
    /// that position, less one.
    func statement() -> PostgresQuery {
        var statement = Statement()
        var seen = Set<String>()
        let contents = files.filter { seen.insert($0.validation.sha256).inserted }
        let first = statement.bind(Int(firstID))
        let last = statement.bind(Int(firstID) + files.count - 1)
        var sql = """
            WITH moved AS (
                SELECT setval(pg_get_serial_sequence('received_file', 'id'), \(last)::int8)),
            content AS (
                INSERT INTO file_content (sha256, content)
                SELECT \(statement.unnest(.texts(contents.count) { contents[$0].validation.sha256 })),
                       \(statement.unnest(.bytes(contents.count) { contents[$0].content }))
                ON CONFLICT DO NOTHING),
            arrival AS (
                INSERT INTO received_file
                    (id, sha256, name, source, received_at, status, row_count, error_count, warning_count, key_id, stored_at)
                SELECT generate_series(\(first)::int8, \(last)::int8),
                       \(statement.unnest(.texts(files.count) { files[$0].validation.sha256 })),
                       \(statement.unnest(.texts(files.count) { files[$0].validation.fileName })),
                       \(statement.unnest(.texts(files.count) { files[$0].source })),
                       \(statement.unnest(.texts(files.count) { files[$0].arrivedAt })),
                       \(statement.unnest(.texts(files.count) { files[$0].validation.isAccepted ? "accepted" : "refused" })),
                       \(statement.unnest(.integers(files.count) { files[$0].validation.rows.count })),
                       \(statement.unnest(.integers(files.count) { files[$0].validation.issues.errorCount })),
                       \(statement.unnest(.integers(files.count) { files[$0].validation.issues.warningCount })),
                       \(statement.unnest(.integers(files.count) { files[$0].keyID.map(Int.init) })),
                       \(statement.bind(storedAt))
                RETURNING id)
            """
        /// The id of the file at each position (from 1) `column` gives.
        func fileID(_ column: PostgresColumn) -> String {
            "\(first)::int8 - 1 + \(statement.unnest(column))"
        }
        let issues = files.enumerated().flatMap { file, arrival in
            arrival.validation.issues.issues.enumerated().map { (file: file + 1, seq: $0 + 1, issue: $1) }
        }
        if !issues.isEmpty {
            sql += """
                ,
                issues AS (
                    INSERT INTO file_issue (file_id, seq, code, severity, line, "column", column_name, message_vi, message_en, sheet)
                    SELECT \(fileID(.integers(issues.count) { issues[$0].file })),
                           \(statement.unnest(.integers(issues.count) { issues[$0].seq })),
                           \(statement.unnest(.texts(issues.count) { issues[$0].issue.code })),
                           \(statement.unnest(.texts(issues.count) { issues[$0].issue.severity.rawValue })),
                           \(statement.unnest(.integers(issues.count) { issues[$0].issue.line })),
                           \(statement.unnest(.integers(issues.count) { issues[$0].issue.column })),
                           \(statement.unnest(.texts(issues.count) { issues[$0].issue.columnName })),
                           \(statement.unnest(.texts(issues.count) { issues[$0].issue.message.vi })),
                           \(statement.unnest(.texts(issues.count) { issues[$0].issue.message.en })),
                           \(statement.unnest(.texts(issues.count) { issues[$0].issue.sheet })))
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
                    SELECT \(fileID(.integers(mentions.count) { mentions[$0].file })),
                           \(statement.unnest(.integers(mentions.count) { mentions[$0].mention.line })),
                           \(statement.unnest(.texts(mentions.count) { mentions[$0].mention.communeCode })),
                           \(statement.unnest(.texts(mentions.count) { mentions[$0].mention.period.description }))
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
                    SELECT \(fileID(.integers(kept.count) { kept[$0].file })),
                           \(statement.unnest(.integers(kept.count) { kept[$0].row.line })),
                           \(statement.unnest(.texts(kept.count) { kept[$0].row.communeCode })),
                           \(statement.unnest(.texts(kept.count) { kept[$0].row.period.description })),
                           \(statement.unnest(.texts(kept.count) { kept[$0].row.kind.rawValue }))
                    ON CONFLICT DO NOTHING)
                """
        }
        let rows = files.enumerated().flatMap { file, arrival in arrival.rows.map { (file: file + 1, stored: $0) } }
        if !rows.isEmpty {
            let figures = PostgresArrivalWriter.figureColumns.indices.map { index in
                statement.unnest(.integers(rows.count) { rows[$0].stored.row.figures.values[index] })
            }.joined(separator: ", ")
            // A province's own fields, only when some row has them (the contract's form sends none).
            let extras = rows.map(\.stored.row.figures.extrasJSON)
            let sendsExtras = extras.contains { $0 != nil }
            sql += """
                ,
                stored AS (
                    INSERT INTO submission (file_id, line, commune_code, period, revision, \(PostgresArrivalWriter.figureColumns.joined(separator: ", ")),
                                            commune_name, notes\(sendsExtras ? ", extra" : ""))
                    SELECT \(fileID(.integers(rows.count) { rows[$0].file })),
                           \(statement.unnest(.integers(rows.count) { rows[$0].stored.row.line })),
                           \(statement.unnest(.texts(rows.count) { rows[$0].stored.row.communeCode })),
                           \(statement.unnest(.texts(rows.count) { rows[$0].stored.row.period.description })),
                           \(statement.unnest(.integers(rows.count) { rows[$0].stored.revision })),
                           \(figures),
                           \(statement.unnest(.texts(rows.count) { rows[$0].stored.row.communeName })),
                           \(statement.unnest(.texts(rows.count) { rows[$0].stored.row.notes }))\(
                               sendsExtras ? ",\n" + statement.unnest(.texts(rows.count) { extras[$0] }) : ""))
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

        /// The column's elements one by one, beside the other columns unnested in the same
        /// select list (PostgreSQL walks them in step; every column of a table has as many).
        mutating func unnest(_ column: PostgresColumn) -> String {
            binds.append(column)
            return "unnest($\(binds.count)::\(column.sqlArrayType))"
        }
    }
}
