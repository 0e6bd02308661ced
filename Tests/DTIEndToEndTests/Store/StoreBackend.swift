import DTICore
import DTITestSupport
import DTIPostgres
import DTISQLite
import Foundation
import PostgresNIO
import Testing

/// The back ends a store test runs on: SQLite always, PostgreSQL when the tests have a server
/// (`DTI_TEST_POSTGRES_URL`; `scripts/test` starts one). One suite, run once per back end.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var available: [StoreBackend] { StoreSchemaTests.url == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }

    /// An empty store of this kind: in memory for SQLite, a schema of its own on the server.
    func emptyStore() throws -> any DataStore {
        switch self {
        case .sqlite: try DTIStore()
        case .postgres: try PostgresStore(session: try StoreSchemaTests.freshSchema())
        }
    }

    /// Where the built `dti` keeps a test's data (`--db`): a file in `folder`, or a database of
    /// its own on the test server (created empty; `dti` migrates it on first use).
    func databaseLocation(in folder: URL) throws -> String {
        switch self {
        case .sqlite:
            return folder.appendingPathComponent("dti.sqlite").path
        case .postgres:
            let address = try #require(StoreSchemaTests.url.flatMap(PostgresSession.Address.init))
            let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            // Again after a pause: many tests make databases at once, and PostgreSQL refuses to
            // copy a template another session is using.
            var attempt = 0
            while true {
                do {
                    try PostgresSession(address).execute("CREATE DATABASE \(name)")
                    break
                } catch where attempt < 5 {
                    attempt += 1
                    Thread.sleep(forTimeInterval: 0.5 * Double(attempt))
                }
            }
            var own = address
            own.database = name
            return "postgresql://\(own.user)@\(own.host):\(own.port)/\(name)"
        }
    }

    /// Opens what `databaseLocation` named, as `dti` would.
    static func open(_ location: String, create: Bool = false) throws -> any DataStore {
        if DatabaseLocation.isServer(location) {
            return try PostgresStore(try #require(PostgresSession.Address(location)))
        }
        return try DTIStore(path: location, create: create)
    }
}
