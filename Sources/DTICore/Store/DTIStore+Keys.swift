import Foundation
import GRDB

/// Whose rows an upload key may send: one commune's, or every commune of a province.
public enum KeyScope: Hashable, Sendable {
    case commune(String)
    case province(String)
    /// The department's or ministry's key: reads every province's state of the month, sends
    /// and reads no figures.
    case admin

    public var kind: String {
        switch self {
        case .commune: "commune"
        case .province: "province"
        case .admin: "admin"
        }
    }

    /// The unit's code; empty for an administrator key.
    public var unitCode: String {
        switch self {
        case .commune(let code), .province(let code): code
        case .admin: ""
        }
    }

    init?(kind: String, unitCode: String) {
        switch kind {
        case "commune": self = .commune(unitCode)
        case "province": self = .province(unitCode)
        case "admin": self = .admin
        default: return nil
        }
    }

    /// True when a row of `unit` may be sent with a key of this scope.
    public func admits(_ unit: AdministrativeUnit) -> Bool {
        switch self {
        case .commune(let code): unit.communeCode == code
        case .province(let code): unit.provinceCode == code
        case .admin: false
        }
    }

    /// True when this scope covers everything of commune `code`, whose unit is `unit` (nil
    /// when the register does not know it).
    public func covers(communeCode code: String, unit: AdministrativeUnit?) -> Bool {
        switch self {
        case .commune(let own): own == code
        case .province: unit.map(admits) ?? false
        case .admin: false
        }
    }

    /// Who holds a key of this scope, in words: “xã 03390”, “province 12”.
    public var holder: LocalizedText {
        switch self {
        case .commune(let code): LocalizedText(vi: "xã \(code)", en: "commune \(code)")
        case .province(let code): LocalizedText(vi: "tỉnh \(code)", en: "province \(code)")
        case .admin: LocalizedText(vi: "quản trị (xem tình trạng báo cáo của mọi tỉnh)", en: "an administrator (reads every province's status)")
        }
    }

    /// True when this scope may read the state of the month of province `code`: its own
    /// province's key, or an administrator's.
    public func readsStatus(ofProvince code: String) -> Bool {
        switch self {
        case .commune: false
        case .province(let own): own == code
        case .admin: true
        }
    }
}

/// An upload key as stored: never the key itself, only its hash and first characters.
public struct UploadKey: Sendable, Equatable {
    public var id: Int64
    /// The key's first characters (`dti_` and eight more), printed in lists and logs.
    public var prefix: String
    public var scope: KeyScope
    public var label: String?
    public var issuedAt: String
    public var revokedAt: String?

    public var isRevoked: Bool { revokedAt != nil }
}

extension DTIStore {
    public enum KeyError: ExitStatusError {
        case unknownUnit(KeyScope)
        case noSuchKey(String)

        public var description: String {
            switch self {
            case .unknownUnit(let scope):
                "no \(scope.kind) with code \(scope.unitCode) in the unit register; `dti units list` shows the codes"
            case .noSuchKey(let given):
                // Never print a full key back (it may be the secret itself, pasted by mistake).
                "no key \(given.count > DTIStore.keyPrefixLength ? String(given.prefix(DTIStore.keyPrefixLength)) + "…" : given); `dti keys list` shows each key's id and prefix"
            }
        }

        public var exitStatus: ExitStatus { .usage }
    }

    /// The number of characters of a key shown in lists: `dti_` and eight of its random part.
    static let keyPrefixLength = 12

    /// Issues a new key for `scope` and returns it with the stored record. The key is 256
    /// random bits; only its SHA-256 is stored, so it cannot be shown again.
    public func issueKey(for scope: KeyScope, label: String? = nil, knownUnits: UnitDirectory,
                         at date: Date = Date()) throws -> (key: String, record: UploadKey) {
        let known = knownUnits.versions.contains { version in
            switch scope {
            case .commune(let code): version.unit(code: code) != nil
            case .province(let code): version.provinceCodes.contains(code)
            case .admin: true
            }
        }
        guard known else { throw KeyError.unknownUnit(scope) }
        var generator = SystemRandomNumberGenerator()
        let random = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = "dti_" + Data(random).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let issuedAt = ISO8601DateFormatter().string(from: date)
        let prefix = String(key.prefix(Self.keyPrefixLength))
        let id = try queue.write { db in
            try db.execute(sql: """
                INSERT INTO upload_key (sha256, prefix, scope, unit_code, label, issued_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [sha256Hex(Array(key.utf8)), prefix, scope.kind, scope.unitCode, label, issuedAt])
            return db.lastInsertedRowID
        }
        return (key, UploadKey(id: id, prefix: prefix, scope: scope, label: label, issuedAt: issuedAt, revokedAt: nil))
    }

    /// Revokes the key with id, prefix or whole key `given` (a whole key is matched by its
    /// hash); returns it. Revoking twice changes nothing.
    @discardableResult
    public func revokeKey(_ given: String, at date: Date = Date()) throws -> UploadKey {
        let revokedAt = ISO8601DateFormatter().string(from: date)
        let (column, value): (String, String) = Int64(given) != nil ? ("id", given)
            : given.count > Self.keyPrefixLength ? ("sha256", sha256Hex(Array(given.utf8))) : ("prefix", given)
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
        guard let scope = KeyScope(kind: row["scope"], unitCode: row["unit_code"]) else { return nil }
        return UploadKey(id: row["id"], prefix: row["prefix"], scope: scope, label: row["label"],
                         issuedAt: row["issued_at"], revokedAt: row["revoked_at"])
    }
}
