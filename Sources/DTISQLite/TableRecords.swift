import DTICore
import Foundation
import GRDB

// Record types of the tables, decoded by column name (the hot write path of ingest binds
// through `RawStatement` instead, and `refused_row` is only written there and joined; see
// `SubmissionWriter`). Registers, units, issues and the succession tables have theirs beside
// the code that uses them.

private let snakeCase = (decoding: DatabaseColumnDecodingStrategy.convertFromSnakeCase,
                         encoding: DatabaseColumnEncodingStrategy.convertToSnakeCase)

/// A row of `submission`: one revision of one commune's figures for one month.
struct SubmissionRecord: Sendable, FetchableRecord {
    var period: String
    var communeCode: String
    var revision: Int
    var fileID: Int64
    var line: Int
    var figures: Figures
    var communeName: String?
    var notes: String?

    init(row: Row) {
        period = row["period"]
        communeCode = row["commune_code"]
        revision = row["revision"]
        fileID = row["file_id"]
        line = row["line"]
        figures = Figures(values: Figure.allCases.map { row[$0.rawValue] })
        figures.setExtras(json: row["extra"])
        communeName = row["commune_name"]
        notes = row["notes"]
    }

    /// The revision with the name and hash of the file it came from.
    func stored(fileName: String, fileSHA256: String) -> StoredSubmission {
        StoredSubmission(communeCode: communeCode, period: Period(period)!, revision: revision, figures: figures,
                         communeName: communeName, notes: notes, fileName: fileName, fileSHA256: fileSHA256, line: line)
    }
}

/// A row of `received_file`: one arrival, whatever became of it.
struct ReceivedFileRecord: Codable, Sendable, FetchableRecord {
    static let databaseColumnDecodingStrategy = snakeCase.decoding

    var id: Int64
    var sha256: String
    var name: String
    var source: String
    var receivedAt: String
    var status: String
    var rowCount: Int
    var errorCount: Int
    var warningCount: Int
    var keyID: Int64?
    var storedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, sha256, name, source, receivedAt, status, rowCount, errorCount, warningCount, storedAt
        case keyID = "keyId"
    }

    var isAccepted: Bool { status == "accepted" }
}

/// A row of `upload_key`: the hash and scope of a key, never the key.
struct UploadKeyRecord: Codable, Sendable, FetchableRecord {
    static let databaseColumnDecodingStrategy = snakeCase.decoding

    var id: Int64
    var sha256: String
    var prefix: String
    var scope: String
    var unitCode: String
    var label: String?
    var issuedAt: String
    var revokedAt: String?

    var uploadKey: UploadKey? {
        KeyScope(kind: scope, unitCode: unitCode).map {
            UploadKey(id: id, prefix: prefix, scope: $0, label: label, issuedAt: issuedAt, revokedAt: revokedAt)
        }
    }
}

/// A row of `indicator_set`: a set that scored a report, by the hash of its file.
struct IndicatorSetRecord: Codable, Sendable, FetchableRecord {
    static let databaseColumnDecodingStrategy = snakeCase.decoding

    var sha256: String
    var name: String
    var source: String
    var firstUsedAt: String
    var lastUsedAt: String
}

/// A row of `file_content`: the bytes of every file received, once per hash.
struct FileContentRecord: Codable, Sendable, FetchableRecord {
    var sha256: String
    var content: Data
}
