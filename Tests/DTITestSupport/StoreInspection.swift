import DTICore
import DTIPostgres
import DTISQLite

/// What tests read of a store that no command needs: every period held, each file's row
/// counts, a file's original bytes, the indicator sets used, the database's own integrity
/// check. Both stores implement it; it is not part of `DataStore`, whose requirements are
/// only what dti itself calls.
package protocol StoreInspection {
    func periodsWithSubmissions() throws -> [Period]
    func fileRowCounts() throws -> [(name: String, accepted: Bool, rows: Int, stored: Int)]
    func originalBytes(sha256: String) throws -> [UInt8]?
    func indicatorSetsUsed() throws -> [(name: String, source: String, sha256: String)]
    func integrityCheck() throws -> String
}

extension DTIStore: StoreInspection {}
extension PostgresStore: StoreInspection {}

/// A store the tests hold as `any DataStore` inspected as what it is.
extension DataStore {
    private var inspection: any StoreInspection {
        guard let store = self as? any StoreInspection else { fatalError("\(type(of: self)) is not inspectable") }
        return store
    }

    package func periodsWithSubmissions() throws -> [Period] { try inspection.periodsWithSubmissions() }
    package func fileRowCounts() throws -> [(name: String, accepted: Bool, rows: Int, stored: Int)] { try inspection.fileRowCounts() }
    package func originalBytes(sha256: String) throws -> [UInt8]? { try inspection.originalBytes(sha256: sha256) }
    package func indicatorSetsUsed() throws -> [(name: String, source: String, sha256: String)] { try inspection.indicatorSetsUsed() }
    package func integrityCheck() throws -> String { try inspection.integrityCheck() }
}
