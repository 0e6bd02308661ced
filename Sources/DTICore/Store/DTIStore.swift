import Foundation
import GRDB

/// The SQLite database: registers, every file received (original bytes included), its issues,
/// and every revision of every submission.
///
/// WAL mode with a busy timeout lets a reader (a report) run beside a writer (an upload)
/// without "database is locked" failures.
public struct DTIStore: Sendable {
    public enum OpenError: Error, CustomStringConvertible {
        case missing(path: String)
        case newerSchema(path: String, migrations: [String])

        public var description: String {
            switch self {
            case .missing(let path):
                "no database at \(path); create it by importing a unit register: dti units import FILE"
            case .newerSchema(let path, let migrations):
                "the database at \(path) was written by a newer dti (unknown migrations: \(migrations.joined(separator: ", "))); upgrade dti instead of downgrading the data"
            }
        }
    }

    public let queue: DatabaseQueue
    public let path: String

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
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 32 MiB of page cache (the default is 2 MiB): a history rebuild touches every page
            // of the submission index, and memory stays far below the 250 MB budget.
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        self.path = path
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        let migrator = Self.migrator
        let unknown = try queue.read { db in
            try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
        }
        guard unknown.isEmpty else { throw OpenError.newerSchema(path: path, migrations: unknown.sorted()) }
        try migrator.migrate(queue)
    }

    /// An in-memory database, for tests.
    public init() throws {
        queue = try DatabaseQueue()
        path = ":memory:"
        try Self.migrator.migrate(queue)
    }
}
