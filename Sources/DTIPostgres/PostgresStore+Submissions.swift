import DTICore
import Foundation
import NIOCore
import PostgresNIO

extension PostgresStore {
    /// The advisory-lock key every transaction that records arrivals takes first ("dtia"):
    /// writers of arrivals, from any process, take turns; readers never wait for it.
    static let arrivalLock: Int64 = 0x6474_6961

    /// Stores a validated file in one transaction (see `PostgresArrivalWriter`).
    public func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64?,
                       at date: Date) throws -> FileReceipt {
        try recordBatch(at: date) { writer in
            try writer.record(validation, content: content, source: source, keyID: keyID, arrivedAt: nil)
        }
    }

    /// Against a server each batch costs round trips and a commit waited for while neither side
    /// works: 1,024 files took workload 1's ingest 0.79–0.84× the time of 256 (farm-bench on a
    /// local PostgreSQL 15 with fsync on); 2,048 and 4,096 gain nothing more and hold 18 and 50
    /// MB more. A batch holds the arrival lock about 0.2 s (workload 1: 15 batches in 2.2–2.6 s).
    public var filesPerBatch: Int { 1_024 }

    /// Records many files in one transaction: all or nothing. What the writer learnt of the
    /// ledger is remembered once the transaction has committed, for the next batch.
    public func recordBatch<T>(at date: Date, _ body: (_ writer: any ArrivalWriter) throws -> T) throws -> T {
        try locked { session in
            var committed: PostgresArrivalWriter?
            let result = try session.transaction {
                try session.query("SELECT pg_advisory_xact_lock(\(Self.arrivalLock))")
                // Taken, not copied: the writer's changes then never copy the tables it holds.
                let writer = try PostgresArrivalWriter(session: session, at: date, remembered: takeArrivalMemory())
                do {
                    let result = try body(writer)
                    try writer.settle()
                    committed = writer
                    return result
                } catch {
                    writer.abandon()
                    throw error
                }
            }
            arrivalMemory = committed?.committedMemory()
            return result
        }
    }

    /// The memory of the last batch, left empty: a batch that fails leaves nothing remembered.
    private func takeArrivalMemory() -> PostgresArrivalWriter.Memory? {
        defer { arrivalMemory = nil }
        return arrivalMemory
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
        var binds = PostgresBindings()
        binds.append(period.description)
        binds.append(file)
        let rows = try locked { session in
            try session.query(PostgresQuery(unsafeSQL: """
                SELECT DISTINCT ON (s.commune_code) s.commune_code, \(Self.revisionColumns)
                FROM submission s JOIN received_file f ON f.id = s.file_id
                WHERE s.period = $1 AND ($2::bigint IS NULL OR s.file_id <= $2)
                ORDER BY s.commune_code, s.revision DESC
                """, binds: binds))
        }
        var result: [String: StoredSubmission] = [:]
        for row in rows {
            let cells = row.makeRandomAccess()
            let code = try cells[0].decode(String.self)
            result[code] = try Self.revision(cells, from: 1, communeCode: code, period: period)
        }
        return result
    }

    /// The figures of the current revision of every submission from `first` to `last`
    /// (inclusive), by period then commune code.
    public func currentFigures(from first: Period, through last: Period) throws -> [(period: Period, communeCode: String, figures: Figures)] {
        let rows = try locked { session in
            try session.query(PostgresQuery(unsafeSQL: """
                SELECT DISTINCT ON (period, commune_code) period, commune_code, \(PostgresArrivalWriter.figureColumns.joined(separator: ", ")), extra
                FROM submission WHERE period BETWEEN $1 AND $2 ORDER BY period, commune_code, revision DESC
                """, binds: Self.binds(first.description, last.description)))
        }
        var result: [(period: Period, communeCode: String, figures: Figures)] = []
        var periodText = "", period = first
        for row in rows {
            let cells = row.makeRandomAccess()
            let text = try cells[0].decode(String.self)
            if text != periodText, let parsed = Period(text) { (periodText, period) = (text, parsed) }
            result.append((period, try cells[1].decode(String.self), try Self.figures(cells, from: 2)))
        }
        return result
    }

    public func communeCodes(in period: Period) throws -> Set<String> {
        Set(try strings("SELECT DISTINCT commune_code FROM submission WHERE period = $1", period.description))
    }

    public func communeCodesWithSubmissions(through period: Period) throws -> Set<String> {
        Set(try strings("SELECT DISTINCT commune_code FROM submission WHERE period <= $1", period.description))
    }

    public func periodsWithSubmissions() throws -> [Period] {
        try strings("SELECT DISTINCT period FROM submission ORDER BY period").compactMap(Period.init)
    }

    /// Warnings recorded for the given rows (file hash and line), shown as data warnings.
    public func warnings(forRows rows: Set<FileLine>) throws -> [ValidationIssue] {
        guard !rows.isEmpty else { return [] }
        var files = PostgresBindings()
        files.append(Set(rows.map(\.sha256)).sorted())
        return try fileIssues(where: "i.severity = 'warning' AND f.sha256 = ANY($1)", binds: files)
            .filter { rows.contains(FileLine(sha256: $0.sha256, line: $0.issue.line ?? 0)) }
            .map(\.issue)
    }

    /// Every issue recorded for the received file `id`, in the order the commune saw them.
    public func issues(ofFile id: Int64) throws -> [ValidationIssue] {
        var binds = PostgresBindings()
        binds.append(id)
        return try fileIssues(where: "i.file_id = $1", binds: binds).map(\.issue)
    }

    /// Every commune that sent something for `period`, accepted or refused (only `communeCode`
    /// when given).
    public func arrivals(for period: Period, communeCode: String?, throughFile: Int64?) throws -> [String: CommuneArrivals] {
        var binds = PostgresBindings()
        binds.append(period.description)
        binds.append(communeCode)
        binds.append(throughFile)
        let (accepted, kept, refused) = try locked { session in
            (try session.query(PostgresQuery(unsafeSQL: """
                SELECT s.commune_code, f.received_at, f.name, f.id
                FROM submission s JOIN received_file f ON f.id = s.file_id
                WHERE s.period = $1 AND ($2::text IS NULL OR s.commune_code = $2) AND ($3::bigint IS NULL OR f.id <= $3)
                ORDER BY s.commune_code, s.revision
                """, binds: binds)),
             try session.query(PostgresQuery(unsafeSQL: """
                SELECT k.commune_code, f.received_at, f.name, k.line, k.reason, f.id
                FROM kept_row k JOIN received_file f ON f.id = k.file_id
                WHERE k.period = $1 AND ($2::text IS NULL OR k.commune_code = $2) AND ($3::bigint IS NULL OR f.id <= $3)
                ORDER BY k.commune_code, f.received_at, f.id
                """, binds: binds)),
             try session.query(PostgresQuery(unsafeSQL: """
                SELECT DISTINCT r.commune_code, f.received_at, f.id, f.name, f.error_count,
                       (SELECT message_vi FROM file_issue i WHERE i.file_id = f.id AND i.severity = 'error' ORDER BY seq LIMIT 1) AS vi,
                       (SELECT message_en FROM file_issue i WHERE i.file_id = f.id AND i.severity = 'error' ORDER BY seq LIMIT 1) AS en
                FROM refused_row r JOIN received_file f ON f.id = r.file_id
                WHERE r.period = $1 AND ($2::text IS NULL OR r.commune_code = $2) AND ($3::bigint IS NULL OR f.id <= $3)
                ORDER BY r.commune_code, f.received_at, f.id
                """, binds: binds)))
        }
        var result: [String: CommuneArrivals] = [:]
        for row in accepted {
            let (code, receivedAt, file, id) = try row.decode((String, String, String, Int64).self)
            guard let at = Timestamp.date(receivedAt) else { continue }
            result[code, default: CommuneArrivals()].addRevision(at: at, file: file, id: id)
        }
        for row in kept {
            let (code, receivedAt, file, line, reason, id) = try row.decode((String, String, String, Int, String, Int64).self)
            guard let at = Timestamp.date(receivedAt) else { continue }
            result[code, default: CommuneArrivals()].addKept(at: at, file: file, id: id, line: line, reason: reason)
        }
        for row in refused {
            let (code, receivedAt, id, file, errors, vi, en) = try row.decode((String, String, Int64, String, Int, String?, String?).self)
            guard let at = Timestamp.date(receivedAt) else { continue }
            result[code, default: CommuneArrivals()].refused.append(
                (at, file, errors, vi.map { LocalizedText(vi: $0, en: en ?? $0) }, id))
        }
        return result
    }

    // MARK: Audit

    /// Every revision of one commune's figures for one period (or every period when nil), by
    /// period and then oldest first.
    public func revisions(communeCode: String, period: Period?) throws -> [RevisionRecord] {
        var binds = PostgresBindings()
        binds.append(communeCode)
        binds.append(period?.description)
        let rows = try locked { session in
            try session.query(PostgresQuery(unsafeSQL: """
                SELECT s.period, f.received_at, f.source, \(Self.revisionColumns)
                FROM submission s JOIN received_file f ON f.id = s.file_id
                WHERE s.commune_code = $1 AND ($2::text IS NULL OR s.period = $2)
                ORDER BY s.period, s.revision
                """, binds: binds))
        }
        return try rows.map { row in
            let cells = row.makeRandomAccess()
            let submission = try Self.revision(cells, from: 3, communeCode: communeCode,
                                               period: Period(try cells[0].decode(String.self))!)
            return RevisionRecord(submission: submission, receivedAt: try cells[1].decode(String.self),
                                  source: try cells[2].decode(String.self))
        }
    }

    /// The files sent with the keys of one commune, oldest first, refused ones included.
    public func uploads(byKeysOfCommune communeCode: String) throws -> [UploadedFile] {
        try locked { session in
            try session.query("""
                SELECT f.name, f.sha256, f.received_at, f.status, f.row_count, f.error_count, f.warning_count, k.prefix
                FROM received_file f JOIN upload_key k ON k.id = f.key_id
                WHERE k.scope = 'commune' AND k.unit_code = \(communeCode)
                ORDER BY f.id
                """)
        }.map { row in
            let (name, sha256, receivedAt, status, rows, errors, warnings, prefix) =
                try row.decode((String, String, String, String, Int, Int, Int, String).self)
            return UploadedFile(name: name, sha256: sha256, receivedAt: receivedAt, accepted: status == "accepted",
                                rows: rows, errors: errors, warnings: warnings, keyPrefix: prefix)
        }
    }

    public func refusedContent(ofKey id: Int64, since date: Date) throws -> [String: Int] {
        let since = Timestamp.text(date)
        let rows = try locked { session in
            try session.query("""
                SELECT c.sha256, octet_length(c.content) FROM file_content c
                WHERE c.sha256 IN (SELECT sha256 FROM received_file WHERE key_id = \(id) AND status = 'refused' AND stored_at >= \(since))
                """)
        }
        var sizes: [String: Int] = [:]
        for row in rows {
            let (sha256, size) = try row.decode((String, Int).self)
            sizes[sha256] = size
        }
        return sizes
    }

    /// For each received file: its name, verdict, rows read and rows stored from it.
    public func fileRowCounts() throws -> [(name: String, accepted: Bool, rows: Int, stored: Int)] {
        try locked { session in
            try session.query("""
                SELECT f.name, f.status, f.row_count, count(s.file_id)
                FROM received_file f LEFT JOIN submission s ON s.file_id = f.id
                GROUP BY f.id ORDER BY f.id
                """)
        }.map { row in
            let (name, status, rows, stored) = try row.decode((String, String, Int, Int).self)
            return (name, status == "accepted", rows, stored)
        }
    }

    /// The bytes of a received file exactly as they arrived (nil when none has this hash).
    public func originalBytes(sha256: String) throws -> [UInt8]? {
        try locked { session in
            try session.query("SELECT content FROM file_content WHERE sha256 = \(sha256)").first
                .map { Array(try $0.decode(ByteBuffer.self).readableBytesView) }
        }
    }

    // MARK: Reading helpers

    static func binds(_ values: String...) -> PostgresBindings {
        binds(values)
    }

    static func binds(_ values: [String]) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }

    /// The columns of one stored revision (`s` the submission, `f` its file), read by `revision`.
    static let revisionColumns = (["s.revision", "s.line", "s.commune_name", "s.notes", "f.name", "f.sha256"]
        + PostgresArrivalWriter.figureColumns.map { "s." + $0 } + ["s.extra"]).joined(separator: ", ")

    /// A stored revision from `revisionColumns`, which start at column `first`.
    static func revision(_ cells: PostgresRandomAccessRow, from first: Int, communeCode: String,
                         period: Period) throws -> StoredSubmission {
        StoredSubmission(communeCode: communeCode, period: period, revision: try cells[first].decode(Int.self),
                         figures: try figures(cells, from: first + 6), communeName: try cells[first + 2].decode(String?.self),
                         notes: try cells[first + 3].decode(String?.self), fileName: try cells[first + 4].decode(String.self),
                         fileSHA256: try cells[first + 5].decode(String.self), line: try cells[first + 1].decode(Int.self))
    }

    /// The figures in `Figure.allCases` order from column `first` on, then the column `extra`.
    static func figures(_ cells: PostgresRandomAccessRow, from first: Int) throws -> Figures {
        let count = PostgresArrivalWriter.figureColumns.count
        var figures = Figures(values: try (0..<count).map { try cells[first + $0].decode(Int.self) })
        figures.setExtras(json: try cells[first + count].decode(String?.self))
        return figures
    }

    /// One column of text from every row.
    private func strings(_ sql: String, _ values: String...) throws -> [String] {
        try locked { session in
            try session.query(PostgresQuery(unsafeSQL: sql, binds: Self.binds(values))).map { try $0.decode(String.self) }
        }
    }

    /// Stored issues with their file's hash, by file name, file and order of the issues.
    private func fileIssues(where condition: String, binds: PostgresBindings) throws -> [(sha256: String, issue: ValidationIssue)] {
        try locked { session in
            try session.query(PostgresQuery(unsafeSQL: """
                SELECT f.name, f.sha256, i.code, i.severity, i.line, i."column", i.column_name, i.message_vi, i.message_en, i.sheet
                FROM file_issue i JOIN received_file f ON f.id = i.file_id
                WHERE \(condition) ORDER BY f.name, f.id, i.seq
                """, binds: binds))
        }.map { row in
            let (file, sha256, code, severity, line, column, columnName, vi, en, sheet) =
                try row.decode((String, String, String, String, Int?, Int?, String?, String, String, String?).self)
            return (sha256, ValidationIssue(code: code, severity: ValidationIssue.Severity(rawValue: severity) ?? .error, file: file,
                                            line: line, column: column, columnName: columnName,
                                            message: LocalizedText(vi: vi, en: en), sheet: sheet))
        }
    }
}
