import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

struct SchemaVersionTests {
    /// A database a newer dti has migrated is refused (exit 78), not migrated down, and left as it was.
    @Test func aDatabaseFromANewerDTIIsRefusedUntouched() throws {
        let path = TestData.temporaryFolder().appendingPathComponent("dti.sqlite").path
        let store = try DTIStore(path: path, create: true)
        // Fold the WAL into the file, so “before” is the whole database.
        try store.writeAndClose("INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-a-newer-dti')")
        let before = FileManager.default.contents(atPath: path)

        #expect {
            _ = try DTIStore(path: path, create: false)
        } throws: { error in
            guard let error = error as? DTIStore.OpenError, case .newerSchema(_, let unknown) = error else { return false }
            return unknown == ["v99-from-a-newer-dti"] && error.exitStatus == .configuration
                && error.description.contains("upgrade dti")
        }
        #expect(FileManager.default.contents(atPath: path) == before)
    }

    @Test func aMissingDatabaseIsNotCreatedByReading() {
        let path = TestData.temporaryFolder().appendingPathComponent("absent.sqlite").path
        #expect(throws: DTIStore.OpenError.self) { _ = try DTIStore(path: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
