import DTICore
import Foundation
import GRDB
import GRDBSQLite

/// The SQLite database: registers, every file received (original bytes included), its issues,
/// and every revision of every submission.
///
/// WAL mode with a busy timeout lets a reader (a report) run beside a writer (an upload)
/// without "database is locked" failures. Reads go through their own read-only connection
/// (`reader`), so they never wait behind a write that waits for another process's lock (a
/// commune reading its history while uploads queue behind a cron run). Not a GRDB
/// `DatabasePool`: a pool writes to the file when it opens (to create the WAL), and a
/// command that only reads must leave the database byte for byte as it was.
///
/// Durability: `synchronous = FULL`. With WAL, SQLite's default NORMAL may lose the last
/// commits on a power cut; an upload answered 201, or a file reported accepted, must survive
/// one, so every commit is on disk before it is acknowledged.
public struct DTIStore: Sendable {
    public enum OpenError: Error, CustomStringConvertible {
        case missing(path: String)
        case newerSchema(path: String, migrations: [String])

        public var description: String {
            switch self {
            case .missing(let path):
                "no database at \(path); create it with dti setup (imports the registers installed with dti; on a server: sudo -u dti dti setup) or dti units import FILE"
            case .newerSchema(let path, let migrations):
                "the database at \(path) was written by a newer dti (unknown migrations: \(migrations.joined(separator: ", "))); upgrade dti instead of downgrading the data"
            }
        }
    }

    /// The writer (and the migrations).
    let queue: DatabaseQueue
    /// Reads, on a read-only connection of their own (the writer itself for an in-memory database).
    let reader: DatabaseQueue
    public let path: String
    /// What the last batch of arrivals left known of the ledger, for the next.
    let arrivals = RememberedArrivals()

    /// Opens the database at `path`; creates it only when `create` is true.
    public init(path: String, create: Bool) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { throw OpenError.missing(path: path) }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 32 MiB of page cache (the default is 2 MiB): a history rebuild touches every page
            // of the submission index, and memory stays far below the 250 MB budget.
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        self.path = path
        do {
            (queue, reader) = try Self.open(path, configuration: configuration)
        } catch let error as DatabaseError where Self.isReadOnlyLocation(path)
                    && [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode.primaryResultCode) {
            // A copy this user may only read (a restored backup, read-only media, another
            // user's folder): SQLite cannot make the `-shm` a WAL database needs, so the file
            // is read as immutable. Nobody can write here, so nothing changes under the reader;
            // a writing command fails as on any read-only database (exit 73).
            (queue, reader) = try Self.openImmutable(path, configuration: configuration)
        }
    }

    /// The writer and the reader of a database this process may write.
    private static func open(_ path: String, configuration: Configuration) throws -> (DatabaseQueue, DatabaseQueue) {
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            // Once per file: switching to WAL writes the header.
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
        }
        try checkSchema(of: queue, path: path, migrate: true)
        var readOnly = configuration
        readOnly.readonly = true
        return (queue, try DatabaseQueue(path: path, configuration: readOnly))
    }

    /// One read-only connection to a database file nobody can write here, read as immutable.
    private static func openImmutable(_ path: String, configuration: Configuration) throws -> (DatabaseQueue, DatabaseQueue) {
        var readOnly = configuration
        readOnly.readonly = true
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%"))) ?? path
        let queue = try DatabaseQueue(path: "file:" + encoded + "?immutable=1", configuration: readOnly)
        try checkSchema(of: queue, path: path, migrate: false)
        return (queue, queue)
    }

    /// Refuses a schema written by a newer dti; brings an older one up to date when `migrate`.
    private static func checkSchema(of queue: DatabaseQueue, path: String, migrate: Bool) throws {
        let migrator = Self.migrator
        let (unknown, complete) = try queue.read { db in
            (try migrator.appliedIdentifiers(db).subtracting(migrator.migrations), try migrator.hasCompletedMigrations(db))
        }
        guard unknown.isEmpty else { throw OpenError.newerSchema(path: path, migrations: unknown.sorted()) }
        // Only when something is to migrate: a command that reads must not write the file.
        if !complete, migrate { try migrator.migrate(queue) }
    }

    /// True when this process may not write the database file or the folder it is in.
    private static func isReadOnlyLocation(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) != 0 || access(folder.isEmpty ? "." : folder, W_OK) != 0
    }

    /// How long a write waits for another process's lock before giving up (exit 75, or 503
    /// under `serve`): 30 s, or `DTI_BUSY_TIMEOUT` seconds.
    static var busyTimeout: TimeInterval {
        ProcessInfo.processInfo.environment["DTI_BUSY_TIMEOUT"].flatMap(TimeInterval.init).map { max(0, $0) } ?? 30
    }

    /// The SQLite library the program runs with (the library's own answer).
    public static var libraryVersion: String { "SQLite " + String(cString: sqlite3_libversion()) }

    /// An in-memory database, for tests.
    public init() throws {
        queue = try DatabaseQueue()
        reader = queue
        path = ":memory:"
        try Self.migrator.migrate(queue)
    }
}

extension DTIStore: DataStore {
    public func fault(of error: any Error) -> StoreFault? {
        StoreFault(error, databasePath: path)
    }

    /// Moves what this process wrote from the WAL into the database file (a TRUNCATE
    /// checkpoint, so `cp dti.sqlite` after a command copies everything) and closes both
    /// connections; closing the last connection to the file removes the `-wal` and `-shm`.
    /// A command that only read writes nothing here: it may run beside `serve`, or on a
    /// read-only copy.
    public func close() throws {
        guard path != ":memory:" else { return }
        let wrote = queue.inDatabase { $0.totalChangesCount > 0 }
        if wrote {
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        if reader !== queue { try reader.close() }
        try queue.close()
    }

    /// The database file and what SQLite and the run lock keep beside it.
    public var companionFiles: [String] {
        [path, path + "-wal", path + "-shm", path + "-journal", path + ".lock"]
    }

    /// An exclusive `flock` on `<database>.lock` (`RunLock`).
    public func lockForRun() throws -> any StoreRunLock {
        try RunLock(databasePath: path)
    }
}
