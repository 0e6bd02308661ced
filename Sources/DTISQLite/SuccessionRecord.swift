import DTICore
import GRDB

/// A row of `succession_source`: one imported succession table, joining an old register to a new one.
struct SuccessionSourceRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "succession_source"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var newInForce: String
    var oldInForce: String
    var sourceName: String
    var sha256: String
    var importedAt: String
    var linkCount: Int
}

/// A row of `succession`: one old commune (wholly or partly) in one new commune.
struct SuccessionRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "succession"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var newInForce: String
    var newCode: String
    var oldCode: String
    var link: String
}
