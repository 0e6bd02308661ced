import Foundation
import GRDB

/// A row of `received_file`: one file as received, accepted or refused, with its bytes.
struct ReceivedFileRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "received_file"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var sha256: String
    var name: String
    var source: String
    var receivedAt: String
    var status: String
    var rowCount: Int
    var errorCount: Int
    var warningCount: Int
    var content: Data

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
