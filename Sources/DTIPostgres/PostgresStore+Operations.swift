import DTICore
import Foundation
import PostgresNIO

extension PostgresStore: DataStore {
    /// The fault of the server an error stands for (disk full, a lock waited on too long, a
    /// damaged page, the server gone), from its SQLSTATE; nil for any other error.
    public func fault(of error: any Error) -> StoreFault? {
        Self.fault(of: error, path: path)
    }

    public static func fault(of error: any Error, path: String) -> StoreFault? {
        if let fault = error as? StoreFault { return fault }
        if let unanswered = error as? PostgresSession.Unanswered {
            return StoreFault(kind: .unreachable, path: path, detail: unanswered.description)
        }
        guard let error = error as? PSQLError else {
            // Connecting failed below PostgreSQL's protocol (refused, no route, unknown host).
            return error is IOError || error is NIOConnectionError || error is ChannelError
                ? StoreFault(kind: .unreachable, path: path, detail: String(describing: error)) : nil
        }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return StoreFault(kind: .unreachable, path: path, detail: detail(of: error))
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let detail = detail(of: error)
            let kind: StoreFault.Kind
            switch state {
            case "53100": kind = .full                                           // disk_full
            case "55P03", "57014", "40P01": kind = .busy                         // lock_not_available, query_canceled, deadlock
            case "25006", "42501": kind = .readOnly                              // read_only_sql_transaction, insufficient_privilege
            case "XX001", "XX002": kind = .damaged                               // data_corrupted, index_corrupted
            case "58030": kind = .inputOutput                                    // io_error
            case "57P01", "57P02", "57P03", "08000", "08003", "08006": kind = .unreachable  // shutting down, connection lost
            default: return nil
            }
            return StoreFault(kind: kind, path: path, detail: detail)
        default:
            return nil
        }
    }

    /// What went wrong in the server's own words, else the connection's (postgres-nio's own
    /// description of an error is a placeholder, to keep queries out of logs).
    static func detail(of error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return String(describing: underlying) }
        return "\(error.code)"
    }

    /// Why connecting failed when the server answered but would not let us in: a database
    /// that does not exist, a user it refuses. Nil when the server could not be reached.
    static func refusal(of error: any Error, address: PostgresSession.Address) -> ConnectionRefused? {
        guard let error = error as? PSQLError, error.code == .server, let state = error.serverInfo?[.sqlState] else { return nil }
        switch state {
        case "3D000": return ConnectionRefused(address: address, reason: .noDatabase, detail: detail(of: error))
        case "28000", "28P01": return ConnectionRefused(address: address, reason: .notAllowed, detail: detail(of: error))
        default: return nil
        }
    }

    /// The server answered but refused the connection.
    public struct ConnectionRefused: ExitStatusError {
        public enum Reason: Sendable { case noDatabase, notAllowed }
        public var address: PostgresSession.Address
        public var reason: Reason
        public var detail: String

        public var exitStatus: ExitStatus { reason == .noDatabase ? .noInput : .configuration }
        public var description: String { message.en }
        public var message: LocalizedText {
            switch reason {
            case .noDatabase:
                LocalizedText(vi: "máy chủ PostgreSQL không có cơ sở dữ liệu \(address.database) (\(detail)); hãy tạo trước: createdb -O \(address.user) \(address.database)",
                              en: "the PostgreSQL server has no database \(address.database) (\(detail)); create it first: createdb -O \(address.user) \(address.database)")
            case .notAllowed:
                LocalizedText(vi: "máy chủ PostgreSQL \(address) không cho người dùng \(address.user) kết nối (\(detail)); kiểm tra mật khẩu và pg_hba.conf",
                              en: "the PostgreSQL server \(address) refuses the user \(address.user) (\(detail)); check the password and pg_hba.conf")
            }
        }
    }

    /// The server answers: PostgreSQL checks its own pages as it reads them.
    public func quickCheck() throws {
        do {
            _ = try locked { session in try session.query("SELECT 1") }
        } catch {
            throw fault(of: error) ?? StoreFault(kind: .unreachable, path: path, detail: String(describing: error))
        }
    }

    /// What the store can check itself: every revision's file and every file's content are
    /// there (the foreign keys promise it; a restore that skipped a table would break it).
    /// Pages are PostgreSQL's to check (`amcheck`, or a `pg_dump` that reads every row).
    public func integrityCheck() throws -> String {
        let problems = try locked { session in
            try session.query("""
                SELECT 'submission without its file: ' || count(*) FROM submission s
                    WHERE NOT EXISTS (SELECT 1 FROM received_file f WHERE f.id = s.file_id) HAVING count(*) > 0
                UNION ALL
                SELECT 'received file without its bytes: ' || count(*) FROM received_file f
                    WHERE NOT EXISTS (SELECT 1 FROM file_content c WHERE c.sha256 = f.sha256) HAVING count(*) > 0
                """).map { try $0.decode(String.self) }
        }
        return problems.isEmpty ? "ok" : problems.joined(separator: "\n")
    }

    /// Not done here: PostgreSQL's own tools make consistent copies while others write.
    public func backup(to path: String) throws {
        throw BackupByServerTools(database: self.path)
    }

    /// `dti backup` on PostgreSQL: the answer names the tool to use instead.
    public struct BackupByServerTools: ExitStatusError {
        public var database: String
        public var exitStatus: ExitStatus { .usage }
        public var description: String { message.en }
        public var message: LocalizedText {
            LocalizedText(vi: "dti backup chỉ sao lưu tệp SQLite; cơ sở dữ liệu \(database) là PostgreSQL: hãy dùng pg_dump (ví dụ pg_dump -Fc -f dti.dump \(database)), xem docs/postgresql.md.",
                          en: "dti backup copies SQLite files; \(database) is PostgreSQL: use pg_dump (for example pg_dump -Fc -f dti.dump \(database)); see docs/postgresql.md.")
        }
    }
}
