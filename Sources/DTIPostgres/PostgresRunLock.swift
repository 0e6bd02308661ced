import DTICore
import PostgresNIO

/// One ingest or run at a time on a PostgreSQL database: a session-level advisory lock held
/// on a connection of its own, released when this value goes (or, if the process dies, when
/// the server sees the connection close).
public final class PostgresRunLock: StoreRunLock, @unchecked Sendable {
    public struct Busy: ExitStatusError {
        public var database: String
        /// The server process of the connection holding the lock.
        public var holder: String
        public var exitStatus: ExitStatus { .busy }
        public var description: String {
            "another dti run holds the run lock of \(database) (server process \(holder)); try again when it has finished"
        }
        public var message: LocalizedText {
            LocalizedText(vi: "một lượt dti khác đang giữ khoá chạy của \(database) (tiến trình máy chủ \(holder)); hãy thử lại khi lượt đó xong",
                          en: description)
        }
    }

    /// The advisory-lock key ("dtir" in ASCII): below 2³², so `pg_locks` shows it whole in `objid`.
    static let key: Int64 = 0x6474_6972

    private let session: PostgresSession

    /// Takes the lock, or throws `Busy` at once.
    public init(_ address: PostgresSession.Address) throws {
        session = try PostgresSession(address)
        let taken = try session.query("SELECT pg_try_advisory_lock(\(Self.key))").first?.decode(Bool.self) ?? false
        guard taken else {
            let holder = try session.query("""
                SELECT pid FROM pg_locks
                WHERE locktype = 'advisory' AND classid = 0 AND objid = \(Self.key) AND objsubid = 1 AND granted
                LIMIT 1
                """).first?.decode(Int32.self)
            throw Busy(database: address.description, holder: holder.map(String.init) ?? "unknown")
        }
    }

    deinit {
        _ = try? session.query("SELECT pg_advisory_unlock(\(Self.key))")
    }
}
