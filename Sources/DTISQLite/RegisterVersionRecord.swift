import DTICore
import GRDB

/// A row of `register_version`: one imported unit register.
struct RegisterVersionRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "register_version"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var inForce: String
    var sourceName: String
    var sha256: String
    var importedAt: String
    var unitCount: Int
}
