import Foundation

/// A commune's officer whom reminders reach (`dti contacts import`, `dti remind --send`).
///
/// A contact stands for the commune as the register in force at its import names it — code,
/// type, name and province — and reaches a month under another register only where that one
/// names the same place, as an upload key does: after the 2025 reform 03390 is Xã Bình Lư, and
/// the officer of Thị trấn Tam Đường imported before it is not Bình Lư's.
///
/// Phones and addresses are the officers' own: `dti contacts list` shows them to the
/// department; no report, receipt, log line or reminder output ever does.
public struct Contact: Sendable, Equatable {
    public var communeCode: String
    public var communeType: String
    public var communeName: String
    public var provinceCode: String
    public var name: String
    public var position: String?
    /// Ten or eleven digits from a leading 0 (`0912345678`), however the file wrote it.
    public var phone: String?
    public var email: String?
    /// A Zalo display name or number, as written.
    public var zalo: String?
    /// The file it came from, and when.
    public var source: String
    public var importedAt: Date

    public init(unit: AdministrativeUnit, name: String, position: String? = nil, phone: String? = nil,
                email: String? = nil, zalo: String? = nil, source: String, importedAt: Date) {
        self.init(communeCode: unit.communeCode, communeType: unit.communeType, communeName: unit.communeName,
                  provinceCode: unit.provinceCode, name: name, position: position, phone: phone, email: email,
                  zalo: zalo, source: source, importedAt: importedAt)
    }

    package init(communeCode: String, communeType: String, communeName: String, provinceCode: String, name: String,
                 position: String?, phone: String?, email: String?, zalo: String?, source: String, importedAt: Date) {
        self.communeCode = communeCode
        self.communeType = communeType
        self.communeName = communeName
        self.provinceCode = provinceCode
        self.name = name
        self.position = position
        self.phone = phone
        self.email = email
        self.zalo = zalo
        self.source = source
        self.importedAt = importedAt
    }

    /// True when `unit` (of some month's register) is the place this contact was imported for.
    public func reaches(_ unit: AdministrativeUnit) -> Bool {
        AdministrativeUnit(provinceCode: provinceCode, provinceName: unit.provinceName, communeCode: communeCode,
                           communeName: communeName, communeType: communeType).isSamePlace(as: unit)
    }
}

/// What importing a contacts file did: the communes it named had their contacts replaced.
public struct ContactImport: Sendable, Equatable {
    public var communes: Int
    public var contacts: Int
    /// Contacts the file's communes had before, now gone.
    public var replaced: Int

    public init(communes: Int, contacts: Int, replaced: Int) {
        self.communes = communes
        self.contacts = contacts
        self.replaced = replaced
    }
}

/// One reminder handed to the system's mail (`dti remind --send`), as the store keeps it: for
/// which commune, month and stage, when, to how many addresses (never the addresses), and
/// what the mail program answered. A `sent` one is not sent again for the same commune,
/// month and stage unless asked (`--resend`); a `failed` one is tried again on the next run.
public struct ReminderMailRecord: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case sent, failed
    }

    public var period: Period
    public var communeCode: String
    public var stage: String
    public var at: Date
    public var recipients: Int
    public var outcome: Outcome
    /// The mail program's exit status and first words of its complaint, for a failure.
    public var detail: String?

    public init(period: Period, communeCode: String, stage: String, at: Date, recipients: Int, outcome: Outcome,
                detail: String? = nil) {
        self.period = period
        self.communeCode = communeCode
        self.stage = stage
        self.at = at
        self.recipients = recipients
        self.outcome = outcome
        self.detail = detail
    }
}
