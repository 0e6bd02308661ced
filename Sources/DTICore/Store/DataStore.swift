import Foundation

/// What the pipeline, the command line and the server need from the database, whatever holds
/// it: registers and the succession tables, files and the revisions of submissions, keys,
/// the audit trail. The core owns this interface; `DTISQLite` implements it (the default,
/// one file beside the reports), and `DTIPostgres` for a national service (several `dti
/// serve` and the batch jobs on one PostgreSQL database).
///
/// Every method is synchronous and may be called from any thread; an implementation
/// serialises its writes and lets reads run beside them.
public protocol DataStore: Sendable {
    /// Where the data lives, as an operator names it (a file path, or a server's address
    /// without its password).
    var path: String { get }
    /// The files the store keeps beside `path`, which an inbox folder holding the database
    /// may list; they are never submissions (none for a server's database).
    var companionFiles: [String] { get }

    // MARK: Registers and reforms

    func importRegister(_ units: [AdministrativeUnit], inForce: Period, sourceName: String, sha256: String,
                        at date: Date) throws -> RegisterImport
    /// Changes exactly when `unitDirectory()` would read something else.
    func registerFingerprint() throws -> String
    func unitDirectory() throws -> UnitDirectory
    func importSuccession(_ table: SuccessionTable, sourceName: String, sha256: String, at date: Date) throws -> SuccessionImport
    func successionTables() throws -> [SuccessionTable]

    // MARK: Files and submissions

    /// Records one arrival in a transaction of its own.
    func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64?, at date: Date) throws -> FileReceipt
    /// How many files `Ingestor` stores in one `recordBatch`: large enough that a batch's
    /// round trips and commit cost little per file, small enough that the transaction holds
    /// the arrival lock (and an upload waiting on it) for a fraction of a second.
    var filesPerBatch: Int { get }
    /// Runs `body` in one transaction with a writer that records arrivals: all or nothing.
    func recordBatch<T>(at date: Date, _ body: (_ writer: any ArrivalWriter) throws -> T) throws -> T
    /// Each commune's current revision for the month, by commune code.
    func currentSubmissions(for period: Period) throws -> [String: StoredSubmission]
    func currentFigures(from first: Period, through last: Period) throws -> [(period: Period, communeCode: String, figures: Figures)]
    func communeCodes(in period: Period) throws -> Set<String>
    func communeCodesWithSubmissions(through period: Period) throws -> Set<String>
    func warnings(forRows rows: Set<FileLine>) throws -> [ValidationIssue]
    /// What arrived for the month, by commune; with `throughFile`, only the files stored up
    /// to that one (the month as a closing saw it).
    func arrivals(for period: Period, communeCode: String?, throughFile: Int64?) throws -> [String: CommuneArrivals]
    /// Each commune's revision for the month that was current when file `throughFile` had
    /// been stored (the figures a closing froze).
    func currentSubmissions(for period: Period, throughFile: Int64) throws -> [String: StoredSubmission]
    func issues(ofFile id: Int64) throws -> [ValidationIssue]

    // MARK: Review

    /// Records a review action in a transaction of its own, with the last file stored so far
    /// as its `throughFile`; returns it as stored.
    func recordReview(_ action: ReviewAction) throws -> ReviewAction
    /// The month's review actions, oldest first.
    func reviewActions(for period: Period) throws -> [ReviewAction]
    /// For each month anything was stored for (a file's rows, accepted or refused, or a
    /// review action): a text that changes whenever something more is.
    func monthFingerprints() throws -> [Period: String]

    // MARK: Audit

    func revisions(communeCode: String, period: Period?) throws -> [RevisionRecord]
    func revisionCount() throws -> Int
    func uploads(byKeysOfCommune communeCode: String) throws -> [UploadedFile]
    /// The distinct bytes of the refused files sent with key `id` and stored since `date`,
    /// by their hashes and sizes (the per-key quota of refused uploads).
    func refusedContent(ofKey id: Int64, since date: Date) throws -> [String: Int]
    func recordIndicatorSetUsed(_ set: IndicatorSet, at date: Date) throws

    // MARK: Keys

    func issueKey(for scope: KeyScope, label: String?, knownUnits: UnitDirectory, at date: Date) throws -> (key: String, record: UploadKey)
    func revokeKey(_ given: String, at date: Date) throws -> UploadKey
    func uploadKeys() throws -> [UploadKey]
    func uploadKey(matching key: String) throws -> UploadKey?

    // MARK: Contacts and reminders

    /// Replaces, in one transaction, the contacts of every commune `contacts` names with them
    /// (a commune the list does not name keeps its own).
    func replaceContacts(_ contacts: [Contact]) throws -> ContactImport
    /// Every contact, by commune code then in the order imported.
    func contacts() throws -> [Contact]
    func recordReminderMail(_ record: ReminderMailRecord) throws
    /// The month's reminders handed to the mail, oldest first.
    func reminderMails(for period: Period) throws -> [ReminderMailRecord]

    // MARK: Operations

    /// The fault of the machine an error thrown by this store stands for (disk full, lock
    /// held, damaged file), or nil for any other error.
    func fault(of error: any Error) -> StoreFault?
    /// A cheap check of the stored pages; throws `StoreFault` when something is damaged.
    func quickCheck() throws
    /// A consistent copy while others may be writing; never overwrites.
    func backup(to path: String) throws
    /// Ends the command's use of the store: everything it wrote is in the main database file
    /// (a copy of that one file is a whole database) and the connections are closed.
    func close() throws
    /// Holds the store's run lock (one ingest or run at a time) until the value is released;
    /// throws an error naming the holder (exit 75) when another process has it.
    func lockForRun() throws -> any StoreRunLock
}

/// The run lock of a store, held for as long as this value lives: one ingest or run at a
/// time on one database.
public protocol StoreRunLock: AnyObject {}

/// Records arrivals inside a `DataStore.recordBatch` transaction. What an arrival does is
/// decided by `ArrivalPlan`; a writer only reads what the plan needs and stores what it says.
public protocol ArrivalWriter: AnyObject {
    /// Told the files a batch will record, before the first: a writer may read at once what
    /// deciding them needs (a server's store, to save a round trip per file).
    func prepare(_ validations: [FileValidation]) throws

    /// Records one arrival that reached the department at `arrivedAt` (nil: when the batch
    /// is stored, as for an upload).
    func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64?,
                arrivedAt: Date?) throws -> FileReceipt
}

extension ArrivalWriter {
    public func prepare(_ validations: [FileValidation]) throws {}
}

extension DataStore {
    /// A local database's commit is cheap: a batch of 256 files holds its write lock a few
    /// tens of milliseconds (workload 1: 48 batches in 1.8 s).
    public var filesPerBatch: Int { 256 }

    public func importRegister(_ units: [AdministrativeUnit], inForce: Period, sourceName: String,
                               sha256: String) throws -> RegisterImport {
        try importRegister(units, inForce: inForce, sourceName: sourceName, sha256: sha256, at: Date())
    }

    public func importSuccession(_ table: SuccessionTable, sourceName: String, sha256: String) throws -> SuccessionImport {
        try importSuccession(table, sourceName: sourceName, sha256: sha256, at: Date())
    }

    public func record(_ validation: FileValidation, content: [UInt8], source: String, keyID: Int64? = nil) throws -> FileReceipt {
        try record(validation, content: content, source: source, keyID: keyID, at: Date())
    }

    public func arrivals(for period: Period) throws -> [String: CommuneArrivals] {
        try arrivals(for: period, communeCode: nil, throughFile: nil)
    }

    public func arrivals(for period: Period, communeCode: String?) throws -> [String: CommuneArrivals] {
        try arrivals(for: period, communeCode: communeCode, throughFile: nil)
    }

    public func revisions(communeCode: String) throws -> [RevisionRecord] {
        try revisions(communeCode: communeCode, period: nil)
    }

    public func recordIndicatorSetUsed(_ set: IndicatorSet) throws {
        try recordIndicatorSetUsed(set, at: Date())
    }

    public func issueKey(for scope: KeyScope, label: String? = nil, knownUnits: UnitDirectory) throws -> (key: String, record: UploadKey) {
        try issueKey(for: scope, label: label, knownUnits: knownUnits, at: Date())
    }

    public func revokeKey(_ given: String) throws -> UploadKey {
        try revokeKey(given, at: Date())
    }
}
