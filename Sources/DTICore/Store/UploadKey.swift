import Foundation

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

    package init?(kind: String, unitCode: String) {
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

    /// The number of characters of a key shown in lists: `dti_` and eight of its random part.
    public static let prefixLength = 12

    /// A new key: `dti_` and 256 random bits in URL-safe Base64, with what a store keeps of
    /// it (its SHA-256 and its prefix; never the key).
    public static func mint() -> (key: String, sha256: String, prefix: String) {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = "dti_" + Data(random).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return (key, sha256Hex(Array(key.utf8)), String(key.prefix(prefixLength)))
    }

    /// How a store finds the key someone names: by id (digits), by its whole value (matched
    /// through its hash) or by its prefix. The column and the value to compare it with.
    public static func lookup(_ given: String) -> (column: String, value: String) {
        Int64(given) != nil ? ("id", given) : given.count > prefixLength ? ("sha256", sha256Hex(Array(given.utf8))) : ("prefix", given)
    }

    /// Whether `scope` names a unit of some register (an administrator key always does).
    public static func scope(_ scope: KeyScope, isKnownIn units: UnitDirectory) -> Bool {
        units.versions.contains { version in
            switch scope {
            case .commune(let code): version.unit(code: code) != nil
            case .province(let code): version.provinceCodes.contains(code)
            case .admin: true
            }
        }
    }

    package init(id: Int64, prefix: String, scope: KeyScope, label: String?, issuedAt: String, revokedAt: String?) {
        self.id = id
        self.prefix = prefix
        self.scope = scope
        self.label = label
        self.issuedAt = issuedAt
        self.revokedAt = revokedAt
    }
}


public enum KeyError: ExitStatusError {
    case unknownUnit(KeyScope)
    case noSuchKey(String)

    public var description: String {
        switch self {
        case .unknownUnit(let scope):
            "no \(scope.kind) with code \(scope.unitCode) in the unit register; `dti units list` shows the codes"
        case .noSuchKey(let given):
            // Never print a full key back (it may be the secret itself, pasted by mistake).
            "no key \(given.count > UploadKey.prefixLength ? String(given.prefix(UploadKey.prefixLength)) + "…" : given); `dti keys list` shows each key's id and prefix"
        }
    }

    public var exitStatus: ExitStatus { .usage }
}

