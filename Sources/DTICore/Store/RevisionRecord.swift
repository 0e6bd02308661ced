import Foundation

/// One stored revision of a commune's figures for a period, with when and from where its
/// file was received.
public struct RevisionRecord: Sendable, Equatable {
    public var submission: StoredSubmission
    public var receivedAt: String
    public var source: String

    package init(submission: StoredSubmission, receivedAt: String, source: String) {
        self.submission = submission
        self.receivedAt = receivedAt
        self.source = source
    }
}


/// A file received through `dti serve`, as its sender may see it.
public struct UploadedFile: Sendable, Equatable {
    public var name: String
    public var sha256: String
    public var receivedAt: String
    public var accepted: Bool
    public var rows: Int
    public var errors: Int
    public var warnings: Int
    public var keyPrefix: String

    public init(name: String, sha256: String, receivedAt: String, accepted: Bool, rows: Int, errors: Int, warnings: Int, keyPrefix: String) {
        self.name = name
        self.sha256 = sha256
        self.receivedAt = receivedAt
        self.accepted = accepted
        self.rows = rows
        self.errors = errors
        self.warnings = warnings
        self.keyPrefix = keyPrefix
    }
}
