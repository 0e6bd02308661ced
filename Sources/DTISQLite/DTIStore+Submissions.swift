import DTICore
import Foundation
import GRDB

extension DTIStore {
    /// Stores a validated file that arrived at `date` in one transaction, as `ArrivalPlan`
    /// decides. `keyID` is the upload key the file came with (`dti serve`), if any.
    public func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64? = nil,
                       at date: Date = Date()) throws -> FileReceipt {
        try recordBatch(at: date) { writer in
            try writer.record(validation, content: content, source: source, keyID: keyID, arrivedAt: nil)
        }
    }

    /// Records many files in one transaction: `body` calls the given function once per file.
    /// A crash or error leaves the database as before the call; the caller bounds a batch's size.
    public func recordBatch<T>(at date: Date = Date(), _ body: (_ writer: any ArrivalWriter) throws -> T) throws -> T {
        try queue.writeWithoutTransaction { db in
            var done: (result: T, writer: SubmissionWriter)?
            try db.inTransaction {
                // Inside the transaction (BEGIN IMMEDIATE): no other connection commits
                // between the writer reading the data version and its last row.
                let writer = try SubmissionWriter(db: db, at: date, remembered: arrivals.take())
                done = (try body(writer), writer)
                return .commit
            }
            // Committed: what the writer learnt holds for the next batch, unless another
            // connection writes first. A batch that failed leaves nothing remembered. (Taken,
            // not shared: the writer's changes then never copy what it holds.)
            arrivals.memory = done?.writer.committedMemory()
            return done!.result
        }
    }

    /// The current revision of every commune that reported for `period`, by commune code.
    public func currentSubmissions(for period: Period) throws -> [String: StoredSubmission] {
        try currentSubmissions(for: period, through: nil)
    }

    /// The revision of every commune that was current when file `throughFile` had been stored.
    public func currentSubmissions(for period: Period, throughFile: Int64) throws -> [String: StoredSubmission] {
        try currentSubmissions(for: period, through: throughFile)
    }

    private func currentSubmissions(for period: Period, through file: Int64?) throws -> [String: StoredSubmission] {
        try reader.read { db in
            // Every revision of the month in key order (period, commune, revision), so the
            // last of each commune is its current one: no search for it row by row. The hot
            // path of every ranking, once per month ranked; read through the C API, by position.
            let figures = Figure.allCases.map { "s." + $0.rawValue }.joined(separator: ", ")
            let query = try RawStatement(db, sql: """
                SELECT s.commune_code, s.revision, s.line, s.commune_name, s.notes, s.extra, f.name, f.sha256, \(figures)
                FROM submission s JOIN received_file f ON f.id = s.file_id
                WHERE s.period = ?1\(file == nil ? "" : " AND s.file_id <= ?2")
                ORDER BY s.commune_code, s.revision
                """)
            query.reset()
            defer { query.reset() }
            try query.bind(period.description, at: 1)
            if let file { try query.bind(Int(file), at: 2) }
            let count = Int32(Figure.allCases.count)
            var result: [String: StoredSubmission] = [:]
            while try query.step() {
                let code = query.text(at: 0) ?? ""
                var values = Figures(values: (0..<count).map { query.int(at: 8 + $0) })
                if !query.isNull(at: 5) { values.setExtras(json: query.text(at: 5)) }
                result[code] = StoredSubmission(
                    communeCode: code, period: period, revision: query.int(at: 1), figures: values,
                    communeName: query.text(at: 3), notes: query.text(at: 4), fileName: query.text(at: 6) ?? "",
                    fileSHA256: query.text(at: 7) ?? "", line: query.int(at: 2))
            }
            return result
        }
    }

    /// The figures of the current revision of every submission from `first` to `last`
    /// (inclusive), by period then commune code: one range of the primary key, read through
    /// the C API (a year of national history is 120,000 rows).
    public func currentFigures(from first: Period, through last: Period) throws -> [(period: Period, communeCode: String, figures: Figures)] {
        try reader.read { db in
            let count = Int32(Figure.allCases.count)
            // Every revision in key order; the last of each (period, commune) is the current one.
            let query = try RawStatement(db, sql: """
                SELECT period, commune_code, extra, \(SubmissionWriter.figureColumns) FROM submission
                WHERE period BETWEEN ? AND ? ORDER BY period, commune_code, revision
                """)
            query.reset()
            defer { query.reset() }
            try query.bind(first.description, at: 1)
            try query.bind(last.description, at: 2)
            var result: [(period: Period, communeCode: String, figures: Figures)] = []
            var periodText = "", period = first
            while try query.step() {
                let text = query.text(at: 0)!
                if text != periodText, let parsed = Period(text) { (periodText, period) = (text, parsed) }
                let code = query.text(at: 1)!
                var figures = Figures(values: (0..<count).map { query.int(at: 3 + $0) })
                if !query.isNull(at: 2) { figures.setExtras(json: query.text(at: 2)) }
                if let previous = result.last, previous.period == period, previous.communeCode == code {
                    result[result.count - 1].figures = figures
                } else {
                    result.append((period, code, figures))
                }
            }
            return result
        }
    }

    /// The communes with a submission (any revision) for `period`: an index range, not a scan.
    public func communeCodes(in period: Period) throws -> Set<String> {
        try reader.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT commune_code FROM submission WHERE period = ?",
                                    arguments: [period.description]))
        }
    }

    /// The periods that hold at least one submission, oldest first.
    public func periodsWithSubmissions() throws -> [Period] {
        try reader.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT period FROM submission ORDER BY period").compactMap(Period.init)
        }
    }

    /// Warnings recorded for the given rows (file hash and line), shown as data warnings.
    public func warnings(forRows rows: Set<FileLine>) throws -> [ValidationIssue] {
        guard !rows.isEmpty else { return [] }
        let files = Set(rows.map(\.sha256)).sorted()
        return try reader.read { db in
            let found = try Row.fetchAll(db, sql: """
                SELECT f.name, f.sha256, i.* FROM file_issue i JOIN received_file f ON f.id = i.file_id
                WHERE i.severity = 'warning' AND f.sha256 IN (SELECT value FROM json_each(?))
                ORDER BY f.name, f.id, i.seq
                """, arguments: [String(decoding: try JSONEncoder().encode(files), as: UTF8.self)])
            return try found.filter { row in
                rows.contains(FileLine(sha256: row["sha256"], line: row["line"] ?? 0))
            }.map { row in try FileIssueRecord(row: row).issue(file: row["name"]) }
        }
    }

    /// Every commune code that has reported in `period` or before.
    public func communeCodesWithSubmissions(through period: Period) throws -> Set<String> {
        try reader.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT commune_code FROM submission WHERE period <= ?",
                                    arguments: [period.description]))
        }
    }
}

/// What the last committed batch of arrivals left known of the ledger (`SubmissionWriter.Memory`).
/// Used only inside the writer's queue, which runs one transaction at a time.
final class RememberedArrivals: @unchecked Sendable {
    var memory: SubmissionWriter.Memory?

    /// The memory, left empty: a batch that fails leaves nothing remembered.
    func take() -> SubmissionWriter.Memory? {
        defer { memory = nil }
        return memory
    }
}
