import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// Keys on each back end (`StoreBackend`); the first test looks inside the SQLite file.
struct UploadKeyTests {
    typealias T = TestData
    static let directory = UnitDirectory(versions: [T.register])

    @Test func aKeyIsRandomStoredOnlyAsItsHashAndFoundByItself() throws {
        let store = try DTIStore()
        let first = try store.issueKey(for: .commune("03390"), label: "cán bộ Bình Lư", knownUnits: Self.directory)
        let second = try store.issueKey(for: .commune("03390"), knownUnits: Self.directory)
        #expect(first.key != second.key)
        #expect(first.key.hasPrefix("dti_") && first.key.count == 4 + 43, "256 bits in unpadded base64url")
        #expect(first.key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        #expect(try store.uploadKey(matching: first.key) == first.record)
        #expect(try store.uploadKey(matching: first.key + "x") == nil)
        for row in try store.inspect("SELECT * FROM upload_key") {
            for text in row.values { #expect(!text.contains(first.key) && !text.contains(second.key)) }
        }
    }

    @Test(arguments: StoreBackend.available) func revokingByIdOrPrefixMarksTheKeyAndTwiceChangesNothing(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        let issued = try store.issueKey(for: .province("12"), label: nil, knownUnits: Self.directory, at: Date(timeIntervalSince1970: 0))
        let revoked = try store.revokeKey(issued.record.prefix, at: Date(timeIntervalSince1970: 60))
        #expect(revoked.revokedAt == "1970-01-01T00:01:00Z")
        let again = try store.revokeKey(String(issued.record.id), at: Date(timeIntervalSince1970: 120))
        #expect(again.revokedAt == "1970-01-01T00:01:00Z")
        #expect(try store.uploadKey(matching: issued.key)?.isRevoked == true)
        #expect(throws: KeyError.self) { try store.revokeKey("dti_nothing1") }
    }

    /// The whole key revokes it (matched by its hash); a wrong whole key is never printed back.
    @Test(arguments: StoreBackend.available) func revokingWithTheWholeKeyWorksAndNeverEchoesAKey(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        let issued = try store.issueKey(for: .commune("03390"), knownUnits: Self.directory)
        #expect(try store.revokeKey(issued.key).id == issued.record.id)
        #expect(try store.uploadKey(matching: issued.key)?.isRevoked == true)
        let wrong = issued.key.dropLast() + (issued.key.hasSuffix("A") ? "B" : "A")
        do {
            try store.revokeKey(String(wrong))
            Issue.record("a wrong key revoked something")
        } catch let error as KeyError {
            #expect(!error.description.contains(String(wrong)))
            #expect(error.description.contains(String(wrong.prefix(12)) + "…"))
        }
    }

    @Test(arguments: StoreBackend.available) func keysAreIssuedOnlyForUnitsOfTheRegister(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        #expect(throws: KeyError.self) { try store.issueKey(for: .commune("99999"), knownUnits: Self.directory) }
        #expect(throws: KeyError.self) { try store.issueKey(for: .province("98"), knownUnits: Self.directory) }
        #expect(try store.uploadKeys().isEmpty)
    }

    @Test func aScopeAdmitsItsOwnUnitsOnly() {
        let binhLu = T.unit("03390", "Bình Lư"), baDinh = T.register.unit(code: "00004")!
        #expect(KeyScope.commune("03390").admits(binhLu))
        #expect(!KeyScope.commune("03390").admits(T.unit("03388", "Đoàn Kết")))
        #expect(KeyScope.province("12").admits(binhLu))
        #expect(!KeyScope.province("12").admits(baDinh))
    }

    @Test(arguments: StoreBackend.available) func anUploadWithRowsOutsideTheScopeStoresNothing(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        let desk = try UploadDesk(store: store, directory: Self.directory)
        let key = try store.issueKey(for: .commune("03390"), knownUnits: Self.directory).record
        let file = T.csv([T.canonicalHeader, T.row("03390", "2026-10", T.goodFigures), T.row("03388", "2026-10", T.goodFigures)])
        guard case .outsideScope(let rows) = try desk.receive(file, fileName: "x.csv", key: key, latestPeriod: Period("2026-10")!) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(rows.map(\.communeCode) == ["03388"])
        #expect(try store.fileRowCounts().isEmpty)
        let own = T.csv([T.canonicalHeader, T.row("03390", "2026-10", T.goodFigures)])
        guard case .received(let receipt) = try desk.receive(own, fileName: "y.csv", key: key, latestPeriod: Period("2026-10")!) else {
            Issue.record("expected a receipt")
            return
        }
        #expect(receipt.rows.map { "\($0.line) \($0.communeCode) \($0.period) \($0.revision) \($0.kind)" } == ["2 03390 2026-10 1 new"])
        #expect(try store.uploads(byKeysOfCommune: "03390").map(\.name) == ["y.csv"])
    }

    /// The desk reads the registers again when `units import` changed them: a file refused
    /// while the register was missing is accepted once it is there, without a restart.
    @Test(arguments: StoreBackend.available) func theDeskFollowsARegisterImportedAfterItStarted(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        let desk = try UploadDesk(store: store, directory: UnitDirectory(versions: []))
        let key = try store.issueKey(for: .commune("03390"), knownUnits: Self.directory).record
        let file = T.csv([T.canonicalHeader, T.row("03390", "2026-10", T.goodFigures)])
        guard case .received(let refused) = try desk.receive(file, fileName: "x.csv", key: key, latestPeriod: Period("2026-10")!) else {
            Issue.record("expected a refusal for want of a register")
            return
        }
        #expect(refused.outcome == .refused)
        #expect(refused.issues.issues.map(\.code) == ["no-register-for-period"])
        let units = Self.directory.versions.flatMap(\.units)
        _ = try store.importRegister(units, inForce: Period("2025-07")!, sourceName: "test", sha256: "r1")
        guard case .received(let receipt) = try desk.receive(file, fileName: "x.csv", key: key, latestPeriod: Period("2026-10")!) else {
            Issue.record("expected the file to be received once the register is imported")
            return
        }
        #expect(receipt.outcome == .accepted)
    }
}
