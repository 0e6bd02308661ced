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
/// accepted before) in a few queries; `record` decides each file against that, in
/// memory, and queues what it stores; every `flushRows` rows the queue goes to the server as a
/// chunk (`PostgresArrivalChunk`: one statement, each table's rows as columns, unnested), encoded
/// and sent by threads of its own while the next files are decided. The files' ids are given here, in
/// arrival order, from where the sequence stood when the arrival lock was taken. An upload is
/// a batch of one.
///
/// What was read and written is remembered after the transaction commits (`Memory`), so the
/// next batch of an ingest does not read its months again: it is trusted only while no other
/// writer has stored a file since — the ids of `received_file` are where every writer's files
/// go, so an unchanged sequence (of the same table) says the ledger is as this process left it.
final class PostgresArrivalWriter: ArrivalWriter {
    private let session: PostgresSession
    /// When this batch is stored, and when its files arrived unless a file says otherwise.
    private let storedAt: Date
    private let storedAtText: String
    /// What is known of the ledger: read in this transaction, or remembered from the last.
    private(set) var memory: Memory
    /// When each content was accepted in this transaction's queued files.
    private var acceptedQueued: [String: [Date]] = [:]
    /// Files decided and waiting for `flush`, in arrival order, their size and their rows.
    private var queued: [PostgresArrivalChunk.File] = []
    private var queuedBytes = 0
    private var queuedRows = 0
    /// Past this many bytes of content, the queue is written before another file joins it.
    static let flushBytes = 16 << 20
    /// Past this many rows, the queue is sent, and the server stores them while the next
    /// files are decided (a batch of 256 files of a national month holds about 4,000).
    static let flushRows = 2_048
    /// The first chunk of a batch is sent sooner: the server waits for nothing else.
    static let firstFlushRows = 256
    private var chunksSent = 0
    /// Where chunks go, and the id the next file queued will have.
    private let sender = Sender()
    private var nextID: Int64

    /// What a writer knows of the ledger, and where the ids of received files stood when it was true.
    typealias Memory = RememberedLedger<SequencePosition>

    /// Where the ids of `received_file` stand: another writer's file moves them on.
    struct SequencePosition: Equatable, Sendable {
        var table: Int64
        var lastValue: Int64
        var isCalled: Bool

        static func read(_ session: PostgresSession) throws -> SequencePosition {
            guard let row = try session.query("""
                SELECT 'received_file'::regclass::oid::int8, last_value, is_called FROM received_file_id_seq
                """).first else { throw StoreFault(kind: .damaged, path: session.address.description, detail: "received_file_id_seq has no row") }
            let (table, lastValue, isCalled) = try row.decode((Int64, Int64, Bool).self)
            return SequencePosition(table: table, lastValue: lastValue, isCalled: isCalled)
        }
    }

    /// A writer inside a transaction that holds the arrival lock: it starts from `remembered`
    /// when no file was stored since, from nothing otherwise.
    init(session: PostgresSession, at date: Date, remembered: Memory?) throws {
        self.session = session
        storedAt = date
        storedAtText = Timestamp.text(date)
        let position = try SequencePosition.read(session)
        memory = remembered.flatMap { $0.position == position ? $0 : nil } ?? Memory(position: position)
        memory.ledger.beginBatch()
        nextID = position.isCalled ? position.lastValue + 1 : position.lastValue
    }

    /// What to remember once the transaction has committed: the contents accepted in it join
    /// those known to be stored. The writer is done with it.
    func committedMemory() -> Memory {
        for (content, dates) in acceptedQueued { memory.ledger.acceptedStored[content]?.append(contentsOf: dates) }
        acceptedQueued = [:]
        memory.ledger.forgetOldMonths()
        return memory
    }

    /// The figure columns in `Figure.allCases` order.
    static let figureColumns = Figure.allCases.map(\.rawValue)

    func prepare(_ validations: [FileValidation]) throws {
        let accepted = validations.filter(\.isAccepted)
        // How many rows each month has in the batch, counted run by run (a file's rows are
        // mostly of one month): no row is hashed until a month is known to be small enough to
        // be looked up commune by commune.
        var rowsInMonth: [Period: Int] = [:]
        var month: Period?, run = 0
        for validation in accepted {
            for row in validation.rows {
                if row.period != month {
                    if let month { rowsInMonth[month, default: 0] += run }
                    (month, run) = (row.period, 0)
                }
                run += 1
            }
        }
        if let month { rowsInMonth[month, default: 0] += run }
        var months: [Period] = [], few: Set<Period> = []
        for (period, count) in rowsInMonth where !memory.ledger.isRead(period) {
            if memory.ledger.readsWhole(period, rows: count) { months.append(period) } else { few.insert(period) }
        }
        var pairs: [RowKey] = []
        if !few.isEmpty {
            month = nil
            var looksUp = false
            for validation in accepted {
                for row in validation.rows {
                    if row.period != month { (month, looksUp) = (row.period, few.contains(row.period)) }
                    guard looksUp else { continue }
                    let key = RowKey(communeCode: row.communeCode, period: row.period)
                    if memory.ledger.needsLookup(key) { pairs.append(key) }
                }
            }
        }
        if !months.isEmpty { try readRevisions(periods: months.sorted()) }
        if !pairs.isEmpty { try readRevisions(pairs) }
        // When the same bytes were accepted before matters only for a file with a row that is
        // not new (`ArrivalPlan.decide`): one whose commune and month has a revision now, or
        // gets one from an earlier file of this batch. Only those contents are asked for.
        // Month by month as the rows come: the communes of a month known, and those met in
        // this batch so far.
        var seenBefore: [Period: Set<CommuneKey>] = [:], contents = Set<String>()
        var seen: Set<CommuneKey> = []
        month = nil
        for validation in accepted {
            var anyKnown = false
            for row in validation.rows {
                if row.period != month {
                    if let month { seenBefore[month] = seen }
                    month = row.period
                    seen = seenBefore.removeValue(forKey: row.period) ?? Set(minimumCapacity: rowsInMonth[row.period] ?? 0)
                }
                if !seen.insert(CommuneKey(row.communeCode)).inserted
                    || memory.ledger.revision(RowKey(communeCode: row.communeCode, period: row.period)) != nil { anyKnown = true }
            }
            if anyKnown, memory.ledger.acceptedStored[validation.sha256] == nil { contents.insert(validation.sha256) }
        }
        guard !contents.isEmpty else { return }
        for content in contents { memory.ledger.acceptedStored[content] = [] }
        var binds = PostgresBindings()
        binds.append(Array(contents))
        let rows = try read(PostgresQuery(unsafeSQL: """
            SELECT sha256, received_at FROM received_file WHERE sha256 = ANY($1::text[]) AND status = 'accepted'
            """, binds: binds))
        for row in rows {
            let (sha256, at) = try row.decode((String, String).self)
            if let date = Timestamp.date(at) { memory.ledger.acceptedStored[sha256, default: []].append(date) }
        }
    }

    func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64?,
                arrivedAt: Date?) throws -> FileReceipt {
        let arrival = arrivedAt ?? storedAt
        let plan = try ArrivalPlan.decide(validation, arrivedAt: arrival, timeIsTheFiles: arrivedAt != nil, current: currentRevision,
                                          acceptedBefore: { try acceptedBefore(validation.sha256) })
        let receipt = FileReceipt(validation, plan: plan, arrivedAt: arrival)
        guard plan.isStored else { return receipt }
        if queuedBytes + content.count > Self.flushBytes || queuedRows >= (chunksSent == 0 ? Self.firstFlushRows : Self.flushRows) {
            flush()
        }
        let stored = zip(validation.rows, plan.rows).filter { $0.1.kind.makesRevision }
            .map { PostgresArrivalChunk.StoredRow(row: $0.0, revision: $0.1.revision) }
        queued.append(PostgresArrivalChunk.File(validation: validation, content: content, source: source, keyID: keyID,
                                                arrivedAt: arrivedAt.map(Timestamp.text) ?? storedAtText, rows: stored, kept: plan.kept))
        queuedBytes += content.count
        queuedRows += validation.rows.count
        if validation.isAccepted { acceptedQueued[validation.sha256, default: []].append(arrival) }
        for stored in stored {
            memory.ledger.remember(CurrentRevision(stored.row, revision: stored.revision, arrivedAt: arrival),
                            for: RowKey(communeCode: stored.row.communeCode, period: stored.row.period))
        }
        return receipt
    }

    /// When the same bytes were accepted before: stored (read once) or queued in this batch.
    private func acceptedBefore(_ sha256: String) throws -> [Date] {
        let stored = try memory.ledger.acceptedStored[sha256] ?? read(
            "SELECT received_at FROM received_file WHERE sha256 = \(sha256) AND status = 'accepted'"
        ).compactMap { Timestamp.date(try $0.decode(String.self)) }
        memory.ledger.acceptedStored[sha256] = stored
        return stored + (acceptedQueued[sha256] ?? [])
    }

    /// The current revision of a commune and month: known, read by `prepare`, or looked up by
    /// itself (an index seek: an upload costs the same into an empty month and a full one);
    /// once a transaction has asked for `ArrivalLookup.communesBeforeMonth` communes of one
    /// month, the month's revisions are read in one query.
    private func currentRevision(_ key: RowKey) throws -> CurrentRevision? {
        switch memory.ledger.lookup(key) {
        case .known(let revision): return revision
        case .readMonth: try readRevisions(periods: [key.period])
        case .readCommune: try readRevisions([key])
        }
        return memory.ledger.revision(key)
    }

    /// Reads the current revision of every commune of `periods`, in one query.
    private func readRevisions(periods: [Period]) throws {
        var binds = PostgresBindings()
        binds.append(periods.map(\.description))
        try keep(read(PostgresQuery(unsafeSQL: """
            SELECT DISTINCT ON (s.period, s.commune_code) s.period, s.commune_code, s.revision, f.received_at, s.commune_name, s.notes, s.extra, \(Self.revisionFigures)
            FROM submission s JOIN received_file f ON f.id = s.file_id
            WHERE s.period = ANY($1::text[]) ORDER BY s.period, s.commune_code, s.revision DESC
            """, binds: binds)))
    }

    /// Reads the current revision of each of `keys`, in one query.
    private func readRevisions(_ keys: [RowKey]) throws {
        var binds = PostgresBindings()
        binds.append(keys.map(\.period.description))
        binds.append(keys.map(\.communeCode))
        try keep(read(PostgresQuery(unsafeSQL: """
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
            guard memory.ledger.revision(key) == nil, let at = Timestamp.date(try cells[3].decode(String.self)) else { continue }
            memory.ledger.rememberRead(CurrentRevision(
                revision: try cells[2].decode(Int.self), arrivedAt: at,
                figures: ContractValues(try (0..<Self.figureColumns.count).map { try cells[7 + $0].decode(Int.self) }),
                extras: try cells[6].decode(String?.self),
                communeName: try cells[4].decode(String?.self), notes: try cells[5].decode(String?.self)), for: key)
        }
    }

    /// Hands the queued files to the sending threads as one chunk (`PostgresArrivalChunk`),
    /// with the next ids, and returns: the server stores them while the next files are decided.
    func flush() {
        guard !queued.isEmpty else { return }
        let chunk = PostgresArrivalChunk(files: queued, firstID: nextID, storedAt: storedAtText)
        nextID += Int64(queued.count)
        memory.position.lastValue = nextID - 1
        memory.position.isCalled = true
        queued.removeAll(keepingCapacity: true)
        (queuedBytes, queuedRows) = (0, 0)
        chunksSent += 1
        sender.send(chunk, on: session)
    }

    /// Writes what is queued and waits until the server has stored everything sent, in order;
    /// the first chunk that failed is the error (nothing after it is sent).
    func settle() throws {
        flush()
        try sender.settle()
    }

    /// Gives up the batch: waits until the sending threads are done, so that the rollback that
    /// follows reaches the server after everything sent in the transaction.
    func abandon() {
        queued.removeAll()
        sender.abandon()
    }

    /// Runs a query of the ledger once what was sent before it is stored: the ledger then
    /// says what this transaction wrote, and a failed chunk is not hidden behind a read that
    /// failed only because the transaction had.
    private func read(_ query: PostgresQuery) throws -> [PostgresRow] {
        try settle()
        return try session.query(query)
    }

    /// Stores chunks in the order sent: each is encoded on one thread (`PostgresArrivalChunk.statement`)
    /// and handed to another that sends it and waits for the server, so the next chunk is
    /// encoded while the server stores the last and the writer decides the next files.
    private final class Sender: @unchecked Sendable {
        private let encoding = DispatchQueue(label: "dti.postgres.arrivals.encode")
        private let sending = DispatchQueue(label: "dti.postgres.arrivals.send")
        /// The first chunk's error; touched only on `sending`.
        private var failure: (any Error)?

        func send(_ chunk: PostgresArrivalChunk, on session: PostgresSession) {
            encoding.async { [self] in
                let statement = chunk.statement()
                sending.async { [self] in
                    guard failure == nil else { return }
                    do { try session.query(statement) } catch { failure = error }
                }
            }
        }

        /// Waits for every chunk sent, whatever became of them, and sends none after: the
        /// transaction is about to be rolled back, which must reach the server after them.
        func abandon() {
            encoding.sync {}
            sending.sync { failure = failure ?? CancellationError() }
        }

        /// Waits for every chunk sent; throws the first one's error.
        func settle() throws {
            encoding.sync {}
            try sending.sync {
                defer { failure = nil }
                if let failure { throw failure }
            }
        }
    }
}
