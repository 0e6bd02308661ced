import Foundation

/// Receives one file sent with an upload key (`dti serve`): the same validation and storage as
/// `dti ingest`, plus the key's scope. Knows nothing of HTTP.
public struct UploadDesk: Sendable {
    public let store: DTIStore
    public let directory: UnitDirectory

    public init(store: DTIStore, directory: UnitDirectory) {
        self.store = store
        self.directory = directory
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
