import DTICore
import DTITestSupport
@testable import DTIPostgres
import DTISQLite
import Foundation
import Testing

/// The PostgreSQL store against a real server (`DTI_TEST_POSTGRES_URL`), held against what
/// the SQLite store gives for the same calls.
struct PostgresStoreTests {
    @Test(.enabled(if: StoreSchemaTests.url != nil)) func registersAndSuccessionsReadBackAsInSQLite() throws {
        let postgres = try PostgresStore(session: try StoreSchemaTests.freshSchema())
        let sqlite = try DTIStore()
        let folder = TestData.packageRoot.appendingPathComponent("data/registers")
        var registers: [RegisterVersion] = []
        for version in ["2025-03", "2025-07"] {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("vn_units_\(version).csv")))
            let units = try RegisterFile.parse(bytes, file: version)
            let first = try postgres.importRegister(units, inForce: Period(version)!, sourceName: version, sha256: version, at: Date())
            _ = try sqlite.importRegister(units, inForce: Period(version)!, sourceName: version, sha256: version, at: Date())
            #expect(!first.replaced && !first.unchanged && first.unitCount == units.count)
            let again = try postgres.importRegister(units, inForce: Period(version)!, sourceName: version, sha256: version, at: Date())
            #expect(again.unchanged)
            registers.append(RegisterVersion(inForce: Period(version)!, units: units))
        }
        let fromPostgres = try postgres.unitDirectory(), fromSQLite = try sqlite.unitDirectory()
        #expect(fromPostgres.versions.map(\.name) == ["2025-03", "2025-07"])
        #expect(fromPostgres.versions.map(\.units) == fromSQLite.versions.map(\.units))
        #expect(try postgres.registerFingerprint() == sqlite.registerFingerprint())

        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("vn_succession_2025-07.csv")))
        let table = try SuccessionTable.parse(bytes, file: "s.csv", old: registers[0], new: registers[1]).get()
        _ = try postgres.importSuccession(table, sourceName: "s.csv", sha256: "x", at: Date())
        _ = try sqlite.importSuccession(table, sourceName: "s.csv", sha256: "x", at: Date())
        #expect(try postgres.successionTables() == sqlite.successionTables())
        #expect(try postgres.successionTables().first?.entries.count == 10_587)
    }

    @Test(.enabled(if: StoreSchemaTests.url != nil)) func oneRunAtATimeAndTheSetsThatScored() throws {
        let postgres = try PostgresStore(session: try StoreSchemaTests.freshSchema())
        do {
            let first = try postgres.lockForRun()
            #expect {
                _ = try postgres.lockForRun()
            } throws: { error in
                guard let busy = error as? PostgresRunLock.Busy else { return false }
                return busy.exitStatus == .busy && Int(busy.holder) != nil && busy.message.vi.contains("khoá chạy")
            }
            withExtendedLifetime(first) {}
        }
        #expect(try postgres.lockForRun() is PostgresRunLock)  // released with its holder

        var set = TestData.defaultSet
        set.sha256 = "abc"
        try postgres.recordIndicatorSetUsed(set, at: Date(timeIntervalSince1970: 0))
        try postgres.recordIndicatorSetUsed(set, at: Date(timeIntervalSince1970: 60))
        let used = try postgres.indicatorSetsUsed()
        #expect(used.count == 1 && used.first?.sha256 == "abc" && used.first?.name == set.name)
        #expect(try postgres.revisionCount() == 0)
    }
}

/// A batch goes to the server in chunks while the next files are decided (issue 34): what is
/// sent must never outlive the transaction it was sent in.
struct PostgresBatchTests {
    /// A batch given up after chunks of it were sent leaves nothing behind (the rollback
    /// reaches the server after every chunk; none runs on its own afterwards), and the store
    /// goes on: the ids the lost files were given are skipped, nothing more.
    @Test(.enabled(if: StoreSchemaTests.url != nil)) func aBatchGivenUpAfterChunksWereSentStoresNothing() throws {
        let session = try StoreSchemaTests.freshSchema()
        let postgres = try PostgresStore(session: session)
        let register = TestData.register
        _ = try postgres.importRegister(register.units, inForce: register.inForce, sourceName: "test", sha256: "r", at: Date())
        // A slow server: each chunk takes a while, so the batch is given up while one is
        // stored and the next waits to be sent.
        try session.execute("""
            CREATE FUNCTION slowly() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$;
            CREATE TRIGGER slowly BEFORE INSERT ON received_file FOR EACH STATEMENT EXECUTE FUNCTION slowly()
            """)
        let months = sequence(first: Period("2025-07")!) { $0.next }.prefix { $0 <= Period("2026-10")! }
        struct GivenUp: Error {}
        var rowsRecorded = 0
        #expect(throws: GivenUp.self) {
            try postgres.recordBatch(at: Date()) { writer in
                // Each file corrects the last: one figure differs. Enough files for two chunks
                // and part of a third.
                let rowsPerFile = register.units.count * months.count
                let files = (0..<(2 * PostgresArrivalWriter.flushRows / rowsPerFile + 4)).map { file in
                    var figures = TestData.goodFigures
                    figures[3] = file
                    let rows = register.units.flatMap { unit in months.map { TestData.row(unit.communeCode, $0.description, figures) } }
                    let bytes = TestData.csv([TestData.canonicalHeader] + rows)
                    return (bytes: bytes, validation: TestData.validate(bytes, name: "f\(file).csv"))
                }
                // As an ingest does: what the files need is read first, so none waits for a read.
                try writer.prepare(files.map(\.validation))
                for file in files {
                    rowsRecorded += file.validation.rows.count
                    _ = try writer.record(file.validation, content: file.bytes, source: "test", keyID: nil, arrivedAt: nil)
                }
                throw GivenUp()
            }
        }
        // More rows than two chunks hold: two were sent before the batch was given up.
        #expect(rowsRecorded > 2 * PostgresArrivalWriter.flushRows)
        #expect(try postgres.revisionCount() == 0)
        #expect(try postgres.fileRowCounts().isEmpty)
        try TestData.ingest(postgres, [TestData.row("03388", "2026-10", TestData.goodFigures)])
        #expect(try postgres.revisionCount() == 1)
        #expect(try postgres.revisions(communeCode: "03388", period: Period("2026-10")!).map(\.submission.revision) == [1])
    }
}

/// What an operator reads when the server cannot be used: exit statuses and words to act on,
/// never the password.
struct PostgresConnectionTests {
    @Test(.enabled(if: StoreSchemaTests.url != nil)) func aMissingDatabaseAndAnAbsentServerAreSaidPlainly() throws {
        var address = try #require(StoreSchemaTests.url.flatMap(PostgresSession.Address.init))
        address.database = "no_such_database"
        address.password = "hunter2"
        #expect {
            _ = try PostgresStore(address)
        } throws: { error in
            guard let refused = error as? PostgresStore.ConnectionRefused else { return false }
            return refused.exitStatus == .noInput && refused.message.en.contains("createdb -O \(address.user) no_such_database")
                && !refused.message.vi.contains("hunter2") && !refused.message.en.contains("hunter2")
        }
        // A port nobody listens on: unreachable, try again later.
        let closed = try #require(PostgresSession.Address("postgresql://dti:hunter2@127.0.0.1:1/dti"))
        #expect {
            _ = try PostgresStore(closed)
        } throws: { error in
            guard let fault = error as? StoreFault else { return false }
            return fault.kind == .unreachable && fault.exitStatus == .busy && !fault.message.en.contains("hunter2")
                && fault.message.vi.contains("không kết nối được")
        }
    }
}

extension PostgresConnectionTests {
    /// The server closed the connection (a restart, a failover, an administrator): the call
    /// that finds out is a fault said plainly (503 under `serve`), and the next one connects again.
    @Test(.enabled(if: StoreSchemaTests.url != nil)) func aClosedConnectionIsOpenedAgain() throws {
        let location = try StoreBackend.postgres.databaseLocation(in: TestData.temporaryFolder())
        let address = try #require(PostgresSession.Address(location))
        let store = try PostgresStore(address)
        #expect(try store.revisionCount() == 0)
        let admin = try PostgresSession(address)
        let ended = try admin.query("""
            SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                                  WHERE datname = \(address.database) AND pid <> pg_backend_pid()) AS t
            """).first?.decode(Int.self)
        #expect(ended == 1)
        // pg_terminate_backend only signals the backend: wait until it is gone, or the next
        // call may still find it alive (a loaded machine) and the one after meet the closure.
        for _ in 0..<100 {
            let left = try admin.query("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = \(address.database) AND pid <> pg_backend_pid()
                """).first?.decode(Int.self)
            if left == 0 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        do {
            _ = try store.revisionCount()
        } catch {
            #expect(store.fault(of: error)?.kind == .unreachable, "\(String(reflecting: error))")
        }
        #expect(try store.revisionCount() == 0)
    }
}
