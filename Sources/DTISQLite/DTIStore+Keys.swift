import DTICore
import Foundation
import GRDB

extension DTIStore {
    /// Issues a new key for `scope` and returns it with the stored record. The key is 256
    /// random bits; only its SHA-256 is stored, so it cannot be shown again.
    public func issueKey(for scope: KeyScope, label: String? = nil, knownUnits: UnitDirectory,
                         at date: Date = Date()) throws -> (key: String, record: UploadKey) {
        guard UploadKey.scope(scope, isKnownIn: knownUnits) else { throw KeyError.unknownUnit(scope) }
        let (key, sha256, prefix) = UploadKey.mint()
        let issuedAt = Timestamp.text(date)
        let id = try queue.write { db in
            try db.execute(sql: """
                INSERT INTO upload_key (sha256, prefix, scope, unit_code, label, issued_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [sha256, prefix, scope.kind, scope.unitCode, label, issuedAt])
            return db.lastInsertedRowID
        }
        return (key, UploadKey(id: id, prefix: prefix, scope: scope, label: label, issuedAt: issuedAt, revokedAt: nil))
    }

    /// Revokes the key with id, prefix or whole key `given` (a whole key is matched by its
    /// hash); returns it. Revoking twice changes nothing.
    @discardableResult
    public func revokeKey(_ given: String, at date: Date = Date()) throws -> UploadKey {
        let revokedAt = Timestamp.text(date)
        let (column, value) = UploadKey.lookup(given)
        return try queue.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM upload_key WHERE \(column) = ?", arguments: [value]),
                  var key = Self.uploadKey(row) else {
                throw KeyError.noSuchKey(given)
            }
            if key.revokedAt == nil {
                try db.execute(sql: "UPDATE upload_key SET revoked_at = ? WHERE id = ?", arguments: [revokedAt, key.id])
                key.revokedAt = revokedAt
            }
            return key
        }
    }

    /// Every key ever issued, oldest first, revoked ones included.
    public func uploadKeys() throws -> [UploadKey] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM upload_key ORDER BY id").compactMap(Self.uploadKey)
        }
    }

    /// The key whose hash matches `key`, revoked or not; nil for a key never issued here.
    public func uploadKey(matching key: String) throws -> UploadKey? {
        try reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM upload_key WHERE sha256 = ?",
                             arguments: [sha256Hex(Array(key.utf8))]).flatMap(Self.uploadKey)
        }
    }

    private static func uploadKey(_ row: Row) -> UploadKey? {
        (try? UploadKeyRecord(row: row))?.uploadKey
    }
}
