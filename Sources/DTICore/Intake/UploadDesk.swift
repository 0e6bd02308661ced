import Foundation
import Synchronization

/// Receives one file sent with an upload key (`dti serve`): the same validation and storage as
/// `dti ingest`, plus the key's scope. Knows nothing of HTTP.
///
/// The registers are read again whenever `dti units import` has changed them, so a file
/// refused because its register was missing loads once the department has imported it,
/// without restarting the server.
public final class UploadDesk: Sendable {
    public let store: any DataStore
    /// The form files are read with (the indicator set's).
    public let form: Form
    private let registers: Mutex<(fingerprint: String, directory: UnitDirectory)>

    public init(store: any DataStore, directory: UnitDirectory, form: Form = .contract,
                refusedBytesPerDay: Int = defaultRefusedBytesPerDay) throws {
        self.store = store
        self.form = form
        self.refusedBytesPerDay = refusedBytesPerDay
        registers = Mutex((try store.registerFingerprint(), directory))
    }

    /// The registers as the database holds them now.
    public var directory: UnitDirectory {
        get throws {
            let fingerprint = try store.registerFingerprint()
            if let known = registers.withLock({ $0.fingerprint == fingerprint ? $0.directory : nil }) { return known }
            let directory = try store.unitDirectory()
            registers.withLock { $0 = (fingerprint, directory) }
            return directory
        }
    }

    public enum Verdict: Sendable {
        /// Stored: accepted, refused with its issues, or the same bytes received before.
        /// The original bytes are kept in every case.
        case received(FileReceipt)
        /// Rows of units the key may not send, in an accepted or a refused file: nothing stored.
        case outsideScope([RowMention])
        /// A refused file over the key's quota of refused bytes a day: nothing stored; the
        /// sender may try again after `retryAfter` seconds.
        case refusedQuotaExceeded(retryAfter: Int)
    }

    /// The distinct bytes of refused files one key may leave in the database in 24 hours, by
    /// default. A commune's month is a few KB; this is dozens of maximum-size mistakes, not a
    /// disk filled.
    public static let defaultRefusedBytesPerDay = 50 << 20
    public let refusedBytesPerDay: Int

    /// A row of a file as a key's scope sees it: where it is and which commune and month it
    /// speaks for.
    public struct RowMention: Sendable, Equatable {
        public var line: Int
        public var communeCode: String
        public var period: Period
    }

    /// True when `key` may send or read commune `communeCode`'s figures for `period`.
    ///
    /// A key stands for a unit as the register in force when it was issued defines it. A
    /// code can mean another place under another register (after the 2025 reform 03390 is
    /// Xã Bình Lư; before it, Thị trấn Tam Đường): a period under another register is
    /// reached only where that register names the same unit — the same commune code, type,
    /// name (spelt either way: Hòa is Hoà) and province for a commune key, the same province
    /// code and name for a province key. So a key issued today does not reach another place's
    /// pre-reform figures.
    public static func admits(_ key: UploadKey, communeCode: String, period: Period, in directory: UnitDirectory,
                              home: RegisterVersion?? = nil) -> Bool {
        guard let version = directory.version(for: period), let unit = version.unit(code: communeCode),
              key.scope.admits(unit) else { return false }
        guard let home = home ?? Self.home(of: key, in: directory) else { return false }
        if home.inForce == version.inForce { return true }
        switch key.scope {
        case .commune(let code):
            return home.unit(code: code)?.isSamePlace(as: unit) ?? false
        case .province(let code):
            return home.units(inProvince: code).first?.provinceName == unit.provinceName
        case .admin:
            return false
        }
    }

    /// The register in force when `key` was issued (the latest one if the key is older than
    /// every register).
    public static func home(of key: UploadKey, in directory: UnitDirectory) -> RegisterVersion? {
        let issued = Timestamp.date(key.issuedAt).map { Period.containing($0) }
        return issued.flatMap(directory.version(for:)) ?? directory.versions.last
    }

    /// Validates `bytes` as a submission file, checks that every row it speaks for belongs to
    /// the key's units, and stores the file (its rows only when accepted). Rows later than
    /// `latestPeriod` are refused, as in `dti ingest`.
    ///
    /// Scope is checked on every row the file names, accepted or refused: a refused file is
    /// kept with the communes it spoke for and shows in their month's state, so a key may
    /// not make it speak for anyone else's. Rows whose commune the register of their month
    /// does not know concern nobody's state and are not recorded as mentions.
    public func receive(_ bytes: [UInt8], fileName: String, key: UploadKey, latestPeriod: Period,
                        at date: Date = Date()) throws -> Verdict {
        let directory = try self.directory
        var validation = FileValidator(context: ValidationContext(directory: directory, latestPeriod: latestPeriod, form: form))
            .validate(bytes, fileName: fileName)
        let home = Self.home(of: key, in: directory)
        let named = validation.isAccepted
            ? validation.rows.map { RowMention(line: $0.line, communeCode: $0.communeCode, period: $0.period) }
            : validation.mentions.map { RowMention(line: $0.line, communeCode: $0.communeCode, period: $0.period) }
                .filter { directory.unit(code: $0.communeCode, for: $0.period) != nil }
        let outside = named.filter { !Self.admits(key, communeCode: $0.communeCode, period: $0.period, in: directory, home: home) }
        guard outside.isEmpty else { return .outsideScope(outside) }
        if !validation.isAccepted {
            validation.mentions = named.map { ($0.line, $0.communeCode, $0.period) }
            let kept = try store.refusedContent(ofKey: key.id, since: date.addingTimeInterval(-86_400))
            if kept[validation.sha256] == nil, kept.values.reduce(bytes.count, +) > refusedBytesPerDay {
                return .refusedQuotaExceeded(retryAfter: 3_600)
            }
        }
        var receipt = try store.record(validation, content: bytes, source: "upload with key \(key.prefix)",
                                       keyID: key.id, at: date)
        receipt.keepFigures(of: validation)
        return .received(receipt)
    }
}
