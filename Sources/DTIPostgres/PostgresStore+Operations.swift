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
        guard let error = error as? PSQLError else {
            // Connecting failed below PostgreSQL's protocol (refused, no route, unknown host).
            return error is IOError || error is NIOConnectionError || error is ChannelError
                ? StoreFault(kind: .unreachable, path: path, detail: String(describing: error)) : nil
        }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return StoreFault(kind: .unreachable, path: path, detail: error.underlying.map { String(describing: $0) } ?? "\(error.code)")
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let detail = error.serverInfo?[.message] ?? state
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
            LocalizedText(vi: "dti backup chỉ sao lưu tệp SQLite; cơ sở dữ liệu \(database) là PostgreSQL: hãy dùng pg_dump (ví dụ pg_dump -Fc -f dti.dump \(database)), xem README, mục “Dịch vụ toàn quốc”.",
                          en: "dti backup copies SQLite files; \(database) is PostgreSQL: use pg_dump (for example pg_dump -Fc -f dti.dump \(database)); see the README, “A national service”.")
        }
    }
}
