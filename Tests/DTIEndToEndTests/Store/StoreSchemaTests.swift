import DTICore
import DTITestSupport
import DTIPostgres
import DTISQLite
import Foundation
import PostgresNIO
import Testing

/// The two back ends hold the same tables and columns: the PostgreSQL migrations are kept in
/// step with the SQLite ones. Runs against a real server when `DTI_TEST_POSTGRES_URL` names
/// one (`eval "$(scripts/postgres-scratch start)"`); `DTI_REQUIRE_POSTGRES=1` makes its
/// absence a failure.
struct StoreSchemaTests {
    static let url = ProcessInfo.processInfo.environment["DTI_TEST_POSTGRES_URL"]
    static let required = ProcessInfo.processInfo.environment["DTI_REQUIRE_POSTGRES"] == "1"

    @Test func theServerIsThereWhenCIAsksForIt() {
        #expect(!Self.required || Self.url.flatMap(PostgresSession.Address.init) != nil,
                "DTI_REQUIRE_POSTGRES=1 but DTI_TEST_POSTGRES_URL does not name a server")
    }

    /// A session in a schema of its own, so that tests never see each other's tables.
    static func freshSchema() throws -> PostgresSession {
        let session = try PostgresSession(try #require(url.flatMap(PostgresSession.Address.init)))
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try session.execute("CREATE SCHEMA \(schema); SET search_path TO \(schema)")
        return session
    }

    @Test(.enabled(if: url != nil)) func bothBackEndsHaveTheSameTablesAndColumns() throws {
        let session = try Self.freshSchema()
        try PostgresSchema.migrate(session)
        try PostgresSchema.migrate(session)  // a second run applies nothing
        let postgres = try PostgresSchema.columns(session)

        let sqlite = try DTIStore(path: TestData.temporaryFolder().appendingPathComponent("dti.sqlite").path, create: true)
        var expected: [String: [String]] = [:]
        for table in try sqlite.inspect("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'grdb_migrations'") {
            let name = table["name"]!
            expected[name] = try sqlite.inspect("SELECT name FROM pragma_table_info('\(name)') ORDER BY cid").map { $0["name"]! }
        }
        #expect(expected.count == 15)
        #expect(postgres == expected)
        let applied = try session.query("SELECT count(*) FROM dti_migrations").map { try $0.decode(Int.self) }
        #expect(applied == [PostgresSchema.migrations.count])
    }

    /// A database a newer dti migrated is refused, as SQLite's is, and left as it was.
    @Test(.enabled(if: url != nil)) func aSchemaFromANewerDTIIsRefused() throws {
        let session = try Self.freshSchema()
        try PostgresSchema.migrate(session)
        try session.execute("INSERT INTO dti_migrations (name) VALUES ('v99-from-the-future')")
        #expect {
            try PostgresSchema.migrate(session)
        } throws: { error in
            guard let newer = error as? PostgresSchema.NewerSchema else { return false }
            return newer.migrations == ["v99-from-the-future"] && newer.exitStatus == .configuration
        }
        #expect(try session.query("SELECT count(*) FROM dti_migrations").first?.decode(Int.self) == PostgresSchema.migrations.count + 1)
    }

    /// A submission names a received file that exists, and a file named by a submission
    /// stays: checked once per statement (migrations v6 and v7), whether the files named are
    /// one run of ids, as an ingest's are, or scattered.
    @Test(.enabled(if: url != nil)) func aSubmissionNamesAReceivedFileThatExists() throws {
        let session = try Self.freshSchema()
        try PostgresSchema.migrate(session)
        try session.execute("INSERT INTO file_content (sha256, content) VALUES ('c', '\\x00')")
        for id in [1, 2, 4, 7, 9] {
            try session.execute("""
                INSERT INTO received_file (id, sha256, name, source, received_at, status, row_count, error_count, warning_count)
                VALUES (\(id), 'c', 'f\(id).csv', 'inbox', '2025-07-01T00:00:00Z', 'accepted', 1, 0, 0)
                """)
        }
        let figures = Figure.allCases.map(\.rawValue)
        /// Stores one submission per file id in one statement; the SQLSTATE it failed with, if any.
        func store(_ ids: [Int], revision: Int) -> String? {
            let rows = ids.enumerated().map { index, id in
                "('2025-07', '\(10_000 + index)', \(revision), \(id), 2, " + figures.map { _ in "0" }.joined(separator: ", ") + ")"
            }
            return failure { try session.execute(
                "INSERT INTO submission (period, commune_code, revision, file_id, line, \(figures.joined(separator: ", "))) VALUES "
                    + rows.joined(separator: ", ")) }
        }
        func failure(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch let error as PSQLError { return error.serverInfo?[.sqlState] } catch { return "\(error)" }
        }
        #expect(store([1, 2], revision: 1) == nil)  // one run of ids
        #expect(store([1, 4, 7], revision: 2) == nil)  // scattered, all there
        #expect(store([3], revision: 3) == "23503")
        #expect(store([2, 3], revision: 4) == "23503")  // a run with a hole
        #expect(store([1, 7, 5], revision: 5) == "23503")  // scattered, one missing
        #expect(store([1, 100_000], revision: 6) == "23503")  // too far apart to count
        #expect(failure { try session.execute("UPDATE submission SET file_id = 3 WHERE revision = 1") } == "23503")
        #expect(failure { try session.execute("DELETE FROM received_file WHERE id = 4") } == "23503")
        #expect(failure { try session.execute("DELETE FROM received_file WHERE id = 9") } == nil)  // named by none
    }

    @Test func anAddressIsReadFromAConnectionString() {
        let address = PostgresSession.Address("postgresql://dti:secret@db.example:6543/dti_national")
        #expect(address?.host == "db.example" && address?.port == 6543 && address?.user == "dti" && address?.password == "secret")
        #expect(address?.database == "dti_national")
        #expect(address?.description == "postgresql://dti@db.example:6543/dti_national")  // no password shown
        #expect(PostgresSession.Address("postgresql://dti@localhost/dti")?.port == 5432)
        for bad in ["dti.sqlite", "postgresql://localhost/dti", "postgresql://dti@localhost/", "mysql://dti@localhost/dti"] {
            #expect(PostgresSession.Address(bad) == nil, "\(bad)")
        }
    }
}
