import DTICore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One connection to a PostgreSQL server, used synchronously: each call blocks until the
/// server answers (the core's `DataStore` is synchronous; never call this on an event loop).
public final class PostgresSession: @unchecked Sendable {
    /// Where to connect, read from `postgresql://user[:password]@host[:port]/database`.
    public struct Address: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int
        public var user: String
        public var password: String?
        public var database: String

        public init?(_ url: String) {
            guard let parts = URLComponents(string: url), ["postgresql", "postgres"].contains(parts.scheme ?? ""),
                  let host = parts.host, !host.isEmpty, let user = parts.user, !user.isEmpty else { return nil }
            let database = String(parts.path.drop { $0 == "/" })
            guard !database.isEmpty, !database.contains("/") else { return nil }
            (self.host, self.port, self.user, self.password, self.database) = (host, parts.port ?? 5432, user, parts.password, database)
        }

        /// The address as an operator writes it, without the password.
        public var description: String { "postgresql://\(user)@\(host):\(port)/\(database)" }
    }

    public let address: Address
    private let group: MultiThreadedEventLoopGroup
    private let connection: PostgresConnection
    private let logger = Logger(label: "dti.postgres")
    public init(_ address: Address) throws {
        self.address = address
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.user,
                                                             password: address.password, database: address.database, tls: .disable)
        do {
            connection = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: 1, logger: logger).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    deinit {
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// True once the connection is closed (by the server, or the network).
    public var isClosed: Bool { connection.isClosed }

    /// Runs `query` and returns every row. A connection already closed fails at once
    /// (postgres-nio would wait for it forever); a server that does not answer within
    /// `answerTimeout` fails too, and the connection is closed so the next call opens another.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        guard !connection.isClosed else { throw Unanswered(address: address, seconds: nil) }
        let answered = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        connection.query(query, logger: logger).whenComplete { result in
            outcome.result = result
            answered.signal()
        }
        guard answered.wait(timeout: .now() + Self.answerTimeout) == .success, let result = outcome.result else {
            let closing: EventLoopFuture<Void> = connection.close()
            _ = closing
            throw Unanswered(address: address, seconds: Int(Self.answerTimeout))
        }
        return try result.get().rows
    }

    /// The answer of a query, written on the event loop before the semaphore is signalled and
    /// read after it: the semaphore orders the two.
    private final class Outcome: @unchecked Sendable {
        var result: Result<PostgresQueryResult, any Error>?
    }

    /// How long a statement may go unanswered: 300 s, or `DTI_DB_TIMEOUT` seconds. Longer than
    /// any query of a national report (the longest, a 60-month read, takes about a second).
    static var answerTimeout: TimeInterval {
        ProcessInfo.processInfo.environment["DTI_DB_TIMEOUT"].flatMap(TimeInterval.init).map { max(1, $0) } ?? 300
    }

    /// The connection was closed, or the server did not answer in time.
    public struct Unanswered: Error, CustomStringConvertible {
        public var address: Address
        /// The time waited; nil when the connection was closed already.
        public var seconds: Int?
        public var description: String {
            seconds.map { "no answer from \(address) in \($0) s" } ?? "the connection to \(address) is closed"
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs statements without parameters (a migration's DDL), several separated by `;`, one
    /// after the other on this connection. A `;` inside a `$$`-quoted body (a function's) does
    /// not end its statement.
    public func execute(_ sql: String) throws {
        for statement in Self.statements(in: sql) { try query(PostgresQuery(unsafeSQL: statement)) }
    }

    /// The statements of `sql`: split at each `;` outside `$$ … $$`, trimmed, empty ones left out.
    static func statements(in sql: String) -> [String] {
        var statements: [String] = [], current = ""
        for (index, part) in sql.components(separatedBy: "$$").enumerated() {
            if index > 0 { current += "$$" }
            guard index.isMultiple(of: 2) else {  // inside a $$ body
                current += part
                continue
            }
            let pieces = part.split(separator: ";", omittingEmptySubsequences: false)
            for (position, piece) in pieces.enumerated() {
                current += piece
                if position < pieces.count - 1 {
                    statements.append(current)
                    current = ""
                }
            }
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
