import Foundation
import Synchronization

/// Receives one file sent with an upload key (`dti serve`): the same validation and storage as
/// `dti ingest`, plus the key's scope. Knows nothing of HTTP.
///
/// The registers are read again whenever `dti units import` has changed them, so a file
/// refused because its register was missing loads once the department has imported it,
/// without restarting the server.
public final class UploadDesk: Sendable {
    public let store: DTIStore
    private let registers: Mutex<(fingerprint: String, directory: UnitDirectory)>

    public init(store: DTIStore, directory: UnitDirectory) throws {
        self.store = store
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
        /// Rows of units the key may not send: nothing stored.
        case outsideScope([SubmissionRow])
    }

    /// Validates `bytes` as a submission file, checks that every row belongs to the key's
    /// units, and stores the file (its rows only when accepted). Rows later than
    /// `latestPeriod` are refused, as in `dti ingest`.
    public func receive(_ bytes: [UInt8], fileName: String, key: UploadKey, latestPeriod: Period,
                        at date: Date = Date()) throws -> Verdict {
        let directory = try self.directory
        let validation = FileValidator(context: ValidationContext(directory: directory, latestPeriod: latestPeriod))
            .validate(bytes, fileName: fileName)
        let outside = validation.rows.filter { row in
            guard let unit = directory.version(for: row.period)?.unit(code: row.communeCode) else { return true }
            return !key.scope.admits(unit)
        }
        guard outside.isEmpty else { return .outsideScope(outside) }
        let receipt = try store.record(validation, content: bytes, source: "upload with key \(key.prefix)",
                                       keyID: key.id, at: date)
        return .received(receipt)
    }
}
