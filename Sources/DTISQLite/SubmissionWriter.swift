import DTICore
import Foundation
import GRDB

/// Records received files and their rows inside the caller's transaction, as `ArrivalPlan`
/// decides: this type only reads what the plan needs and stores what it says.
///
/// The hot path of a history rebuild (hundreds of thousands of rows), so it speaks SQL
/// through cached prepared statements and binds plain values; no Codable record on the way.
final class SubmissionWriter: ArrivalWriter {
    let db: Database
    /// When this batch is stored; also when its files reached the department unless a file
    /// says otherwise (an inbox file's modification time, `ingest --received-at`).
    let storedAt: Date
    private let storedAtText: String
    /// What is known of the ledger: read in this transaction, or remembered from the last one
    /// when no other connection has written since (`PRAGMA data_version`). Touched twice for
    /// every row, by this writer alone on the transaction's thread, and never by two accesses
    /// at once: not checked for overlapping access at run time (which cost 120 instructions
    /// a touch).
    @exclusivity(unchecked) private(set) var memory: Memory
    /// The month of the last row stored, as text, while it is bound (rows come month by month).
    private var periodText: (period: Period?, text: String) = (nil, "")
    /// Where a row's commune code and month are copied for SQLite to read in place (bound
    /// without SQLite copying them again); unbound before `record` returns.
    private let codeSlot = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 8)
    private let periodSlot = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 8)

    /// What a writer knows of the ledger, and the database's data version when it was true:
    /// SQLite changes it when another connection commits, never for this connection's own
    /// commits. Only this writer stores revisions, so its memory is the ledger's as long as the
    /// version stands.
    typealias Memory = RememberedLedger<Int>

    /// A writer inside a write transaction: it starts from `remembered` when no other
    /// connection has committed since, from nothing otherwise.
    init(db: Database, at date: Date, remembered: Memory?) throws {
        self.db = db
        storedAt = date
        // `2026-11-01T08:30:00Z`, formatted once for the whole batch.
        storedAtText = Timestamp.text(date)
        let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        memory = remembered.flatMap { $0.position == version ? $0 : nil } ?? Memory(position: version)
        memory.ledger.beginBatch()
    }

    deinit {
        codeSlot.deallocate()
        periodSlot.deallocate()
    }

    /// What to remember once the transaction has committed. The writer is done with it.
    func committedMemory() -> Memory {
        memory.ledger.forgetOldMonths()
        return memory
    }

    /// The figure columns, in `Figure.allCases` order: their SQL names are the canonical names.
    static let figureColumns = Figure.allCases.map(\.rawValue).joined(separator: ", ")
    /// The same, of the table `s`.
    static let qualifiedFigureColumns = Figure.allCases.map { "s." + $0.rawValue }.joined(separator: ", ")

    /// The statements this writer runs, prepared once per batch: looking one up in GRDB's cache
    /// hashes its SQL text, and they run for every file and many rows.
    enum Query: Int, CaseIterable {
        case insertSubmission, acceptedBefore, insertContent, insertFile, insertIssue, insertKeptRow, insertRefusedRow
        case monthRevisions, communeRevision

        var sql: String {
            switch self {
            case .insertSubmission: """
                INSERT INTO submission (file_id, line, commune_code, period, revision, \(SubmissionWriter.figureColumns), commune_name, notes, extra)
                VALUES (?, ?, ?, ?, ?, \(Array(repeating: "?", count: Figure.allCases.count).joined(separator: ", ")), ?, ?, ?)
                """
            case .acceptedBefore: "SELECT received_at FROM received_file WHERE sha256 = ? AND status = 'accepted'"
            case .insertContent: "INSERT INTO file_content (sha256, content) VALUES (?, ?) ON CONFLICT DO NOTHING"
            case .insertFile: """
                INSERT INTO received_file
                    (sha256, name, source, received_at, status, row_count, error_count, warning_count, key_id, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            case .insertIssue: """
                INSERT INTO file_issue (file_id, seq, code, severity, line, "column", column_name, message_vi, message_en, sheet)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            case .insertKeptRow: "INSERT OR IGNORE INTO kept_row (file_id, line, commune_code, period, reason) VALUES (?, ?, ?, ?, ?)"
            case .insertRefusedRow: "INSERT OR IGNORE INTO refused_row (file_id, line, commune_code, period) VALUES (?, ?, ?, ?)"
            // Every revision of the month in key order (period, commune, revision): the last of
            // each commune is its current one.
            case .monthRevisions: """
                SELECT s.commune_code, s.revision, f.received_at, s.commune_name, s.notes, s.extra, \(SubmissionWriter.qualifiedFigureColumns)
                FROM submission s JOIN received_file f ON f.id = s.file_id
                WHERE s.period = ?1 ORDER BY s.commune_code, s.revision
                """
            case .communeRevision: """
                SELECT s.commune_code, s.revision, f.received_at, s.commune_name, s.notes, s.extra, \(SubmissionWriter.qualifiedFigureColumns)
                FROM submission s JOIN received_file f ON f.id = s.file_id
                WHERE s.period = ?1 AND s.commune_code = ?2 ORDER BY s.revision DESC LIMIT 1
                """
            }
        }
    }

    private var statements = [RawStatement?](repeating: nil, count: Query.allCases.count)

    /// `query`'s statement, prepared on first use in this batch.
    private func statement(_ query: Query) throws -> RawStatement {
        if let known = statements[query.rawValue] { return known }
        let made = try RawStatement(db, sql: query.sql)
        statements[query.rawValue] = made
        return made
    }

    func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64? = nil,
                arrivedAt: Date? = nil) throws -> FileReceipt {
        let arrival = arrivedAt ?? storedAt
        let plan = try ArrivalPlan.decide(validation, arrivedAt: arrival, timeIsTheFiles: arrivedAt != nil, current: currentRevision,
                                          acceptedBefore: { try acceptedBefore(validation.sha256) })
        let receipt = FileReceipt(validation, plan: plan, arrivedAt: arrival)
        guard plan.isStored else { return receipt }
        let fileID = try insertArrival(validation, content: content, source: source, keyID: keyID,
                                       arrivedAt: arrivedAt.map(Timestamp.text) ?? storedAtText)
        guard validation.isAccepted else {
            try insertMentions(validation.mentions.map { ($0.line, $0.communeCode, $0.period, nil) }, fileID: fileID)
            return receipt
        }
        let insert = try statement(.insertSubmission)
        defer {
            insert.unbind(3)
            insert.unbind(4)
            periodText = (nil, "")
        }
        var kept: [(line: Int, communeCode: String, period: Period, reason: String?)] = []
        for (row, outcome) in zip(validation.rows, plan.rows) {
            guard outcome.kind.makesRevision else {
                kept.append((row.line, row.communeCode, row.period, outcome.kind.rawValue))
                continue
            }
            insert.reset()
            try insert.bind(Int(fileID), at: 1)
            try insert.bind(row.line, at: 2)
            try insert.bind(row.communeCode, at: 3, in: codeSlot)
            if row.period != periodText.period {
                periodText = (row.period, row.period.description)
                try insert.bind(periodText.text, at: 4, in: periodSlot)
            }
            try insert.bind(outcome.revision, at: 5)
            try row.figures.values.withUnsafeBufferPointer { figures in
                for index in figures.indices { try insert.bind(figures[index], at: Int32(6 + index)) }
            }
            let next = Int32(6 + Figure.allCases.count)
            try insert.bind(row.communeName, at: next)
            try insert.bind(row.notes, at: next + 1)
            try insert.bind(row.figures.extrasJSON, at: next + 2)
            _ = try insert.step()
            memory.ledger.remember(CurrentRevision(row, revision: outcome.revision, arrivedAt: arrival),
                            for: RowKey(communeCode: row.communeCode, period: row.period))
        }
        try insertMentions(kept, fileID: fileID)
        return receipt
    }

    /// When the same bytes were accepted before.
    private func acceptedBefore(_ sha256: String) throws -> [Date] {
        let query = try statement(.acceptedBefore)
        query.reset()
        defer { query.reset() }
        try query.bind(sha256, at: 1)
        var times: [Date] = []
        while try query.step() {
            if let text = query.text(at: 0), let date = Timestamp.date(text) { times.append(date) }
        }
        return times
    }

    /// Stores the arrival: its bytes (once per distinct content), when and from where it came,
    /// the verdict and its issues. Returns the arrival's id.
    private func insertArrival(_ validation: FileValidation, content: [UInt8], source: String,
                               keyID: Int64?, arrivedAt: String) throws -> Int64 {
        let insertContent = try statement(.insertContent)
        insertContent.reset()
        try insertContent.bind(validation.sha256, at: 1)
        try insertContent.step(bindingBlob: content, at: 2)
        let insertFile = try statement(.insertFile)
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
        try insertFile.bind(storedAtText, at: 10)
        _ = try insertFile.step()
        let fileID = db.lastInsertedRowID
        if !validation.issues.issues.isEmpty {
            let insertIssue = try statement(.insertIssue)
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

    /// Rows of a file that are not revisions: the communes and months a refused file spoke for
    /// (`refused_row`), or an accepted file's rows that did not become current, with why
    /// (`kept_row`: the same figures again, or it arrived before the current ones).
    private func insertMentions(_ rows: [(line: Int, communeCode: String, period: Period, reason: String?)], fileID: Int64) throws {
        guard let first = rows.first else { return }
        let kept = first.reason != nil
        let insert = try statement(kept ? .insertKeptRow : .insertRefusedRow)
        for row in rows {
            insert.reset()
            try insert.bind(Int(fileID), at: 1)
            try insert.bind(row.line, at: 2)
            try insert.bind(row.communeCode, at: 3)
            try insert.bind(row.period.description, at: 4)
            if kept { try insert.bind(row.reason, at: 5) }
            _ = try insert.step()
        }
    }

    /// The current revision of a commune and month: known, or looked up by itself (an index
    /// seek: an upload costs the same into an empty month and a full one); once a transaction
    /// has asked for `ArrivalLookup.communesBeforeMonth` communes of one month, the month's
    /// revisions are read in one query over the primary key (a batch).
    private func currentRevision(_ key: RowKey) throws -> CurrentRevision? {
        let query: RawStatement, commune: String?
        switch memory.ledger.lookup(key) {
        case .known(let revision): return revision
        case .readMonth: (query, commune) = (try statement(.monthRevisions), nil)
        case .readCommune: (query, commune) = (try statement(.communeRevision), key.communeCode)
        }
        query.reset()
        defer { query.reset() }
        try query.bind(key.period.description, at: 1)
        if let commune { try query.bind(commune, at: 2) }
        var last: (code: String, revision: CurrentRevision)?
        while try query.step() {
            guard let code = query.text(at: 0), let at = query.text(at: 2).flatMap(Timestamp.date) else { continue }
            if let last, last.code != code { memory.ledger.rememberRead(last.revision, for: RowKey(communeCode: last.code, period: key.period)) }
            var figures = ContractValues()
            for index in figures.indices { figures[index] = query.int(at: 6 + Int32(index)) }
            last = (code, CurrentRevision(revision: query.int(at: 1), arrivedAt: at, figures: figures,
                                          extras: query.text(at: 5), communeName: query.text(at: 3), notes: query.text(at: 4)))
        }
        if let last { memory.ledger.rememberRead(last.revision, for: RowKey(communeCode: last.code, period: key.period)) }
        return memory.ledger.revision(key)
    }
}
