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

    /// Runs `query` and returns every row.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        try connection.query(query, logger: logger).wait().rows
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

    /// Runs statements without parameters (a migration's DDL), several separated by `;`
    /// (none of them may hold a `;` of its own), one after the other on this connection.
    public func execute(_ sql: String) throws {
        for statement in sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
            try query(PostgresQuery(unsafeSQL: statement))
        }
    }
}
